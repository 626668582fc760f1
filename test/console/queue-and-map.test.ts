/**
 * The queue of a busy port, the route map's listed places, and flags over time at the port's
 * midnight, in a real headless Chromium against the local stack. The flags are written
 * straight into the table as the profile Lambda writes them (1,030 of them: more than one
 * page, so the API's cursor is used), one profiled for real with the default risk profiles.
 */

import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../console/build.ts';
import { compileProfiles, defaultProfileSet } from '../../functions/core/profiling/index.ts';
import { type LocalStack, startLocalStack } from '../../local/local-stack.ts';
import { unitOf } from '../core/profiling/units.ts';
import { launchChromium, SCREENSHOTS, screenshot, seriousViolations, signIn } from './browser.ts';
import { consolidatedBox, type SeededFlag, seedFlags, seedManifestRecord } from './seed-flags.ts';

const PORT = 'NLRTM';
const MANY = 1030;
const ROUTED = 'MSCU7654321';
const MANIFEST = 'c'.repeat(32);
/** The other demo port: a rail call (a wagon through Horgos) and an air call (a ULD on flight XX8012). */
const LAND_PORT = 'ECGYE';
const RAIL_MANIFEST = 'a'.repeat(32);
const AIR_MANIFEST = 'b'.repeat(32);
const WAGON = '31527352400';
const ULD = 'AKE12345AA';
let stack: LocalStack;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    // Not the port's zone: days and times must be the port's whatever the browser's zone is.
    timezoneId: 'America/Los_Angeles',
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

const rows = (page: Page) => page.locator('[data-testid=queue] tbody tr');

/** Guayaquil -> Cristobal (a listed transshipment hub) -> Rotterdam; the vessel called at Bandar Abbas. */
function routedFlag(): SeededFlag {
  const bl = {
    placeOfReceipt: 'ECGYE',
    portOfLoading: 'ECGYE',
    transshipmentPorts: ['PACTB'],
    portOfDischarge: PORT,
    placeOfDelivery: PORT,
  };
  const unit = unitOf({
    container: { number: ROUTED },
    voyage: { previousPortsOfCall: ['IRBND'] },
    bls: [bl],
  });
  const assessment = compileProfiles(defaultProfileSet()).assess(unit);
  const box = consolidatedBox(ROUTED, 0, PORT);
  return {
    containerNumber: ROUTED,
    // 23:30 UTC on 30 November is 00:30 on 1 December in Rotterdam.
    profiledAt: '2026-11-30T23:30:00.000Z',
    voyageNumber: '245W',
    lane: 'red',
    assessment,
    consignment: {
      ...box,
      previousPortsOfCall: ['IRBND'],
      billsOfLading: [{ ...box.billsOfLading[0], ...bl }],
    },
  };
}

/** 1,030 flags: one an hour back from 22:30 UTC on 30 November, lanes and scores mixed. */
function manyFlags(): SeededFlag[] {
  return Array.from({ length: MANY }, (_, i) => {
    const hits = [
      { ruleId: i % 2 ? 'VAGUE-DESCRIPTION' : 'HS-MISSING', description: 'seeded', weight: 20, evidence: [] },
    ];
    return {
      containerNumber: `QUEU${String(1_000_000 + i).padStart(7, '0')}`,
      profiledAt: new Date(Date.UTC(2026, 10, 30, 22, 30) - i * 3_600_000).toISOString(),
      voyageNumber: `${i % 7}01E`,
      lane: i % 4 === 0 ? 'red' : 'yellow',
      assessment: { hits, score: 20 + (i % 50) },
    };
  });
}

/** A flag of a rail or air call: the real default profiles' assessment, the mode's equipment and documents. */
function modeFlag(number: string, kind: 'wagon' | 'uld', bills: Record<string, unknown>[]): SeededFlag {
  const bl = { portOfLoading: 'CNXIY', portOfDischarge: LAND_PORT, placeOfDelivery: LAND_PORT };
  const assessment = compileProfiles(defaultProfileSet()).assess(
    unitOf({ container: { number }, bls: [bl] }),
  );
  const box = consolidatedBox(number, 0, LAND_PORT);
  return {
    containerNumber: number,
    profiledAt: kind === 'uld' ? '2026-11-30T10:00:00.000Z' : '2026-11-30T09:00:00.000Z',
    lane: 'red',
    assessment: {
      ...assessment,
      score: 70,
      hits: [{ ruleId: 'VAGUE-DESCRIPTION', description: 'seeded', weight: 70, evidence: [] }],
    },
    consignment: {
      container: { kind, number, seals: [] },
      billsOfLading: bills.map((b) => ({ ...box.billsOfLading[0], ...bl, ...b })),
    },
  };
}

async function seedModeCalls() {
  const rail = { trainNumber: '1234', borderStation: 'KZHOR' };
  const air = { flightNumber: 'XX8012', aircraftRegistration: 'UK-67003' };
  for (const [manifestId, mode, conveyance, vesselName, flag] of [
    [
      RAIL_MANIFEST,
      'rail',
      rail,
      '1234',
      modeFlag(WAGON, 'wagon', [{ number: '24120987', documentType: 'cim-smgs' }]),
    ],
    [
      AIR_MANIFEST,
      'air',
      air,
      'XX8012',
      modeFlag(ULD, 'uld', [
        { number: '176-12345675', documentType: 'air-waybill', pieceCount: 40, grossWeightKg: 380 },
        {
          number: 'HKG0042',
          documentType: 'air-waybill',
          masterNumber: '176-12345675',
          pieceCount: 3,
          grossWeightKg: 12.5,
        },
      ]),
    ],
  ] as const) {
    await seedManifestRecord(stack, {
      manifestId,
      port: LAND_PORT,
      vesselName,
      receivedAt: flag.profiledAt,
      containers: 1,
      mode,
      conveyance,
    });
    await seedFlags(stack, { port: LAND_PORT, manifestId, vesselName, mode, conveyance, flags: [flag] });
  }
}

beforeAll(async () => {
  await ensureConsoleBuilt();
  chrome = await launchChromium();
  browser = chrome.browser;
  stack = await startLocalStack({ port: 0, logLevel: 'SILENT' });
  await seedFlags(stack, {
    port: PORT,
    manifestId: MANIFEST,
    vesselName: 'QUEUE EXPRESS',
    flags: [routedFlag(), ...manyFlags()],
  });
  await seedModeCalls();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await chrome?.close();
  await stack?.stop();
});

describe('the queue of a busy port', () => {
  it('shows the first 1,000 flags at once, the rest through the cursor; filters and sorts work from the keyboard', async () => {
    const page = await newPage();
    await page.goto(`${stack.apiUrl}/`);
    await signIn(page, 'analyst-nlrtm');
    await rows(page).nth(999).waitFor();
    expect(await rows(page).count()).toBe(1000);
    // Newest first: the routed flag (00:30 on 1 December at the port) heads the list.
    expect(await rows(page).first().getAttribute('data-container')).toBe(ROUTED);

    await page.getByRole('button', { name: 'Load more' }).click();
    await rows(page).nth(MANY).waitFor();
    expect(await rows(page).count()).toBe(MANY + 1);
    const numbers = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-container')));
    expect(new Set(numbers).size).toBe(MANY + 1);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    // Sort by score from the keyboard: focus the column's button, press Enter.
    await page.getByRole('button', { name: 'Score', exact: true }).focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('th[aria-sort=descending]').textContent()).toMatch(/Score/);
    const scores = await rows(page).evaluateAll((trs) =>
      trs.slice(0, 50).map((tr) => Number(tr.querySelector('td.num')?.textContent?.replace(/\D/g, ''))),
    );
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    // A server-side filter: lane red, a minimum score.
    await page.locator('select[name=lane]').selectOption('red');
    await page.getByLabel('Minimum score').fill('60');
    await page.getByLabel('Minimum score').press('Enter');
    await page.waitForURL(/lane=red/);
    // The rows of the filtered list (polled: the unfiltered rows are replaced once the request answers).
    const laneCells = () =>
      rows(page).evaluateAll((trs) =>
        trs.map((tr) => tr.querySelector('td:nth-child(3)')?.textContent ?? ''),
      );
    await expect
      .poll(
        async () => {
          const lanes = await laneCells();
          return lanes.length > 0 && lanes.every((l) => /red/i.test(l));
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const filteredScores = await rows(page).evaluateAll((trs) =>
      trs.map((tr) => Number(tr.querySelector('td.num')?.textContent?.replace(/\D/g, ''))),
    );
    expect(Math.min(...filteredScores)).toBeGreaterThanOrEqual(60);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('the queue of a port with rail and air calls', () => {
  it('filters by mode through the API and shows each mode with its identifiers in the row, the flag and the inspection list', async () => {
    const page = await newPage();
    await page.goto(`${stack.apiUrl}/`);
    await signIn(page, 'analyst-ecgye');
    await rows(page).nth(1).waitFor();
    const conveyance = (number: string) =>
      page.locator(`[data-testid=queue] tr[data-container="${number}"] td.conveyance`).textContent();
    expect(await conveyance(WAGON)).toBe('rail · train 1234 · border station KZHOR');
    expect(await conveyance(ULD)).toBe('air · flight XX8012 · aircraft UK-67003');

    const asked = page.waitForRequest((r) => new URL(r.url()).searchParams.get('mode') === 'air');
    await page.locator('select[name=mode]').selectOption('air');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(new URL((await asked).url()).pathname).toBe('/flagged');
    await page.waitForURL(/mode=air/);
    await page.locator(`[data-testid=queue] tr[data-container="${WAGON}"]`).waitFor({ state: 'detached' });
    expect(await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-container')))).toEqual(
      [ULD],
    );
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: ULD }).click();
    expect(await page.getByTestId('conveyance').textContent()).toBe(
      'air · flight XX8012 · aircraft UK-67003 · ECGYE',
    );
    expect(await page.getByTestId('equipment').textContent()).toBe(`ULD ${ULD}`);
    const documents = await page.locator('section[aria-labelledby=consignment-title] dt').allTextContents();
    expect(documents).toContain('AWB 176-12345675 · 40 pieces, 380 kg');
    expect(documents).toContain('AWB HKG0042 (master AWB 176-12345675) · 3 pieces, 12.5 kg');

    await page.getByRole('link', { name: 'Inspection list of this vessel call' }).click();
    await page
      .getByRole('heading', { level: 1, name: /air · flight XX8012 · aircraft UK-67003, ECGYE/ })
      .waitFor();
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toContain(
      'AWB 176-12345675 · 40 pieces, 380 kg',
    );
    expect(await page.getByRole('link', { name: `ULD ${ULD}` }).count()).toBeGreaterThan(0);

    // The rail call, filtered in a fresh session.
    const ru = await newPage();
    await ru.goto(`${stack.apiUrl}/`);
    await signIn(ru, 'analyst-ecgye');
    await rows(ru).first().waitFor();
    await ru.locator('select[name=mode]').selectOption('rail');
    await ru.locator('form.filters button[type=submit]').click();
    await ru.waitForURL(/mode=rail/);
    await ru.locator(`[data-testid=queue] tr[data-container="${ULD}"]`).waitFor({ state: 'detached' });
    await ru.getByRole('link', { name: WAGON }).click();
    await ru.getByTestId('equipment').waitFor();
    expect(await ru.getByTestId('equipment').textContent()).toBe(`Wagon ${WAGON}`);
    expect(await ru.getByTestId('conveyance').textContent()).toBe(
      'rail · train 1234 · border station KZHOR · ECGYE',
    );
  });
});

describe('the route map', () => {
  it('marks the listed port and the ports in listed countries, by shape and in words, with a legend', async () => {
    const page = await newPage();
    await page.goto(`${stack.apiUrl}/`);
    await signIn(page, 'analyst-nlrtm');
    await rows(page).first().waitFor();
    await page.getByRole('link', { name: ROUTED }).click();
    const map = page.locator('figure.route-map');
    await map.waitFor();
    expect(await map.locator('svg g[data-locode=PACTB]').getAttribute('data-mark')).toBe('listedPort');
    expect(await map.locator('svg g[data-locode=ECGYE]').first().getAttribute('data-mark')).toBe(
      'listedCountry',
    );
    expect(await map.locator('svg g[data-locode=IRBND]').getAttribute('data-mark')).toBe('listedCountry');
    expect(await map.locator('svg g[data-locode=NLRTM]').first().getAttribute('data-mark')).toBe('stop');
    // The same in words: the stop list and the legend (colour is never the only sign).
    const stops = map.locator('.route-stops');
    expect(await stops.textContent()).toContain(
      'Transshipment: PACTB — port listed by ROUTE-TRANSSHIPMENT-HUB',
    );
    expect(await stops.textContent()).toMatch(
      /Port of loading: ECGYE — Ecuador is listed by .*ROUTE-COCAINE-ORIGIN/,
    );
    expect(await stops.textContent()).toMatch(
      /Previous port of the vessel: IRBND — Iran is listed by .*ROUTE-SANCTIONED/,
    );
    expect(await map.getByTestId('listed-countries').textContent()).toContain('Ecuador (EC)');
    expect(await map.getByTestId('listed-countries').textContent()).toContain('Iran (IR)');
    const legend = await map.getByRole('list', { name: 'Legend' }).getByRole('listitem').allTextContents();
    expect(legend.map((l) => l.trim())).toEqual([
      'Port of the route',
      'Port a risk profile lists',
      'Port in a country a risk profile lists',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await map.scrollIntoViewIfNeeded();
    await map.screenshot({ path: join(SCREENSHOTS, 'route-map-listed.png') });
  });
});

describe('flags over time', () => {
  it('counts a flag at 00:30 in Rotterdam (23:30 UTC the day before) on the Rotterdam day', async () => {
    const page = await newPage();
    await page.goto(`${stack.apiUrl}/`);
    await signIn(page, 'analyst-nlrtm');
    await page.getByRole('link', { name: 'Statistics', exact: true }).click();
    const overTime = page.getByTestId('over-time');
    await overTime.waitFor();
    await page.getByRole('heading', { name: 'Flags per day at the port (Europe/Amsterdam)' }).waitFor();
    const day = async (label: string) =>
      overTime
        .locator('tbody tr', { has: page.locator('th', { hasText: label }) })
        .locator('td.num')
        .textContent();
    // 1 December at the port: the routed flag only (UTC days would count it on 30 November,
    // and have no 1 December at all).
    expect(await day('1 Dec 2026')).toBe('1');
    // 30 November at the port: one flag an hour from 00:30 to 23:30 there.
    expect(await day('30 Nov 2026')).toBe('24');
    await screenshot(page, 'statistics-over-time', { fullPage: true });
  });
});
