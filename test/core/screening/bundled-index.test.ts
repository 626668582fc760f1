import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BUNDLED_INDEX_PATH, loadBundledIndex } from '#core/screening/bundled-index.ts';
import { bundledIndexText } from '#core/screening/write-bundled-index.ts';

describe('prebuilt index of the bundled lists', () => {
  const stored = gunzipSync(readFileSync(BUNDLED_INDEX_PATH)).toString('utf8');

  it('is what the lists and the current name analysis give (else: npx tsx data/watchlists/build-screening-index.ts)', () => {
    expect(stored === bundledIndexText()).toBe(true);
  });

  it('screens like an index built from the lists, and is not used once the lists change', () => {
    const index = loadBundledIndex();
    expect(index?.screen('BANCO NACIONAL DE CUBA', { top: 1 })[0]).toMatchObject({
      entityId: '306',
      list: 'OFAC-SDN',
      score: 1,
    });
    const stale = join(mkdtempSync(join(tmpdir(), 'pcu-index-')), 'screening-index.gz');
    writeFileSync(stale, gzipSync(`${'0'.repeat(64)}${stored.slice(stored.indexOf('\n'))}`));
    expect(loadBundledIndex(stale)).toBeUndefined();
    expect(loadBundledIndex(join(tmpdir(), 'no-such-index.gz'))).toBeUndefined();
  });
});
