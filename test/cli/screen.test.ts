import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const pcu = join(root, 'bin/pcu.js');
const dir = mkdtempSync(join(tmpdir(), 'pcu-screen-'));
const localList = join(dir, 'port-list.csv');
writeFileSync(
  localList,
  [
    'id,type,name,country',
    'P1,person,Ivan PETROV,RU',
    'P1,person,"PETROV, Ivan Sergeyevich",',
    'C1,organization,Blue Ocean Trading LLC,AE',
    'C2,organization,Blue Ocean Shipping Co. Ltd,CN',
  ].join('\n'),
);
const evilXml = join(dir, 'evil.xml');
writeFileSync(
  evilXml,
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><CONSOLIDATED_LIST>&xxe;</CONSOLIDATED_LIST>',
);
const deepXml = join(dir, 'deep.xml');
writeFileSync(
  deepXml,
  `<CONSOLIDATED_LIST>${'<a>'.repeat(1_000_000)}${'</a>'.repeat(1_000_000)}</CONSOLIDATED_LIST>`,
);
const badList = join(dir, 'bad.csv');
writeFileSync(badList, 'id,type,name\nX1,pirate,Captain Hook\n');

function screen(args: string[], input: string) {
  return spawnSync(process.execPath, [pcu, 'screen', ...args], { cwd: root, input, encoding: 'utf8' });
}

describe('pcu screen', () => {
  it('writes one JSON line per input line, in order, empty lines included', () => {
    const r = screen(['--watchlist', localList], 'Petrov Ivan\n\nNobody Known\nBLUE OCEAN TRADING L.L.C.\n');
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.query)).toEqual([
      'Petrov Ivan',
      '',
      'Nobody Known',
      'BLUE OCEAN TRADING L.L.C.',
    ]);
    expect(lines[0].matches[0]).toEqual({
      entityId: 'P1',
      list: 'port-list',
      name: 'Ivan PETROV',
      matchedName: 'Ivan PETROV',
      score: 1,
    });
    expect(lines[1].matches).toEqual([]);
    expect(lines[2].matches).toEqual([]);
    expect(lines[3].matches[0].entityId).toBe('C1');
  });

  it('honours --top and --min-score', () => {
    const all = screen(['--watchlist', localList, '--min-score', '0.3', '--top', '5'], 'Blue Star\n');
    const matches = JSON.parse(all.stdout).matches as { score: number }[];
    expect(matches.length).toBe(2);
    expect(matches[0]!.score).toBeGreaterThanOrEqual(matches[1]!.score);
    const one = screen(['--watchlist', localList, '--min-score', '0.3', '--top', '1'], 'Blue Star\n');
    expect(JSON.parse(one.stdout).matches).toHaveLength(1);
    const strict = screen(['--watchlist', localList], 'Blue Star\n');
    expect(JSON.parse(strict.stdout).matches).toEqual([]);
  });

  it('flushes each answer before the next name arrives', async () => {
    const child = spawn(process.execPath, [pcu, 'screen', '--watchlist', localList], { cwd: root });
    const out = createInterface({ input: child.stdout });
    const answers: string[] = [];
    const next = () => new Promise<string>((resolve) => out.once('line', resolve));
    for (const name of ['Ivan Petrov', 'Blue Ocean Shipping Co Ltd']) {
      const answer = next();
      child.stdin.write(`${name}\n`);
      answers.push(JSON.parse(await answer).query);
    }
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
    expect(answers).toEqual(['Ivan Petrov', 'Blue Ocean Shipping Co Ltd']);
  });

  it('screens against the bundled OFAC and UN lists by default', () => {
    const r = screen([], 'BANCO NACIONAL DE CUBA\nصدام حسين التكريتي\n');
    const [bank, saddam] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(bank.matches[0]).toMatchObject({ entityId: '306', list: 'OFAC-SDN' });
    expect(saddam.matches[0]).toMatchObject({ entityId: 'IQi.001', list: 'UN-SC' });
  });

  it('exits 2 with the file and line, no stack trace, for a bad watchlist or option', () => {
    const bad = screen(['--watchlist', badList], 'x\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.csv, line 2: entry X1: type "pirate"/);
    expect(bad.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(screen(['--watchlist', localList, '--min-score', '2'], 'x\n').status).toBe(2);
    expect(screen(['--watchlist', join(dir, 'missing.xml')], 'x\n').status).toBe(2);
  });

  it('exits 2 with one line naming the file for malicious or broken XML', () => {
    for (const [file, message] of [
      [evilXml, /^pcu: watchlist: .*evil\.xml, line 1: a DOCTYPE .* is not accepted/],
      [deepXml, /^pcu: watchlist: .*deep\.xml: elements nested more than \d+ levels deep/],
    ] as const) {
      const r = screen(['--watchlist', file], 'x\n');
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('screens names with bidi overrides and invisible characters as they read, and says so', () => {
    const rlo = `\u202E${[...'Ivan PETROV'].reverse().join('')}`;
    const r = screen(['--watchlist', localList], `${rlo}\nBlue\u200B Ocean Trad\u00ADing LLC\nIvan Petrov\n`);
    const [reversed, hidden, plain] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(reversed).toMatchObject({
      query: rlo,
      hiddenCharacters: ['bidi-control'],
      readAs: 'Ivan PETROV',
      matches: [{ entityId: 'P1', score: 1 }],
    });
    expect(hidden).toMatchObject({ hiddenCharacters: ['invisible'], matches: [{ entityId: 'C1' }] });
    expect(plain.hiddenCharacters).toBeUndefined();
  });

  it('ends quietly when its reader goes away: pcu screen | head, pcu profile --json | head', () => {
    const manifest = join(dir, 'manifest.csv');
    const gen = spawnSync(
      process.execPath,
      [pcu, 'generate', '--containers', '400', '--seed', '5', '--out', manifest],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(gen.status).toBe(0);
    // bash reports each stage's exit status; head closes the pipe after its first line.
    const r = spawnSync(
      'bash',
      [
        '-c',
        `yes 'Ivan Petrov' | head -n 50000 | "${process.execPath}" "${pcu}" screen --watchlist "${localList}" | head -n 1; echo "screen=\${PIPESTATUS[2]}"
         "${process.execPath}" "${pcu}" profile "${manifest}" --json | head -c 100 >/dev/null; echo "profile=\${PIPESTATUS[0]}"`,
      ],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\{"query":"Ivan Petrov".*\nscreen=0\nprofile=0\n$/s);
  }, 150_000);
});
