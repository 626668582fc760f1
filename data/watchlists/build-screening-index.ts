/**
 * Writes data/watchlists/screening-index.gz, the prebuilt screening index of the bundled lists
 * that `pcu screen` loads instead of parsing and analysing them (functions/core/screening/
 * bundled-index.ts). Run after refreshing the lists or changing how names are analysed:
 * `npx tsx data/watchlists/build-screening-index.ts`. Built from the lists in this folder (see
 * ATTRIBUTION.md): OFAC SDN (US Government work, public domain) and the UN Security Council
 * Consolidated List.
 */
import { statSync } from 'node:fs';
import { BUNDLED_INDEX_PATH } from '../../functions/core/screening/bundled-index.ts';
import { writeBundledIndex } from '../../functions/core/screening/write-bundled-index.ts';

writeBundledIndex();
console.log(`${BUNDLED_INDEX_PATH}: ${statSync(BUNDLED_INDEX_PATH).size.toLocaleString()} bytes`);
