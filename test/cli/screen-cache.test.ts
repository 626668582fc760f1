import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'pcu-screen-cache-'));
const portList = join(dir, 'port-list.csv');
const otherList = join(dir, 'other-list.csv');
writeFileSync(
  portList,
  'id,type,name,country\nP1,person,Ivan PETROV,RU\nC1,organization,Blue Ocean Trading LLC,AE\n',
);
writeFileSync(otherList, 'id,type,name,country\nX9,organization,Red Harbour Logistics,PA\n');

function screen(cache: string, args: string[], input: string) {
  const r = spawnSync(process.execPath, [join(root, 'bin/pcu.js'), 'screen', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, PCU_CACHE_DIR: cache },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { query: string; matches: { entityId: string }[] });
}
const ids = (lines: { matches: { entityId: string }[] }[]) =>
  lines.map((l) => l.matches.map((m) => m.entityId));

describe('pcu screen --watchlist cache', () => {
  it('compiles a list once and answers from the cache while the file is unchanged', () => {
    const cache = mkdtempSync(join(dir, 'hit-'));
    expect(ids(screen(cache, ['--watchlist', portList], 'Ivan Petrov\n'))).toEqual([['P1']]);
    const [compiled] = readdirSync(cache);
    expect(readdirSync(cache)).toHaveLength(1);
    screen(cache, ['--watchlist', otherList], 'Red Harbour Logistics\n');
    const other = readdirSync(cache).find((f) => f !== compiled)!;
    // Plant the other list's index under this list's name: the answer now comes from it,
    // which shows the second run reads the cache rather than the list.
    copyFileSync(join(cache, other), join(cache, compiled!));
    expect(ids(screen(cache, ['--watchlist', portList], 'Red Harbour Logistics\nIvan Petrov\n'))).toEqual([
      ['X9'],
      [],
    ]);
  });

  it('compiles an edited list afresh (the cache is keyed by the content)', () => {
    const cache = mkdtempSync(join(dir, 'stale-'));
    const list = join(dir, 'edited.csv');
    writeFileSync(list, 'id,type,name\nP1,person,Ivan PETROV\n');
    expect(ids(screen(cache, ['--watchlist', list], 'Olga Smirnova\n'))).toEqual([[]]);
    writeFileSync(list, 'id,type,name\nP1,person,Ivan PETROV\nP2,person,Olga SMIRNOVA\n');
    expect(ids(screen(cache, ['--watchlist', list], 'Olga Smirnova\n'))).toEqual([['P2']]);
    expect(readdirSync(cache)).toHaveLength(2);
  });

  it('--no-cache neither reads nor writes the cache', () => {
    const cache = mkdtempSync(join(dir, 'none-'));
    expect(ids(screen(cache, ['--watchlist', portList, '--no-cache'], 'Ivan Petrov\n'))).toEqual([['P1']]);
    expect(readdirSync(cache)).toEqual([]);
    // A planted (wrong) index is not read either.
    const planted = mkdtempSync(join(dir, 'planted-'));
    screen(planted, ['--watchlist', otherList], 'x\n');
    const [otherIndex] = readdirSync(planted);
    screen(planted, ['--watchlist', portList], 'x\n');
    for (const f of readdirSync(planted)) copyFileSync(join(planted, otherIndex!), join(planted, f));
    expect(ids(screen(planted, ['--watchlist', portList, '--no-cache'], 'Ivan Petrov\n'))).toEqual([['P1']]);
  });
});
