import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledListsFingerprint } from '#core/screening/bundled-index.ts';
import { rememberedListsFingerprint } from '../../cli/lists-fingerprint.ts';

describe('the remembered fingerprint of the lists', () => {
  const before = process.env.PCU_CACHE_DIR;
  afterEach(() => {
    if (before === undefined) delete process.env.PCU_CACHE_DIR;
    else process.env.PCU_CACHE_DIR = before;
  });

  it('is the lists hash, read back while the files are untouched and recomputed once one changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcu-fp-'));
    process.env.PCU_CACHE_DIR = join(dir, 'cache');
    const list = join(dir, 'list.csv');
    writeFileSync(list, 'id,type,name\n1,person,Ivan Petrov\n');
    const first = rememberedListsFingerprint([list]);
    expect(first).toBe(bundledListsFingerprint([list]));
    // The memo is what a second call reads: a planted value shows it is not hashing again.
    const memo = join(dir, 'cache', 'bundled-lists-fingerprint.json');
    const stored = JSON.parse(readFileSync(memo, 'utf8')) as { stamp: string; fingerprint: string };
    expect(stored.fingerprint).toBe(first);
    writeFileSync(memo, JSON.stringify({ ...stored, fingerprint: 'remembered' }));
    expect(rememberedListsFingerprint([list])).toBe('remembered');
    // An edited list has another stamp (size, mtime): hashed afresh.
    writeFileSync(list, 'id,type,name\n1,person,Ivan Petrov\n2,person,Olga Petrova\n');
    const edited = rememberedListsFingerprint([list]);
    expect(edited).toBe(bundledListsFingerprint([list]));
    expect(edited).not.toBe(first);
  });

  it('hashes the lists when the cache folder cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcu-fp-'));
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    process.env.PCU_CACHE_DIR = join(blocker, 'cache');
    const list = join(dir, 'list.csv');
    writeFileSync(list, 'id,type,name\n1,person,Ivan Petrov\n');
    expect(rememberedListsFingerprint([list])).toBe(bundledListsFingerprint([list]));
  });
});
