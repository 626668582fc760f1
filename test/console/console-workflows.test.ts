/**
 * The web console end to end in a real headless Chromium against the local stack: an officer
 * uploads a generated manifest with planted watchlist hits and works its inspection list; an
 * analyst of the same port triages; an analyst of another port sees none of it. axe-core runs
 * on every screen; screenshots for the README are written to docs/screenshots/.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../console/build.ts';
import { defaultWatchlistPaths, loadWatchlist } from '../../functions/core/watchlists/index.ts';
import { generateManifestText } from '../../generator/index.ts';
import { type LocalStack, startLocalStack } from '../../local/local-stack.ts';
import { launchChromium, SCREENSHOTS, screenshot, seriousViolations, signIn } from './browser.ts';

const PORT = 'NLRTM';
let stack: LocalStack;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let dir: string;
let manifestPath: string;
let manifestId: string;
/** A watchlisted container (seized by the officer) and another one (assigned by the analyst). */
let seizedId: string;
let assignedId: string;
/** Every watchlisted container of the upload (the search step works on one not yet decided). */
let watchlistedIds: string[] = [];
const contexts: BrowserContext[] = [];

async function newPage(options: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: options.locale ?? 'en-GB',
    // Not the port's zone: the console must show port time whatever the browser's zone is.
    timezoneId: 'Asia/Tokyo',
    acceptDownloads: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

async function stats(page: Page): Promise<{ inspected: string; seizures: string; byStatus: string }> {
  await page.getByRole('link', { name: 'Statistics', exact: true }).click();
  await page.locator('[data-testid=rule-stats]').waitFor();
  return {
    inspected: (await page.locator('[data-testid=inspected-total]').textContent()) ?? '',
    seizures: (await page.locator('[data-testid=seizures-total]').textContent()) ?? '',
    byStatus: (await page.locator('.by-status').textContent()) ?? '',
  };
}

beforeAll(async () => {
  await ensureConsoleBuilt();
  chrome = await launchChromium();
  browser = chrome.browser;
  stack = await startLocalStack({ port: 0, logLevel: 'SILENT' });
  await stack.publish();
  const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
  const generated = generateManifestText(
    { containers: 300, seed: 'console-e2e', reportingPort: PORT, plant: { count: 5, entries } },
    'csv',
  );
  dir = mkdtempSync(join(tmpdir(), 'pcu-console-'));
  manifestPath = join(dir, 'BUSAN-EXPRESS-145E.csv');
  writeFileSync(manifestPath, [...generated.chunks].join(''));
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await chrome?.close();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// A shared 2-core machine can be slow: each step may take longer than the default 30 s.
describe('web console', { timeout: 90_000 }, () => {
  let officer: Page;
  let analyst: Page;

  it('an officer signs in, uploads a manifest with real progress and watches it complete', async () => {
    officer = await newPage();
    await officer.goto(`${stack.apiUrl}/`);
    await officer.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(officer);
    await screenshot(officer, 'sign-in');
    // A wrong password is refused in words, not with a token or a stack trace.
    await officer.getByLabel('User name').fill('officer-nlrtm');
    await officer.getByLabel('Password').fill('not-the-password');
    await officer.getByRole('button', { name: 'Sign in' }).click();
    await expect(officer.getByRole('alert').textContent()).resolves.toBe('Wrong user name or password.');
    await signIn(officer, 'officer-nlrtm');

    // Slow the upload down so its progress is visible: the bar follows the presigned PUT.
    const cdp = await officer.context().newCDPSession(officer);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 120 * 1024,
    });
    await officer.getByRole('link', { name: 'Upload', exact: true }).click();
    await officer.getByRole('heading', { name: 'Upload a manifest' }).waitFor();
    await expectAccessible(officer);
    await officer.getByLabel('Manifest file').setInputFiles(manifestPath);
    const progress = officer.locator('[data-testid=upload-progress]');
    await progress.waitFor();
    const seen = new Set<number>();
    while ((await progress.count()) > 0) {
      const value = Number(await progress.getAttribute('value').catch(() => '0'));
      const max = Number(await progress.getAttribute('max').catch(() => '1'));
      if (max > 1) seen.add(Math.round((value / max) * 10));
      await officer.waitForTimeout(50);
    }
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    // Several distinct fractions seen: progress moved while the bytes went up.
    expect(seen.size).toBeGreaterThanOrEqual(3);

    await officer.locator('[data-testid=processing][data-status=complete]').waitFor({ timeout: 60_000 });
    await expect(officer.locator('[data-testid=processing]').textContent()).resolves.toMatch(
      /Done: 300 containers profiled, \d+ flagged/,
    );
    await expectAccessible(officer);
    await screenshot(officer, 'upload-complete');

    // The same file again is said plainly, with the date and the manifest.
    await officer.getByRole('button', { name: 'Upload another file' }).click();
    await officer.getByLabel('Manifest file').setInputFiles(manifestPath);
    const duplicate = officer.locator('[data-testid=duplicate]');
    await duplicate.waitFor();
    const text = (await duplicate.textContent()) ?? '';
    manifestId = /manifest ([0-9a-f]{32})/.exec(text)?.[1] ?? '';
    expect(text).toMatch(
      /This file was already received on .+ \(Europe\/Amsterdam\) as manifest [0-9a-f]{32}\./,
    );

    await duplicate.getByRole('link', { name: 'Validation report' }).click();
    await officer.locator('[data-testid=manifest-status]').waitFor();
    await expect(officer.locator('[data-testid=manifest-status]').textContent()).resolves.toBe('complete');
    await expectAccessible(officer);
  });

  it('the validation report lists rejected records with line, field, code and message, in French', async () => {
    // A small manifest with one malformed container number (its record is rejected, the rest goes on).
    const small = generateManifestText(
      { containers: 12, seed: 'console-report', reportingPort: PORT },
      'csv',
    );
    const lines = [...small.chunks].join('').split('\n');
    // The container number of the second row (4 letters, 7 digits) becomes malformed.
    lines[2] = (lines[2] as string).replace(/\b[A-Z]{4}\d{7}\b/, 'CMAU71X');
    const path = join(dir, 'VOYAGE-REJECTS.csv');
    writeFileSync(path, lines.join('\n'));

    const french = await newPage({ locale: 'fr-SN' });
    await french.goto(`${stack.apiUrl}/upload`);
    await signIn(french, 'officer-nlrtm');
    await french.getByLabel('Fichier du manifeste').setInputFiles(path);
    await french.locator('[data-testid=processing][data-status=complete]').waitFor({ timeout: 60_000 });
    await french.getByRole('link', { name: 'Rapport de validation' }).click();
    const row = french
      .locator('[data-testid=rejected-records] tbody tr', { hasText: 'CONTAINER_FORMAT' })
      .first();
    await row.waitFor();
    const text = (await row.locator('td').allTextContents()).join(' | ');
    expect(text).toMatch(
      /^3 \| .+ \| .*container.* \| CONTAINER_FORMAT \| Le numéro de conteneur n'a pas 4 lettres et 7 chiffres\./i,
    );
    await expectAccessible(french);
    await screenshot(french, 'validation-report');
  });

  it('the inspection list groups the flagged containers by B/L, prints to an A4 PDF and exports CSV', async () => {
    await officer.getByRole('link', { name: 'Inspection list' }).first().click();
    await officer.locator('section.bl').first().waitFor();
    const heading = (await officer.locator('h1').textContent()) ?? '';
    expect(heading).toMatch(/^Inspection list: .+, voyage .+, NLRTM$/);
    const sections = await officer.locator('section.bl').count();
    expect(sections).toBeGreaterThan(0);
    const firstRow = officer.locator('section.bl tbody tr').first();
    // The fields the officer takes to the scanner.
    for (const column of [
      'Container',
      'Seals',
      'ISO type',
      'Declared weight (kg)',
      'VGM (kg)',
      'Lane',
      'Score',
      'Reasons',
    ]) {
      await expect(
        officer.locator('section.bl').first().getByRole('columnheader', { name: column }).count(),
      ).resolves.toBe(1);
    }
    await expect(officer.locator('section.bl').first().locator('dt').allTextContents()).resolves.toEqual([
      'Shipper',
      'Consignee',
      'Notify',
      'Goods',
      'Route',
    ]);
    await expect(firstRow.locator('td').nth(1).textContent()).resolves.toMatch(/^[A-Z0-9]{4,}$/); // ISO type
    await expectAccessible(officer);
    await screenshot(officer, 'inspection-list');

    // Print: the A4 stylesheet hides the navigation and adds the signature lines.
    await officer.emulateMedia({ media: 'print' });
    await expect(officer.locator('header.top').isVisible()).resolves.toBe(false);
    await expect(officer.locator('.signatures').isVisible()).resolves.toBe(true);
    await officer.emulateMedia({ media: 'screen' });
    const pdf = await officer.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(join(dir, 'inspection-list.pdf'), pdf);
    expect(pdf.length).toBeGreaterThan(10_000);

    const [download] = await Promise.all([
      officer.waitForEvent('download'),
      officer.locator('[data-testid=export-csv]').click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toContain('"Container","Seals","ISO type"');
    const rows = await officer.locator('section.bl tbody tr').count();
    expect(lines.length - 1).toBe(rows);

    // Pick the containers the rest of the story works on: two with a watchlist hit.
    const watchlisted = officer.locator('section.bl tbody tr', { hasText: 'WL-PARTY' });
    const numbers = [...new Set(await watchlisted.locator('th a').allTextContents())];
    expect(numbers.length).toBeGreaterThanOrEqual(2);
    seizedId = `${manifestId}_${numbers[0]}`;
    assignedId = `${manifestId}_${numbers[1]}`;
    watchlistedIds = numbers.map((n) => `${manifestId}_${n}`);
  });

  it('an analyst of the same port sees the queue and the statistics before any outcome', async () => {
    analyst = await newPage();
    await analyst.goto(`${stack.apiUrl}/`);
    await signIn(analyst, 'analyst-nlrtm');
    await analyst.locator('[data-testid=queue] tbody tr').first().waitFor();
    expect(await analyst.locator('[data-testid=queue] tbody tr').count()).toBeGreaterThan(2);
    // Officers' controls are not offered to an analyst, nor the analyst's to an officer.
    await expectAccessible(analyst);

    await analyst.getByLabel('Lane').selectOption('red');
    await analyst.getByLabel('Sort').selectOption('score');
    await analyst.getByRole('button', { name: 'Apply filters' }).click();
    await analyst.waitForURL(/lane=red/);
    await analyst.locator('[data-testid=queue] tbody tr').first().waitFor();
    const lanes = await analyst.locator('[data-testid=queue] tbody td .lane').allTextContents();
    expect(new Set(lanes)).toEqual(new Set(['red']));
    const scores = (await analyst.locator('[data-testid=queue] tbody td.num').allTextContents()).map(Number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    await screenshot(analyst, 'queue');

    // From the keyboard: a filter submitted with Enter, a row opened with Enter.
    await analyst.getByLabel('Minimum score').fill('100');
    await analyst.getByLabel('Minimum score').press('Enter');
    await analyst.waitForURL(/minScore=100/);
    await analyst.locator('[data-testid=queue] tbody tr').first().waitFor();
    const lowest = Math.min(
      ...(await analyst.locator('[data-testid=queue] tbody td.num').allTextContents()).map(Number),
    );
    expect(lowest).toBeGreaterThanOrEqual(100);
    await analyst.locator('[data-testid=queue] tbody th a').first().focus();
    await analyst.keyboard.press('Enter');
    await analyst.locator('[data-testid=flag-status]').waitFor();
    await analyst.goBack();
    await analyst.locator('[data-testid=queue] tbody tr').first().waitFor();

    const before = await stats(analyst);
    expect(before.seizures).toBe('0');
    await expectAccessible(analyst);
  });

  it('the officer records a seizure; a stale save is refused as "changed by ... at ...", then retried', async () => {
    // The analyst assigns one container while the officer has it open: the officer's save is stale.
    await officer.goto(`${stack.apiUrl}/flag/${encodeURIComponent(assignedId)}`);
    await signIn(officer, 'officer-nlrtm');
    await officer.locator('[data-testid=flag-status]').waitFor();
    await expect(officer.getByRole('button', { name: 'Assign for inspection' }).count()).resolves.toBe(0);

    await analyst.goto(`${stack.apiUrl}/flag/${encodeURIComponent(assignedId)}`);
    await signIn(analyst, 'analyst-nlrtm');
    await analyst.locator('[data-testid=flag-status]').waitFor();
    await expect(analyst.getByRole('radio', { name: 'Inspected: seizure' }).count()).resolves.toBe(0);
    await analyst.getByLabel('Notes').fill('x-ray at terminal 2');
    await analyst.getByRole('button', { name: 'Assign for inspection' }).click();
    await expect(analyst.locator('[data-testid=decision-message]').textContent()).resolves.toBe(
      'Saved: assigned (version 2).',
    );
    await expect(analyst.locator('[data-testid=history]').textContent()).resolves.toContain('analyst-nlrtm');

    await officer.getByRole('radio', { name: 'Inspected: clear' }).check();
    await officer.getByLabel('Notes').fill('nothing found');
    await officer.getByRole('button', { name: 'Record outcome' }).click();
    const conflict = officer.locator('[data-testid=decision-message]');
    await expect(conflict.textContent()).resolves.toMatch(
      /^Changed by analyst-nlrtm at .+: review and retry\.$/,
    );
    // Nothing typed is lost; the screen now shows the current state, and a retry goes through.
    await expect(officer.getByLabel('Notes').inputValue()).resolves.toBe('nothing found');
    await expect(officer.locator('[data-testid=flag-status]').textContent()).resolves.toBe('assigned');
    await officer.getByRole('button', { name: 'Record outcome' }).click();
    await expect(conflict.textContent()).resolves.toBe('Saved: inspected, clear (version 3).');

    // The seizure, on a watchlisted container: its evidence shows the declared party beside the entry.
    await officer.goto(`${stack.apiUrl}/flag/${encodeURIComponent(seizedId)}`);
    await signIn(officer, 'officer-nlrtm');
    await officer.locator('[data-testid=declared]').first().waitFor();
    expect(await officer.locator('[data-testid=entry]').first().textContent()).not.toBe('');
    expect(await officer.locator('[data-testid=matched]').first().textContent()).not.toBe('');
    await officer.getByRole('radio', { name: 'Inspected: seizure' }).check();
    await officer.getByLabel('Substance').fill('cocaine');
    await officer.getByLabel('Quantity').fill('42.5');
    await officer.getByLabel('Unit').selectOption('kg');
    await officer.getByLabel('Notes').fill('in 3 sports bags behind the pallets');
    await officer.getByRole('button', { name: 'Record outcome' }).click();
    await expect(officer.locator('[data-testid=decision-message]').textContent()).resolves.toBe(
      'Saved: inspected, seizure (version 2).',
    );
    await expect(officer.locator('[data-testid=history]').textContent()).resolves.toMatch(
      /inspected, seizure, by officer-nlrtm, .+ · cocaine 42.5 kg/,
    );
    // The route, drawn offline and listed in text: loading, discharge and the places between.
    await officer.locator('.route-map svg path').first().waitFor();
    const stops = await officer.locator('.route-stops li').allTextContents();
    expect(stops.some((s) => s.startsWith('Port of loading: '))).toBe(true);
    expect(stops.some((s) => s.startsWith('Port of discharge: '))).toBe(true);
    expect(await officer.locator('.route-map svg circle').count()).toBeGreaterThanOrEqual(2);
    await officer
      .locator('section[aria-labelledby=route-title]')
      .screenshot({ path: join(SCREENSHOTS, 'route-map.png') });
    await expectAccessible(officer);
    await screenshot(officer, 'flag-detail', { fullPage: true });
  });

  it('the analyst finds the seized container by its number', async () => {
    const number = seizedId.split('_')[1] as string;
    await analyst
      .getByRole('searchbox', { name: /Search: container number or manifest id/ })
      .fill(number.toLowerCase());
    await analyst.getByRole('button', { name: 'Search', exact: true }).click();
    await analyst.waitForURL(new RegExp(`/queue\\?container=${number}`));
    const rows = analyst.locator('[data-testid=queue] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    await expect(rows.first().locator('.status').textContent()).resolves.toBe('inspected, seizure');
    await expectAccessible(analyst);
  });

  it('the analyst sees the statistics change', async () => {
    const after = await stats(analyst);
    expect(after.seizures).toBe('1');
    expect(after.inspected).toBe('2');
    expect(after.byStatus).toContain('inspected, seizure: 1');
    // The watchlist rule that caught the seized container now has a seizure, numbers beside the bars.
    const watchlistRows = analyst.locator('tr[data-rule^="WL-PARTY"]');
    const seizures = await watchlistRows.locator('td:nth-of-type(4)').allTextContents();
    expect(seizures).toContain('1');
    if ((await analyst.locator('tr[data-rule=RANDOM]').count()) > 0) {
      await expect(analyst.locator('tr[data-rule=RANDOM] th').textContent()).resolves.toContain('baseline');
    }
    // Flags over time, numbers beside the bars: today's flags of both uploads.
    const today = await analyst.locator('[data-testid=over-time] tbody tr td.num').allTextContents();
    expect(today.map(Number).reduce((a, b) => a + b, 0)).toBe(
      Number(await analyst.locator('[data-testid=flagged-total]').textContent()),
    );
    await screenshot(analyst, 'statistics', { fullPage: true });
    await expectAccessible(analyst);
  });

  it('an analyst of another port sees none of it, also when typing its URLs', async () => {
    const other = await newPage();
    await other.goto(`${stack.apiUrl}/flag/${encodeURIComponent(seizedId)}`);
    await signIn(other, 'analyst-ecgye');
    await expect(other.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'There is no such flagged container at your ports.',
    );
    await other.goto(`${stack.apiUrl}/inspection/${manifestId}`);
    await signIn(other, 'analyst-ecgye');
    await expect(other.locator('[role=alert]').textContent()).resolves.toContain('Not found at your ports.');
    await other.getByRole('link', { name: 'Flagged containers', exact: true }).click();
    await other.locator('text=No flagged container matches.').waitFor();
    await other.getByRole('link', { name: 'Manifests', exact: true }).click();
    await other.locator('text=No manifest has been received yet.').waitFor();
    await expect(other.locator('[data-testid=zone-note]').textContent()).resolves.toContain(
      'America/Guayaquil',
    );
    await expectAccessible(other);
  });

  it("the analyst finds a container by a party's name typed with a typo, assigns it, and the statistics change", async () => {
    const target = watchlistedIds.find((id) => id !== seizedId && id !== assignedId) as string;
    expect(target).toBeDefined();
    const container = target.split('_')[1] as string;
    await analyst.goto(`${stack.apiUrl}/flag/${encodeURIComponent(target)}`);
    await signIn(analyst, 'analyst-nlrtm');
    const declared = ((await analyst.locator('[data-testid=declared]').first().textContent()) ?? '').trim();
    // One typo in the name's longest word: two letters in its middle swapped.
    const words = declared.split(/\s+/);
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
    expect(longest.length).toBeGreaterThanOrEqual(5);
    const at = Math.floor(longest.length / 2);
    const typo = longest.slice(0, at - 1) + longest[at] + longest[at - 1] + longest.slice(at + 1);
    const typed = words.map((w) => (w === longest ? typo : w)).join(' ');
    expect(typed).not.toBe(declared);

    const before = await stats(analyst);
    const assigned = (byStatus: string) => Number(/assigned: (\d+)/.exec(byStatus)?.[1] ?? 0);
    await analyst.getByRole('link', { name: 'Search', exact: true }).click();
    await analyst.getByRole('heading', { name: 'Search flags and manifests' }).waitFor();
    // From the keyboard: the name typed, the kind chosen, Enter.
    await analyst.getByLabel('Name or number', { exact: true }).fill(typed);
    await analyst.getByLabel('Search for', { exact: true }).selectOption('party');
    await analyst.getByLabel('Name or number', { exact: true }).press('Enter');
    await analyst.waitForURL(/\/find\?q=.+&kind=party/);
    const link = analyst.locator('[data-testid=search-results] a', { hasText: container });
    await link.first().waitFor();
    await expectAccessible(analyst);
    await screenshot(analyst, 'search', { fullPage: true });
    await link.first().focus();
    await analyst.keyboard.press('Enter');
    await analyst.locator('[data-testid=flag-status]').waitFor();
    await expect(analyst.locator('[data-testid=flag-status]').textContent()).resolves.toBe('open');
    await analyst.getByRole('button', { name: 'Assign for inspection' }).click();
    await expect(analyst.locator('[data-testid=decision-message]').textContent()).resolves.toBe(
      'Saved: assigned (version 2).',
    );
    const after = await stats(analyst);
    expect(assigned(after.byStatus)).toBe(assigned(before.byStatus) + 1);

    // Another port's analyst: the same search finds nothing, and the flag's URL shows no data.
    const other = await newPage();
    await other.goto(`${stack.apiUrl}/find?${new URLSearchParams({ q: typed, kind: 'party' })}`);
    await signIn(other, 'analyst-ecgye');
    await other.locator('text=0 results for').waitFor();
    expect(await other.locator('[data-testid=search-results]').count()).toBe(0);
    await expectAccessible(other);
    await other.goto(`${stack.apiUrl}/find?${new URLSearchParams({ q: container })}`);
    await signIn(other, 'analyst-ecgye');
    await other.locator('text=0 results for').waitFor();
    await other.goto(`${stack.apiUrl}/flag/${encodeURIComponent(target)}`);
    await signIn(other, 'analyst-ecgye');
    await expect(other.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'There is no such flagged container at your ports.',
    );
  });

  it('shows times in the port zone in the locale format, and speaks the browser language', async () => {
    const russian = await newPage({ locale: 'ru-RU' });
    await russian.goto(`${stack.apiUrl}/flag/${encodeURIComponent(seizedId)}`);
    await signIn(russian, 'analyst-nlrtm');
    const time = russian.locator('[data-testid=flagged-at] time');
    await time.waitFor();
    const iso = (await time.getAttribute('datetime')) as string;
    const expected = new Intl.DateTimeFormat('ru', {
      timeZone: 'Europe/Amsterdam',
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(iso));
    await expect(time.textContent()).resolves.toBe(expected);
    await expect(time.getAttribute('data-zone')).resolves.toBe('Europe/Amsterdam');
    await expect(russian.locator('[data-testid=zone-note]').textContent()).resolves.toMatch(
      /^Время: Europe\/Amsterdam \(UTC\+\d\) \(местное время порта NLRTM\)$/,
    );
    await expect(russian.locator('[data-testid=flag-status]').textContent()).resolves.toBe(
      'досмотрен, изъятие',
    );
    await expect(russian.getByRole('link', { name: 'Статистика' }).count()).resolves.toBe(1);
    await expectAccessible(russian);

    // The switch: Spanish, kept for the next visit.
    await russian.getByLabel('Язык').first().selectOption('es');
    await expect(russian.getByRole('link', { name: 'Estadísticas' }).count()).resolves.toBe(1);
    await expect(russian.locator('html').getAttribute('lang')).resolves.toBe('es');
  });
});
