/**
 * Air waybill intake (issue 12 target: XFWB/Cargo-IMP >= 5,000 air waybills/s on one core).
 * Each message is read as the ingest Lambda reads an uploaded file: `readManifestForIntake` on
 * its bytes with the airport from the upload folder and the object size (detection, decoding,
 * reading, identifier checks, airport mapping, the model's schema, cross-record index), then
 * every unit handed out (`forEachUnit`). Messages are the test fixtures with a distinct, valid AWB number each: XFWB and FWB
 * one master per message; FHL 50 house waybills per message. Medians of 5 rounds; the machine
 * is shared, so the figures are noisy: compare within one run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesSource, readManifestForIntake } from '#core/manifest/parse-manifest.ts';

const fixtures = join(import.meta.dirname, '../test/fixtures/air');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const ROUNDS = 5;
const MESSAGES = 2000;
const HOUSES_PER_FHL = 50;

/** The i-th AWB number of airline 888, with its mod-7 check digit. */
function awb(i: number): string {
  const first7 = String(1_000_000 + i).padStart(7, '0');
  return `888-${first7}${Number(first7) % 7}`;
}

function xfwbMessages(): Uint8Array[] {
  const base = read('xfwb-master-air-waybill.xml');
  return Array.from({ length: MESSAGES }, (_, i) =>
    new TextEncoder().encode(
      base
        .replace('<ID>888-11111111</ID>', `<ID>${awb(i)}</ID>`)
        .replace('FORWARDER COMPANY SHANGHAI LTD', `CONSIGNEE ${i} TRADING LTD`),
    ),
  );
}

function fwbMessages(): Uint8Array[] {
  const base = read('fwb-master-air-waybill.txt');
  return Array.from({ length: MESSAGES }, (_, i) =>
    new TextEncoder().encode(
      base
        .replace('888-11111111', awb(i))
        .replace('FORWARDER COMPANY SHANGHAI LTD', `CONSIGNEE ${i} TRADING LTD`),
    ),
  );
}

function fhlMessages(): Uint8Array[] {
  const lines = read('fhl-house-manifest.txt').split('\r\n');
  const head = lines.slice(0, 2);
  const house = lines.slice(2, 17); // HBS .. the first house's CNE block
  return Array.from({ length: MESSAGES / HOUSES_PER_FHL }, (_, m) => {
    const houses = Array.from({ length: HOUSES_PER_FHL }, (_, h) =>
      house.map((l) => l.replace('SEL22222222', `SEL${String(m * 1000 + h).padStart(8, '0')}`)).join('\r\n'),
    );
    return new TextEncoder().encode(`${[...head, ...houses].join('\r\n')}\r\n`);
  });
}

async function rate(messages: Uint8Array[], waybillsPerMessage: number): Promise<number> {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    let waybills = 0;
    for (const m of messages) {
      const read = await readManifestForIntake(bytesSource(m), {
        reportingPort: 'UZTAS',
        sizeBytes: m.length,
      });
      waybills += read.report.counts.billsOfLading;
      await read.forEachUnit(() => {});
    }
    const seconds = (performance.now() - start) / 1000;
    if (waybills !== messages.length * waybillsPerMessage) throw new Error(`read ${waybills} waybills`);
    rates.push(waybills / seconds);
  }
  rates.sort((a, b) => a - b);
  return Math.round(rates[Math.floor(rates.length / 2)] as number);
}

const summary = {
  name: 'air-intake',
  xfwbWaybillsPerSecond: await rate(xfwbMessages(), 1),
  fwbWaybillsPerSecond: await rate(fwbMessages(), 1),
  fhlHouseWaybillsPerSecond: await rate(fhlMessages(), HOUSES_PER_FHL),
  targetWaybillsPerSecond: 5000,
};
console.log(
  `air waybill intake, median of ${ROUNDS} rounds: XFWB ${summary.xfwbWaybillsPerSecond}/s, FWB ${summary.fwbWaybillsPerSecond}/s, FHL houses ${summary.fhlHouseWaybillsPerSecond}/s (target 5,000/s)`,
);
console.log(`BENCH ${JSON.stringify(summary)}`);
