/**
 * Rail and air end to end on the local stack: a dry port on the Kazakh-Chinese border (Horgos,
 * KZHOR) and an Air Cargo Control Unit (Tashkent, UZTAS) each upload what they receive through
 * a presigned URL; the real ingest and profile handlers behind the emulators read a generated
 * container train's CSV, a generated e-commerce consolidation's CSV and an IATA Cargo-XML
 * XFWB; the API gives each manifest and flag its mode and the mode's identifiers, and
 * `GET /flagged?mode=` keeps the modes apart. The planted parties and the listed wagon come
 * from a PCU's native watchlist, published with the bundled lists.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWatchlistPaths } from '#core/watchlists/index.ts';
import { parseNativeWatchlistCsv } from '#core/watchlists/native-csv.ts';
import { type GenerateOptions, generateManifest, generateManifestText } from '#generator/index.ts';
import type { PlantedTruth } from '#generator/planting.ts';
import type { ManifestSummary } from '#schemas/api.ts';
import { demoApiClient, manifestIdOf } from '../../local/demo-api-client.ts';
import { type LocalStack, startLocalStack } from '../../local/local-stack.ts';
import { type StackApi, stackApi } from './stack-api.ts';

const STATION = 'KZHOR';
const AIRPORT = 'UZTAS';
/** A second ACCU (Almaty): the Cargo-XML master waybill goes there. */
const OTHER_AIRPORT = 'KZALA';
const RAIL_ANALYST = `analyst-${STATION.toLowerCase()}`;
const AIR_ANALYST = `analyst-${AIRPORT.toLowerCase()}`;

const PARTIES = [
  'id,type,name,reason',
  'E2E-RAIL-1,organization,Zhetysu Steppe Freight Forwarding LLP,seizure 2026-05 Horgos',
  'E2E-AIR-1,organization,Qilian Mountain Logistics Co Ltd,e-commerce mis-declaration 2026-08',
  // The consignor of the Cargo-XML sample (test/fixtures/air), listed so that its waybill is flagged.
  'E2E-AIR-2,organization,Forwarder Company Ireland Ltd,undervaluation 2026-02',
].join('\n');
const partyEntries = parseNativeWatchlistCsv(`${PARTIES}\n`, 'pcu-local');

/** A generated manifest of `mode` into `port`, with the native list's entry `planted` in it. */
function plantedManifest(
  mode: 'rail' | 'air',
  port: string,
  planted: string,
  seed: string,
  containers = 12,
): GenerateOptions {
  const entries = partyEntries.filter((e) => e.id === planted);
  return { mode, seed, containers, reportingPort: port, plant: { count: 1, entries } };
}

const railOptions = plantedManifest('rail', STATION, 'E2E-RAIL-1', 'e2e-rail');
/** Tashkent has a rail terminal as well as the airport: its unit receives trains and flights. */
const tashkentRailOptions = plantedManifest('rail', AIRPORT, 'E2E-RAIL-1', 'e2e-rail-tashkent', 6);
const airOptions = plantedManifest('air', AIRPORT, 'E2E-AIR-1', 'e2e-air');

function csvOf(options: GenerateOptions): { body: Buffer; truth: PlantedTruth[] } {
  const text = generateManifestText(options, 'csv');
  const body = Buffer.from([...text.chunks].join(''));
  return { body, truth: text.truth };
}

const train = generateManifest(railOptions).manifest;
/** A wagon of the train, listed by its number in the native watchlist. */
const listedWagon = train.containers.find((c) => c.kind === 'wagon')?.number;
if (!listedWagon)
  throw new Error(`the train of seed ${railOptions.seed} has no wagon to list: choose another seed`);
const rail = csvOf(railOptions);
const tashkentRail = csvOf(tashkentRailOptions);
const air = csvOf(airOptions);
const airFixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/air', name));
/** The IATA Cargo-XML pair: the master air waybill and a house waybill under it. */
const xfwb = airFixture('xfwb-master-air-waybill.xml');
const xfzb = airFixture('xfzb-house-air-waybill.xml');

let stack: LocalStack;
let http: StackApi;
let dir: string;
type Upload = 'rail' | 'tashkentRail' | 'air' | 'xfwb' | 'xfzb';
const manifests: Partial<Record<Upload, ManifestSummary>> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pcu-e2e-modes-'));
  const native = join(dir, 'pcu-local.csv');
  writeFileSync(native, `${PARTIES}\nE2E-WAGON-1,wagon,${listedWagon},seizure 2026-03 Dostyk\n`);
  stack = await startLocalStack({ port: 0, logLevel: 'SILENT', demoPorts: [STATION, AIRPORT] });
  http = stackApi(stack);
  await stack.publish({ watchlistPaths: [...defaultWatchlistPaths(), native] });

  // The units upload at once, as they would; the Cargo-XML pair goes to the other airport's folder.
  const client = demoApiClient(stack);
  const uploads = [
    {
      key: 'rail',
      port: STATION,
      fileName: 'X train manifest.csv',
      body: rail.body,
      contentType: 'text/csv',
    },
    {
      key: 'tashkentRail',
      port: AIRPORT,
      fileName: 'train into Tashkent.csv',
      body: tashkentRail.body,
      contentType: 'text/csv',
    },
    { key: 'air', port: AIRPORT, fileName: 'consolidation.csv', body: air.body, contentType: 'text/csv' },
    {
      key: 'xfwb',
      port: OTHER_AIRPORT,
      fileName: '888-11111111_XFWB.xml',
      body: xfwb,
      contentType: 'application/xml',
    },
    {
      key: 'xfzb',
      port: OTHER_AIRPORT,
      fileName: 'SEL22222222_XFZB.xml',
      body: xfzb,
      contentType: 'text/xml',
    },
  ] as const;
  await Promise.all(uploads.map(({ key: _, ...upload }) => client.upload(upload)));
  await Promise.all(
    uploads.map(async ({ key, port, body }) => {
      manifests[key] = await client.waitForManifestId(port, manifestIdOf(port, body), 45_000);
    }),
  );
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('rail and air manifests through the local stack', () => {
  it('each manifest completes with its mode and the conveyance identifiers it declares', () => {
    expect(manifests.rail).toMatchObject({
      status: 'complete',
      port: STATION,
      mode: 'rail',
      conveyance: { trainNumber: train.voyage.trainNumber, borderStation: train.voyage.borderStation },
    });
    expect(manifests.rail?.counts.containers).toBe(12);
    const flight = generateManifest(airOptions).manifest.voyage;
    expect(manifests.air).toMatchObject({
      status: 'complete',
      port: AIRPORT,
      mode: 'air',
      conveyance: { flightNumber: flight.flightNumber, aircraftRegistration: flight.aircraftRegistration },
    });
    // The Cargo-XML master waybill: the flight of its last movement (XX8012 ORK-DUB, then XX345 into AUH).
    expect(manifests.xfwb).toMatchObject({
      status: 'complete',
      port: OTHER_AIRPORT,
      mode: 'air',
      format: 'cargo-xml',
      conveyance: { flightNumber: 'XX345' },
      counts: { billsOfLading: 1 },
    });
    // The house waybill (XFZB) is read as its own air manifest, filed under its master's AWB.
    expect(manifests.xfzb).toMatchObject({
      status: 'complete',
      port: OTHER_AIRPORT,
      mode: 'air',
      format: 'cargo-xml',
      voyageNumber: '888-11111111',
      counts: { billsOfLading: 1, errors: 0 },
    });
  });

  it('flags the planted parties and the listed wagon, with the watchlist entry as the reason', async () => {
    const railFlags = (await http.allFlagged(RAIL_ANALYST, `port=${STATION}`)).filter(
      (f) => f.manifestId === manifests.rail?.id,
    );
    const airFlags = (await http.allFlagged(AIR_ANALYST, `port=${AIRPORT}`)).filter(
      (f) => f.manifestId === manifests.air?.id,
    );
    expect(railFlags).toHaveLength(manifests.rail?.containersFlagged ?? -1);
    expect(airFlags).toHaveLength(manifests.air?.containersFlagged ?? -1);

    const cases = [
      { analyst: RAIL_ANALYST, flags: railFlags, truth: rail.truth, entry: 'E2E-RAIL-1' },
      { analyst: AIR_ANALYST, flags: airFlags, truth: air.truth, entry: 'E2E-AIR-1' },
    ];
    for (const { analyst, flags, truth, entry } of cases) {
      expect(truth).toHaveLength(1);
      const planted = truth[0] as PlantedTruth;
      expect(planted.entryId).toBe(entry);
      expect(planted.containers.length).toBeGreaterThan(0);
      for (const unit of planted.containers) {
        const flag = flags.find((f) => f.containerNumber === unit);
        expect(flag, `${entry} planted in ${unit}`).toBeDefined();
        expect(flag.rules.some((r: string) => r.startsWith('WL-PARTY'))).toBe(true);
        const detail = await http.api(analyst, 'GET', `/flagged/${encodeURIComponent(flag.id)}`);
        expect(detail.status).toBe(200);
        const evidence = detail.body.assessment.hits
          .filter((h: any) => h.ruleId.startsWith('WL-PARTY'))
          .flatMap((h: any) => h.evidence)
          .map((e: any) => e.watchlist)
          .filter(Boolean);
        expect(evidence).toContainEqual(expect.objectContaining({ list: 'pcu-local', entityId: entry }));
      }
    }

    // The XFWB's consignor: its waybill, a loose consignment, is flagged through its stand-in unit.
    const [xfwbFlag, ...more] = (await http.allFlagged('admin', `port=${OTHER_AIRPORT}`)).filter(
      (f) => f.manifestId === manifests.xfwb?.id,
    );
    expect(more).toEqual([]);
    expect(xfwbFlag.rules.some((r: string) => r.startsWith('WL-PARTY'))).toBe(true);
    const xfwbDetail = await http.api('admin', 'GET', `/flagged/${encodeURIComponent(xfwbFlag.id)}`);
    expect(xfwbDetail.body).toMatchObject({ mode: 'air', conveyance: { flightNumber: 'XX345' } });
    expect(JSON.stringify(xfwbDetail.body.assessment.hits)).toContain('E2E-AIR-2');

    const wagonFlag = railFlags.find((f) => f.containerNumber === listedWagon);
    expect(wagonFlag?.rules).toContain('WL-CONVEYANCE-EQUIPMENT');
    const wagonDetail = await http.api(RAIL_ANALYST, 'GET', `/flagged/${encodeURIComponent(wagonFlag.id)}`);
    const hit = wagonDetail.body.assessment.hits.find((h: any) => h.ruleId === 'WL-CONVEYANCE-EQUIPMENT');
    expect(JSON.stringify(hit)).toContain('E2E-WAGON-1');
  });

  it('the flag detail shows the train or the flight, and the consignment as declared', async () => {
    const [railFlag] = (await http.allFlagged(RAIL_ANALYST, `port=${STATION}&mode=rail`, 100)).filter(
      (f) => f.manifestId === manifests.rail?.id,
    );
    const railDetail = await http.api(RAIL_ANALYST, 'GET', `/flagged/${encodeURIComponent(railFlag.id)}`);
    expect(railDetail.body).toMatchObject({
      mode: 'rail',
      conveyance: { trainNumber: train.voyage.trainNumber, borderStation: train.voyage.borderStation },
    });
    const [airFlag] = (await http.allFlagged(AIR_ANALYST, `port=${AIRPORT}&mode=air`, 100)).filter(
      (f) => f.manifestId === manifests.air?.id,
    );
    const airDetail = await http.api(AIR_ANALYST, 'GET', `/flagged/${encodeURIComponent(airFlag.id)}`);
    expect(airDetail.body).toMatchObject({
      mode: 'air',
      conveyance: { flightNumber: manifests.air?.conveyance?.flightNumber },
    });
    expect(airDetail.body.consignment.billsOfLading.length).toBeGreaterThan(0);
  });

  it('GET /flagged?mode= gives only the flags of that mode, at a unit that has both', async () => {
    const ids = (flags: any[]) => flags.map((f) => f.id).sort();
    const at = (port: string, mode?: string) =>
      http.allFlagged('admin', `port=${port}${mode ? `&mode=${mode}` : ''}`, 5);

    const tashkent = await at(AIRPORT);
    const tashkentAir = await at(AIRPORT, 'air');
    const tashkentRail = await at(AIRPORT, 'rail');
    expect(manifests.tashkentRail).toMatchObject({ status: 'complete', mode: 'rail' });
    expect(tashkentAir).toHaveLength(manifests.air?.containersFlagged ?? -1);
    expect(tashkentRail).toHaveLength(manifests.tashkentRail?.containersFlagged ?? -1);
    expect(tashkentAir.length).toBeGreaterThan(0);
    expect(tashkentRail.length).toBeGreaterThan(0);
    expect(tashkentAir.every((f) => f.mode === 'air' && f.manifestId === manifests.air?.id)).toBe(true);
    expect(tashkentRail.every((f) => f.mode === 'rail' && f.manifestId === manifests.tashkentRail?.id)).toBe(
      true,
    );
    expect(ids([...tashkentAir, ...tashkentRail])).toEqual(ids(tashkent));
    expect(await at(AIRPORT, 'sea')).toEqual([]);

    const horgosRail = await at(STATION, 'rail');
    expect(horgosRail).toHaveLength(manifests.rail?.containersFlagged ?? -1);
    expect(horgosRail.every((f) => f.mode === 'rail' && f.manifestId === manifests.rail?.id)).toBe(true);
    expect(await at(STATION, 'air')).toEqual([]);
    const almatyAir = await at(OTHER_AIRPORT, 'air');
    expect(almatyAir).toHaveLength(1);
    expect(almatyAir[0]).toMatchObject({ mode: 'air', manifestId: manifests.xfwb?.id });
    expect(await at(OTHER_AIRPORT, 'rail')).toEqual([]);

    // The manifest list filters the same way.
    const listed = async (mode: string) =>
      (await http.api('admin', 'GET', `/manifests?port=${AIRPORT}&mode=${mode}`)).body.items.map(
        (m: ManifestSummary) => m.id,
      );
    expect(await listed('air')).toEqual([manifests.air?.id]);
    expect(await listed('rail')).toEqual([manifests.tashkentRail?.id]);
  });
});
