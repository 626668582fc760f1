import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateManifest } from '#generator/index.ts';
import { Manifest } from '#schemas/manifest.ts';

const dir = mkdtempSync(join(tmpdir(), 'pcu-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pcu(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/pcu.js', ...args], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
    });
  });
}

// Each case spawns the real CLI (tsx start-up is seconds on a busy machine): few spawns, run in parallel.
describe('pcu generate', { timeout: 90_000 }, () => {
  it('prints a JSON manifest on stdout by default, the same as the library for the same seed', async () => {
    const { code, stdout, stderr } = await pcu('generate', '--containers', '60', '--seed', '42');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const parsed = Manifest.parse(JSON.parse(stdout));
    expect(parsed.containers).toHaveLength(60);
    expect(parsed).toEqual(generateManifest({ containers: 60, seed: '42' }).manifest);
  });

  it('writes CSV and CUSCAR files (format from --format or the extension) that pcu validate accepts', async () => {
    const csv = join(dir, 'call.csv');
    const edi = join(dir, 'call.txt');
    const written = await Promise.all([
      pcu('generate', '--containers', '200', '--seed', '7', '--out', csv),
      pcu(
        'generate',
        '--containers',
        '200',
        '--seed',
        '7',
        '--format',
        'cuscar',
        '--reporting-port',
        'kemba',
        '--out',
        edi,
      ),
    ]);
    expect(written.map((r) => r.code)).toEqual([0, 0]);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toMatch(/^vessel_name,/);
    const text = readFileSync(edi, 'utf8');
    expect(text).toMatch(/^UNA:\+\.\? '/);
    expect(text).toContain('LOC+11+KEMBA:139:6');
    const validated = await Promise.all([csv, edi].map((file) => pcu('validate', file, '--json')));
    for (const v of validated) {
      expect(v.code, v.stdout.slice(0, 500)).toBe(0);
      expect(JSON.parse(v.stdout).counts.containers).toBe(200);
    }
  });

  it('plants watchlist entries and writes the ground truth next to the output', async () => {
    const watchlist = join(dir, 'pcu-list.csv');
    writeFileSync(
      watchlist,
      'id,type,name,country\n' +
        'W1,organization,GOLDEN CRESCENT TRADING FZE,United Arab Emirates\n' +
        'W2,person,"MORALES, Diego Armando",Colombia\n' +
        'W3,organization,OOO SEVERNY VETER,Russia\n',
    );
    const out = join(dir, 'planted.json');
    const r = await pcu(
      'generate',
      '--containers',
      '150',
      '--seed',
      'p',
      '--plant',
      '3',
      '--watchlist',
      watchlist,
      '--out',
      out,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const truth = JSON.parse(readFileSync(`${out}.truth.json`, 'utf8'));
    expect(truth.manifest).toBe('planted.json');
    expect(truth.planted.map((t: { entryId: string }) => t.entryId).sort()).toEqual(['W1', 'W2', 'W3']);
    const manifest = readFileSync(out, 'utf8');
    for (const t of truth.planted) expect(manifest).toContain(JSON.stringify(t.plantedValue));
  });

  it('plants hits in a rail and an air manifest that pcu profile finds and explains', async () => {
    const watchlist = join(dir, 'central-asia-list.csv');
    writeFileSync(
      watchlist,
      'id,type,name,country\n' +
        'R1,organization,GOLDEN CRESCENT TRADING FZE,United Arab Emirates\n' +
        'R2,organization,OOO SEVERNY VETER,Russia\n' +
        'R3,person,"KARIMOV, Rustam",Uzbekistan\n',
    );
    const cases = [
      { mode: 'rail', out: join(dir, 'train.csv') },
      { mode: 'air', out: join(dir, 'flight.json') },
    ];
    const generated = await Promise.all(
      cases.map(({ mode, out }) =>
        pcu(
          'generate',
          '--mode',
          mode,
          '--containers',
          '30',
          '--seed',
          'ca',
          '--plant',
          '3',
          '--watchlist',
          watchlist,
          '--out',
          out,
        ),
      ),
    );
    expect(generated.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    const profiled = await Promise.all(
      cases.map(({ out }) => pcu('profile', out, '--watchlist', watchlist, '--json')),
    );
    for (const [i, { mode, out }] of cases.entries()) {
      const truth = JSON.parse(readFileSync(`${out}.truth.json`, 'utf8'));
      expect(truth.mode).toBe(mode);
      expect(truth.planted).toHaveLength(3);
      const result = JSON.parse((profiled[i] as Awaited<ReturnType<typeof pcu>>).stdout) as {
        assessments: {
          containerNumber: string;
          flagged: boolean;
          hits: { evidence: { watchlist?: { entityId: string } }[] }[];
        }[];
      };
      const byNumber = new Map(result.assessments.map((a) => [a.containerNumber, a]));
      let checked = 0;
      for (const t of truth.planted as {
        entryId: string;
        variant: string;
        role: string;
        containers: string[];
      }[]) {
        // Two typos in a short name can fall below the screening threshold (the matcher's recall).
        if (t.variant === 'misspelling') continue;
        checked++;
        const units = t.containers.map((n) => byNumber.get(n));
        const explained = units.some((u) =>
          u?.hits.some((h) => h.evidence.some((e) => e.watchlist?.entityId === t.entryId)),
        );
        expect(explained, `${mode}: ${t.role} ${t.entryId}`).toBe(true);
        expect(units.some((u) => u?.flagged)).toBe(true);
      }
      expect(checked, `${mode}: planted hits checked`).toBeGreaterThan(0);
    }
  });

  it('explains a user mistake in one line, without a stack trace, and exits 2', async () => {
    const cases: [string[], RegExp][] = [
      [['generate', '--containers', 'many'], /--containers needs a whole number/],
      [
        [
          'generate',
          '--containers',
          '5',
          '--plant',
          '2',
          '--watchlist',
          join(dir, 'nope.csv'),
          '--out',
          join(dir, 'x.json'),
        ],
        /nope\.csv/,
      ],
      [['generate', '--containers', '5', '--out', join(dir, 'no-such-dir', 'x.json')], /cannot be written/],
      [['generate', '--mode', 'road', '--containers', '5'], /one truck/],
      [['generate', '--mode', 'air', '--containers', '5', '--format', 'cuscar'], /sea manifests only/],
    ];
    const results = await Promise.all(cases.map(([args]) => pcu(...args)));
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i] as Awaited<ReturnType<typeof pcu>>;
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
