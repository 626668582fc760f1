/**
 * Clearing a watchlist hit in a real headless Chromium against the local stack: an analyst
 * uploads a manifest with planted watchlist hits, clears one hit ("Not this entry"), finds it
 * on the Clearances screen and revokes it; an officer has no Clearances screen. axe-core runs
 * on both screens.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../console/build.ts';
import { defaultWatchlistPaths, loadWatchlist } from '../../functions/core/watchlists/index.ts';
import { generateManifestText } from '../../generator/index.ts';
import { type LocalStack, startLocalStack } from '../../local/local-stack.ts';
import { launchChromium, seriousViolations, signIn } from './browser.ts';

let stack: LocalStack;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let dir: string;
let manifestPath: string;

beforeAll(async () => {
  await ensureConsoleBuilt();
  chrome = await launchChromium();
  stack = await startLocalStack({ port: 0, logLevel: 'SILENT' });
  await stack.publish();
  const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
  const generated = generateManifestText(
    { containers: 120, seed: 'console-clearances', reportingPort: 'NLRTM', plant: { count: 6, entries } },
    'csv',
  );
  dir = mkdtempSync(join(tmpdir(), 'pcu-console-clearances-'));
  manifestPath = join(dir, 'CMA-CGM-MARCO-POLO-0FL3.csv');
  writeFileSync(manifestPath, [...generated.chunks].join(''));
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function newPage(): Promise<Page> {
  const context = await chrome.browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: 'en-GB',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

describe('clearances in the console', { timeout: 120_000 }, () => {
  it('an analyst clears a watchlist hit, sees it listed and revokes it; an officer has no such screen', async () => {
    const analyst = await newPage();
    await analyst.goto(`${stack.apiUrl}/`);
    await signIn(analyst, 'analyst-nlrtm');
    await analyst.getByRole('link', { name: 'Upload', exact: true }).click();
    await analyst.getByLabel('Manifest file').setInputFiles(manifestPath);
    await analyst.locator('[data-testid=processing][data-status=complete]').waitFor({ timeout: 60_000 });

    // The token lives in memory only: move through the console by its links, never by reloading.
    const flagLinks = analyst.locator('a[href^="/flag/"]');
    let cleared = false;
    for (let i = 0; i < 20 && !cleared; i++) {
      await analyst.getByRole('link', { name: 'Flagged containers', exact: true }).click();
      await flagLinks.first().waitFor();
      if (i >= (await flagLinks.count())) break;
      await flagLinks.nth(i).click();
      await analyst.getByRole('heading', { name: 'Why it was flagged' }).waitFor();
      const action = analyst.locator('summary', { hasText: 'Not this entry' }).first();
      if ((await action.count()) === 0) continue;
      await action.click();
      await analyst
        .getByLabel('Reason (required)')
        .first()
        .fill('Family-run furniture importer in Rotterdam, KvK 24125061; not the listed entity');
      await analyst.getByRole('button', { name: 'Clear this hit' }).first().click();
      await expect(analyst.getByRole('status').first().textContent()).resolves.toMatch(
        /^Cleared until \d{4}-\d{2}-\d{2}: applies from the next manifest\.$/,
      );
      expect(await seriousViolations(analyst)).toEqual([]);
      cleared = true;
    }
    expect(cleared, 'a flag with a watchlist name match').toBe(true);

    await analyst.getByRole('link', { name: 'Clearances', exact: true }).click();
    const row = analyst.locator('[data-testid=clearance]');
    await row.first().waitFor();
    await expect(row.first().textContent()).resolves.toContain('analyst-nlrtm');
    await expect(row.first().textContent()).resolves.toContain('in force');
    expect(await seriousViolations(analyst)).toEqual([]);
    await analyst.getByLabel('Why revoke').first().fill('The KvK number belongs to another company');
    await analyst.getByRole('button', { name: 'Revoke' }).first().click();
    await expect
      .poll(async () => (await row.first().textContent()) ?? '', { timeout: 15_000 })
      .toContain('revoked');

    const officer = await newPage();
    await officer.goto(`${stack.apiUrl}/`);
    await signIn(officer, 'officer-nlrtm');
    await officer.getByRole('link', { name: 'Flagged containers', exact: true }).waitFor();
    expect(await officer.getByRole('link', { name: 'Clearances', exact: true }).count()).toBe(0);
  });
});
