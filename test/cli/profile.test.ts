import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWatchlist } from '#core/watchlists/index.ts';
import { generateManifest } from '#generator/index.ts';
import type { ContainerAssessment, ProfilingSummary } from '#schemas/assessment.ts';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures/profiling');
const watchlist = join(fixtures, 'pcu-watchlist.csv');
const planted = join(fixtures, 'planted-hits.manifest.json');

function pcu(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/pcu.js'), 'profile', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
interface JsonOutput {
  summary: ProfilingSummary;
  assessments: ContainerAssessment[];
  report: { status: string };
}

describe('pcu profile', () => {
  it('prints the flagged containers with lane, score, B/L and reasons, then a summary', () => {
    const r = pcu(planted, '--watchlist', watchlist);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^LANE\s+SCORE\s+CONTAINER\s+B\/L\s+TOP REASONS$/);
    expect(lines[1]).toMatch(
      /^RED\s+120\s+TGHU8837217\s+MEDUNB812346\s+WL-PARTY-CORROBORATED: consignee ~ BANCO NACIONAL DE CUBA \(pcu-watchlist 306, 1\.00\); WL-PARTY-STRONG/,
    );
    expect(lines[2]).toMatch(
      /^YELLOW\s+80\s+SEGU1908775\s+MEDUIN771002\s+PRECURSOR-RED-LIST: .*CONTAINER-CHECK-DIGIT: SEGU1908775: check digit should be 4/,
    );
    // flagged by score alone (five weak route/party/equipment indicators add up to 100)
    expect(r.stdout).toMatch(
      /\nGREEN\*\s+100\s+MEDU4120938 .*COVER-LOAD-FROM-SOURCE: ECGYE: listed country EC/,
    );
    expect(r.stdout).toMatch(/\* flagged by score: reached the port threshold \(65\)/);
    expect(r.stdout).toMatch(/8 containers profiled with profiles 2026\.11-default-5 at NLRTM/);
    expect(r.stdout).toMatch(
      /coverage: 8 containers declared, 8 assessed; 0 B\/Ls without container assessed; 0 records set aside/,
    );
    expect(r.stdout).toMatch(/flagged 3 \(37\.5%\): red 1, yellow 1, by score only 1/);
    expect(r.stdout).toMatch(/validation: accepted, 0 records kept with errors, 0 set aside/);
    expect(r.stdout).toMatch(/time: parse \+ validate \d+ ms, profile \d+ ms/);
  });

  it('a row with a malformed HS code and an impossible weight is profiled, both errors reported (issue 10)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcu-profile-'));
    const file = join(dir, 'two-containers.csv');
    writeFileSync(
      file,
      [
        'vessel_name,voyage_number,reporting_port,bl_number,container_number,description,hs_code,gross_weight_kg',
        'MSC ANNA,FA123W,NLRTM,MEDU1,MSKU7351770,PLASTIC TOYS,950300,8000',
        'MSC ANNA,FA123W,NLRTM,MEDU3,TGHU1234567,COCAINE,1234567890123,99999999',
      ].join('\n'),
    );
    const text = pcu(file, '--watchlist', watchlist);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/2 containers profiled/);
    expect(text.stdout).toMatch(/coverage: 2 containers declared, 2 assessed/);
    expect(text.stdout).toMatch(
      /validation: accepted-with-errors, 1 records kept with errors, 0 set aside, 2 errors/,
    );
    expect(text.stdout).toMatch(/\nRED|\nYELLOW|\nGREEN\*|\nBLUE\*/);

    const out = JSON.parse(pcu(file, '--watchlist', watchlist, '--json').stdout) as JsonOutput & {
      report: { issues: { code: string; location: { field?: string }; rejected: boolean }[] };
    };
    expect(out.assessments.map((a) => a.containerNumber)).toEqual(['MSKU7351770', 'TGHU1234567']);
    expect(out.report.issues.map((i) => [i.code, i.location.field, i.rejected])).toEqual([
      ['HS_FORMAT', 'hs_code', false],
      ['WEIGHT_IMPOSSIBLE', 'gross_weight_kg', false],
    ]);
    const bad = out.assessments[1] as ContainerAssessment;
    expect(bad.flagged).toBe(true);
    const evidence = bad.hits.flatMap((h) => h.evidence.map((e) => ({ rule: h.ruleId, ...e })));
    expect(evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'DQ-HS-INVALID',
          field: 'goods.hsCode',
          value: '1234567890123',
          detail: expect.stringContaining('HS_FORMAT'),
        }),
        expect.objectContaining({
          rule: 'DQ-WEIGHT-IMPOSSIBLE',
          field: 'goods.grossWeightKg',
          value: '99999999',
          detail: expect.stringContaining('WEIGHT_IMPOSSIBLE'),
        }),
      ]),
    );
  });

  it('--json prints the report, the summary and every assessment with evidence', () => {
    const r = pcu(planted, '--watchlist', watchlist, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOutput;
    expect(out.report.status).toBe('accepted');
    expect(out.assessments).toHaveLength(8);
    expect(out.summary).toMatchObject({ containers: 8, flagged: 3 });
    const overweight = out.assessments.find((a) => a.containerNumber === 'MSDU7300118');
    expect(overweight?.hits[0]).toMatchObject({
      ruleId: 'WEIGHT-IMPLAUSIBLE',
      evidence: [{ detail: 'VGM 38700 kg above max gross 36000 kg for 22G1' }],
    });
    const bank = out.assessments.find((a) => a.containerNumber === 'TGHU8837217');
    expect(bank?.hits[0]?.evidence[0]?.watchlist).toMatchObject({
      entityId: '306',
      list: 'pcu-watchlist',
      score: 1,
    });
  });

  it('finds and explains the hits planted in a generated manifest', () => {
    const entries = loadWatchlist(watchlist);
    const { manifest, truth } = generateManifest({ containers: 400, seed: 11, plant: { count: 5, entries } });
    const dir = mkdtempSync(join(tmpdir(), 'pcu-profile-'));
    const file = join(dir, 'generated.json');
    writeFileSync(file, JSON.stringify(manifest));
    const r = pcu(file, '--watchlist', watchlist, '--json');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as JsonOutput;
    expect(out.summary.containers).toBe(400);
    const byNumber = new Map(out.assessments.map((a) => [a.containerNumber, a]));
    expect(truth).toHaveLength(5);
    for (const t of truth ?? []) {
      if (t.role === 'vessel') {
        // a listed vessel shows on every container, without flagging the whole call
        expect(out.assessments.every((a) => a.hits.some((h) => h.ruleId === 'WL-VESSEL'))).toBe(true);
        continue;
      }
      // Two typos in a two-word name can fall below the screening threshold: that is the
      // matcher's recall (measured in bench/screening.bench.ts), not the profiler's job.
      if (t.variant === 'misspelling') continue;
      const hits = t.containers.flatMap((n) => byNumber.get(n)?.hits ?? []);
      const explained = hits.find((h) => h.evidence.some((e) => e.watchlist?.entityId === t.entryId));
      expect(explained, `${t.role} ${t.plantedValue}`).toBeDefined();
      expect(t.containers.some((n) => byNumber.get(n)?.flagged)).toBe(true);
    }
    // realistic background: only a few percent flagged
    expect(out.summary.flagged / out.summary.containers).toBeLessThan(0.15);
  });

  it('an invalid rules file gives exit 2 and names the rule, field and line, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcu-profile-'));
    const rules = join(dir, 'rules.yaml');
    writeFileSync(
      rules,
      'version: "1"\nrules:\n  - id: PREC-9\n    description: precursors\n    when: { field: goods.hs, prefix: "2939" }\n    outcome: { weight: 40 }\n',
    );
    const r = pcu(planted, '--watchlist', watchlist, '--profiles', rules);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /rules\.yaml, line 5, rule "PREC-9", field when\.field: unknown field path "goods\.hs"/,
    );
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('an unreadable watchlist or manifest gives exit 2 with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcu-profile-'));
    const badList = join(dir, 'list.csv');
    writeFileSync(badList, 'name,reason\nACME,x\n');
    const r = pcu(planted, '--watchlist', badList);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pcu: watchlist: .*list\.csv.*id,type,name/);
    const missing = pcu(join(dir, 'nope.json'), '--watchlist', watchlist);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: no such file/);
  });

  it('--locations: a train through Altynkol (not in UN/LOCODE) is profiled, its border station valid', () => {
    const { manifest } = generateManifest({ containers: 6, seed: 12 });
    const rail = {
      ...manifest,
      voyage: { ...manifest.voyage, mode: 'rail', trainNumber: 'X8024', borderStation: 'KZAKL' },
    };
    const path = join(mkdtempSync(join(tmpdir(), 'pcu-profile-rail-')), 'rail.json');
    writeFileSync(path, JSON.stringify(rail));
    const stationIssues = (r: ReturnType<typeof pcu>) =>
      (
        JSON.parse(r.stdout) as { report: { issues: { code: string; location: { field?: string } }[] } }
      ).report.issues
        .filter((i) => i.location.field === 'borderStation')
        .map((i) => i.code);
    const without = pcu(path, '--json');
    expect(without.code).toBe(0);
    expect(stationIssues(without)).toEqual(['LOCODE_UNKNOWN']);
    const withFile = pcu(path, '--json', '--locations', 'data/locations/central-asia.csv');
    expect(withFile.stderr).toBe('');
    expect(withFile.code).toBe(0);
    expect(stationIssues(withFile)).toEqual([]);
    expect((JSON.parse(withFile.stdout) as JsonOutput).assessments).toHaveLength(6);
  });
});
