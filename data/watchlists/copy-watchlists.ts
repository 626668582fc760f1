/**
 * Copies the public watchlists bundled as defaults (OFAC SDN legacy CSV set, UN Security
 * Council consolidated list) from a source folder (default ../shared/data/watchlists) into
 * data/watchlists/, byte for byte, so a clone and a Lambda bundle need no download.
 * Run: `npx tsx data/watchlists/copy-watchlists.ts [SOURCE_DIR]` when a new edition comes out
 * (then update ATTRIBUTION.md with the new dates).
 */
import { chmodSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const source = resolve(process.argv[2] ?? join(import.meta.dirname, '../../../shared/data/watchlists'));
const out = import.meta.dirname;

const ofacSource = readdirSync(source).find((d) => d.startsWith('ofac-sdn'));
const unSource = readdirSync(source).find((d) => d.startsWith('un-sc'));
if (!ofacSource || !unSource) throw new Error(`no ofac-sdn-* or un-sc-* folder in ${source}`);

mkdirSync(join(out, 'ofac-sdn'), { recursive: true });
for (const file of ['sdn.csv', 'alt.csv', 'add.csv']) {
  copyFileSync(join(source, ofacSource, file), join(out, 'ofac-sdn', file));
  chmodSync(join(out, 'ofac-sdn', file), 0o644);
}
copyFileSync(join(source, unSource, 'UN_consolidated.xml'), join(out, 'un-sc-consolidated.xml'));
chmodSync(join(out, 'un-sc-consolidated.xml'), 0o644);
console.log(`copied ${ofacSource} and ${unSource} into ${out}`);
