/**
 * Once before every test file: the web console's static build, which the local stack serves,
 * and the compiled CLI, which the CLI tests run. Built here, not by each test, so parallel
 * test files never build them at the same time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: plain JavaScript (it runs before anything is compiled), no declarations.
import { buildCli } from '../cli/build.mjs';
import { ensureConsoleBuilt } from '../console/build.ts';

export default async function setup(): Promise<void> {
  // The CLI's watchlist cache of the tests' lists goes to a folder of this run, not the user's.
  process.env.PCU_CACHE_DIR ??= mkdtempSync(join(tmpdir(), 'pcu-cache-'));
  await Promise.all([ensureConsoleBuilt(), buildCli({ quiet: true })]);
}
