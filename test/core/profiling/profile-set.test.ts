import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  compileProfiles,
  defaultProfilePath,
  defaultProfileSet,
  loadProfileSet,
  ProfileError,
  parseProfileSet,
  validateProfileSet,
} from '#core/profiling/index.ts';
import { ProfileSet, riskProfileJsonSchema } from '#schemas/risk-profile.ts';
import { unitOf } from './units.ts';

const rule = (body: string) => `version: "t1"\nrules:\n${body}`;
function errorOf(text: string): ProfileError {
  try {
    parseProfileSet(text, 'rules.yaml');
  } catch (err) {
    if (err instanceof ProfileError) return err;
    throw err;
  }
  throw new Error('expected a ProfileError');
}

describe('loading a rules file', () => {
  it('reads YAML with comments and defaults', () => {
    const set = parseProfileSet(
      rule(`  # precursors shipped to us
  - id: PREC-1
    description: Acetic anhydride
    when: { field: goods.hsCode, prefix: "2915.24" }
    outcome: { weight: 40, lane: yellow }
`),
    );
    expect(set.rules[0]).toMatchObject({ id: 'PREC-1', enabled: true, ports: [] });
    expect(set.defaultThreshold).toBe(50);
    expect(set.randomSelection.rate).toBe(0);
  });

  it('reads JSON too', () => {
    const set = parseProfileSet(
      JSON.stringify({
        version: 7,
        rules: [{ id: 'SOC', description: 'SOC', when: { shipperOwned: true }, outcome: { weight: 5 } }],
      }),
    );
    expect(set.version).toBe('7');
  });

  it.each([
    [
      'an unknown field path',
      `  - id: HS-1\n    description: x\n    when: { field: goods.hscode, prefix: "29" }\n    outcome: { weight: 1 }\n`,
      { ruleId: 'HS-1', field: 'when.field', line: 5 },
      /unknown field path "goods.hscode"/,
    ],
    [
      'a misspelt operator inside all',
      `  - id: HS-2\n    description: x\n    when:\n      all:\n        - { field: goods.hsCode, prefix: "29" }\n        - { field: goods.description, regexp: "FAK" }\n    outcome: { weight: 1 }\n`,
      { ruleId: 'HS-2', field: 'when.all[1]', line: 8 },
      /unknown key "regexp"; a field condition needs one operator/,
    ],
    [
      'a broken regex',
      `  - id: RX\n    description: x\n    when: { field: goods.description, regex: "(FAK" }\n    outcome: { weight: 1 }\n`,
      { ruleId: 'RX', field: 'when.regex', line: 5 },
      /invalid regular expression/,
    ],
    [
      'two operators in one condition',
      `  - id: TWO\n    description: x\n    when: { field: goods.hsCode, prefix: "29", equals: "290000" }\n    outcome: { weight: 1 }\n`,
      { ruleId: 'TWO', field: 'when' },
      /one operator per condition/,
    ],
    [
      'a bad lane',
      `  - id: LANE\n    description: x\n    when: { shipperOwned: true }\n    outcome: { weight: 1, lane: orange }\n`,
      { ruleId: 'LANE', field: 'outcome.lane', line: 6 },
      /expected one of "red"\|"yellow"\|"blue"\|"green"/,
    ],
    [
      'an unknown indicator option',
      `  - id: WL\n    description: x\n    when: { not: { watchlistParty: { role: shipper, min: 0.9 } } }\n    outcome: { weight: 1 }\n`,
      { ruleId: 'WL', field: 'when.not.watchlistParty' },
      /unknown key "min"/,
    ],
    [
      'a range on a text field',
      `  - id: RG\n    description: x\n    when: { field: shipper.name, range: { min: 1 } }\n    outcome: { weight: 1 }\n`,
      { ruleId: 'RG', field: 'when.range' },
      /range needs a numeric field/,
    ],
    [
      'validity dates the wrong way round',
      `  - id: DT\n    description: x\n    validFrom: 2026-12-01\n    validTo: 2026-01-01\n    when: { shipperOwned: true }\n    outcome: { weight: 1 }\n`,
      { ruleId: 'DT', field: 'validFrom', line: 5 },
      /validFrom 2026-12-01 is after validTo 2026-01-01/,
    ],
    [
      'a duplicate rule id',
      `  - id: D\n    description: x\n    when: { shipperOwned: true }\n    outcome: { weight: 1 }\n  - id: D\n    description: y\n    when: { invalidCheckDigit: true }\n    outcome: { weight: 1 }\n`,
      { ruleId: 'D', field: 'id', line: 7 },
      /duplicate rule id/,
    ],
  ])('names the rule id and the field for %s', (_, body, where, message) => {
    const err = errorOf(rule(body));
    expect(err.where).toMatchObject({ file: 'rules.yaml', ...where });
    expect(err.message).toMatch(message);
    expect(err.message).toContain(`rule "${where.ruleId}"`);
  });

  it('settings errors name the setting', () => {
    expect(errorOf('rules: []\n').message).toBe('rules.yaml, line 1, field version: is required');
    expect(errorOf('version: x\nports:\n  Rotterdam: { threshold: 5 }\nrules: []\n').message).toBe(
      'rules.yaml, line 3, field ports.Rotterdam: "Rotterdam" is not a UN/LOCODE: port settings are keyed by codes such as NLRTM',
    );
    expect(
      errorOf(rule('  - id: A\n    when: { shipperOwned: true }\n    outcome: { weight: 1 }\n')).message,
    ).toBe('rules.yaml, line 3, rule "A", field description: is required');
  });

  it('a rule without an id is named by its position', () => {
    const err = errorOf(
      rule('  - description: x\n    when: { shipperOwned: true }\n    outcome: { weight: 1 }\n'),
    );
    expect(err.message).toMatch(/rules.yaml, line 3, rule #1, field id: /);
  });

  it('YAML syntax errors give the line', () => {
    const err = errorOf('version: x\nrules:\n  - id: A\n   description: x\n');
    expect(err.where.line).toBe(4);
    expect(err.message).toMatch(/^rules.yaml, line 4: not valid YAML/);
  });

  it('validates an in-memory profile set (e.g. from the API) with the same messages', () => {
    const raw = {
      version: 'api-1',
      rules: [
        { id: 'X1', description: 'x', when: { field: 'goods.hsCode', prefx: '29' }, outcome: { weight: 1 } },
      ],
    };
    expect(() => validateProfileSet(raw, 'request body')).toThrow(
      /^request body, rule "X1", field when: unknown key "prefx"; a field condition needs one operator/,
    );
  });

  it('an unreadable file is a ProfileError naming the file', () => {
    expect(() => loadProfileSet('/nonexistent/rules.yaml')).toThrow(
      /\/nonexistent\/rules.yaml: cannot be read \(ENOENT\)/,
    );
  });
});

describe('the bundled default profile set', () => {
  it('loads, compiles and documents every rule with a comment', () => {
    const set = defaultProfileSet();
    expect(set.rules.length).toBeGreaterThanOrEqual(15);
    expect(set.randomSelection.rate).toBeCloseTo(0.005);
    expect(() => compileProfiles(set)).not.toThrow();
    // Every rule is preceded by a rationale comment.
    const text = readFileSync(defaultProfilePath(), 'utf8');
    for (const r of set.rules) expect(text).toMatch(new RegExp(`#[^\\n]*\\n\\s*- id: ${r.id}\\n`));
  });

  it('a plain furniture container passes green', () => {
    const a = compileProfiles(defaultProfileSet()).assess(unitOf({ container: { number: 'MSCU1234566' } }));
    expect(a.hits.filter((h) => h.ruleId !== 'RANDOM')).toEqual([]);
  });
});

describe('published JSON Schema', () => {
  // That schemas/json/risk-profile.schema.json is up to date: test/docs/generated-files.test.ts.
  it('describes the default profile set (the YAML validates against its own schema structure)', () => {
    const schema = riskProfileJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'rules']));
    const raw = parseYaml(readFileSync(defaultProfilePath(), 'utf8')) as Record<string, unknown>;
    for (const key of Object.keys(raw)) expect(schema.properties).toHaveProperty(key);
    expect(ProfileSet.safeParse(raw).success).toBe(true);
  });
});

describe('loadProfileSet from disk', () => {
  it('reads a file an analyst saved', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcu-profiles-'));
    const path = join(dir, 'port.yaml');
    writeFileSync(
      path,
      rule(
        '  - id: SOC\n    description: SOC\n    when: { shipperOwned: true }\n    outcome: { weight: 5 }\n',
      ),
    );
    expect(loadProfileSet(path).rules[0]?.id).toBe('SOC');
  });
});
