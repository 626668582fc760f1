/**
 * The bundled lists' fingerprint (sha256 of 7.6 MB, ~15 ms) remembered in the cache folder
 * next to the stamp of the files it was computed from (path, size, mtime, inode of each):
 * while no file's stamp changed, `pcu screen` reads the fingerprint instead of hashing the
 * lists. An edited, replaced or added list file changes its stamp, and the lists are hashed
 * afresh. The cache is only a shortcut: when it cannot be read or written, the lists are hashed.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledListsFingerprint, listFiles } from '#core/screening/bundled-index.ts';
import { cacheDir } from './cache-dir.ts';

export function rememberedListsFingerprint(paths?: readonly string[]): string {
  let stamp: string;
  try {
    stamp = JSON.stringify(
      listFiles(paths).map(({ file }) => {
        const s = statSync(file);
        return [file, s.size, s.mtimeMs, s.ino];
      }),
    );
  } catch {
    return bundledListsFingerprint(paths); // a missing list: the hash says so
  }
  const memo = join(cacheDir(), 'bundled-lists-fingerprint.json');
  try {
    const known = JSON.parse(readFileSync(memo, 'utf8')) as { stamp?: string; fingerprint?: string };
    if (known.stamp === stamp && typeof known.fingerprint === 'string') return known.fingerprint;
  } catch {
    // Not remembered yet.
  }
  const fingerprint = bundledListsFingerprint(paths);
  try {
    mkdirSync(cacheDir(), { recursive: true });
    const staging = `${memo}.${process.pid}.tmp`;
    writeFileSync(staging, JSON.stringify({ stamp, fingerprint }));
    renameSync(staging, memo);
  } catch {
    // A read-only cache folder: hash again next time.
  }
  return fingerprint;
}
