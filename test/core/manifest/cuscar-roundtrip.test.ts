import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containerCheckDigit } from '#core/identifiers/index.ts';
import { parseCuscar } from '#core/manifest/cuscar-parser.ts';
import { writeCuscar } from '#core/manifest/cuscar-writer.ts';
import { bytesSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import { ReportBuilder } from '#core/manifest/report-builder.ts';
import { generateManifest } from '#generator/index.ts';
import { Manifest, type Party } from '#schemas/manifest.ts';

/** writeCuscar -> parseCuscar in chunks of `chunk` characters -> schema. */
async function roundTrip(manifest: Manifest, chunk = 4096) {
  const text = writeCuscar(manifest, { preparedAt: new Date('2026-03-01T08:00:00Z'), reference: 'RT1' });
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += chunk) chunks.push(text.slice(i, i + chunk));
  const report = new ReportBuilder();
  const parsed = await parseCuscar(chunks, report);
  const built = report.build({ billsOfLading: 0, containers: 0, goodsItems: 0 });
  return { text, back: parsed && Manifest.parse(parsed), report: built };
}

/** The same instant written another way (the writer keeps minutes and offsets, not the spelling). */
function sameInstant(m: Manifest): Manifest {
  const eta = m.voyage.eta;
  if (!eta?.includes('T')) return m;
  return { ...m, voyage: { ...m.voyage, eta: new Date(eta).toISOString() } };
}

describe('writeCuscar', () => {
  it('writes a valid D03B interchange: UNA, UNB with UTF-8, a UNT that counts its segments, UNZ', async () => {
    const { manifest } = generateManifest({ containers: 6, seed: 11 });
    const { text } = await roundTrip(manifest);
    const segments = text.split("'\n").filter(Boolean);
    expect(segments[0]).toBe('UNA:+.? ');
    expect(segments[1]).toMatch(/^UNB\+UNOW:4\+/);
    expect(segments[2]).toBe('UNH+1+CUSCAR:D:03B:UN');
    const unt = segments.findIndex((s) => s.startsWith('UNT+'));
    expect(segments[unt]).toBe(`UNT+${unt - 1}+1`);
    expect(segments.at(-1)).toBe('UNZ+1+RT1');
    const tags = new Set(segments.map((s) => s.slice(0, 3)));
    for (const tag of [
      'BGM',
      'DTM',
      'TDT',
      'LOC',
      'NAD',
      'EQD',
      'MEA',
      'SEL',
      'CNI',
      'RFF',
      'GID',
      'FTX',
      'SGP',
    ]) {
      expect(tags).toContain(tag);
    }
  });

  it('escapes the special characters of names and descriptions with the release character', () => {
    const manifest: Manifest = {
      voyage: {
        vesselName: "CAP'N + CO",
        voyageNumber: '12:A',
        reportingPort: 'NLRTM',
        previousPortsOfCall: [],
      },
      containers: [],
      billsOfLading: [
        {
          number: 'BL?1',
          type: 'master',
          notifyParties: [],
          transshipmentPorts: [],
          containers: [],
          goods: [{ lineNumber: 1, description: "50% OFF? YES: O'NEIL + SONS", containers: [] }],
        },
      ],
    };
    const text = writeCuscar(manifest, { preparedAt: new Date('2026-01-01T00:00:00Z') });
    expect(text).toContain("TDT+20+12?:A+1+13++++:::CAP?'N ?+ CO'");
    expect(text).toContain('RFF+BM:BL??1');
    expect(text).toContain("FTX+AAA+++50% OFF?? YES?: O?'NEIL ?+ SONS'");
  });
});

describe('CUSCAR round trip: generate -> writeCuscar -> parseCuscar', () => {
  it.each([1, 2, 3])(
    'gives the same model back for a generated 120-container manifest (seed %i)',
    async (seed) => {
      const { manifest } = generateManifest({ containers: 120, seed });
      const { back, report } = await roundTrip(manifest, 1000 + seed * 777);
      expect(report.counts.errors).toBe(0);
      expect(report.counts.rejectedRecords).toBe(0);
      expect(sameInstant(back as Manifest)).toEqual(sameInstant(manifest));
    },
  );

  it('goes through the intake (bytes, format detection, cross-record checks) unchanged', async () => {
    const { manifest } = generateManifest({ containers: 40, seed: 5 });
    const text = writeCuscar(manifest);
    const result = await parseManifest(bytesSource(text, 'manifest.edi'));
    expect(result.report.format).toBe('cuscar');
    expect(result.report.counts.errors).toBe(0);
    expect(sameInstant(result.manifest as Manifest)).toEqual(sameInstant(manifest));
  });

  it('gives the same model back for any manifest of the model (property)', async () => {
    await fc.assert(
      fc.asyncProperty(manifestArbitrary, fc.integer({ min: 1, max: 300 }), async (manifest, chunk) => {
        const { back, report } = await roundTrip(manifest, chunk);
        expect(report.counts.errors).toBe(0);
        expect(back).toEqual(manifest);
      }),
      { numRuns: 120 },
    );
  });
});

// ---- arbitraries of the model, restricted to what EDIFACT text keeps exactly ----

const SEAPORTS = ['SGSIN', 'NLRTM', 'DEHAM', 'MYPKG', 'KRPUS', 'BEANR', 'GBFXT'];
const HS_CODES = ['847130', '330499', '940360', '280530', '271019', '85171300', '8503'];
const ISO_TYPES = ['22G1', '45G1', '45R1', '22T6', 'L5G1'];
const COUNTRIES = ['CN', 'DE', 'NL', 'PA', 'US', 'BR', 'JP'];

/** Words of letters, digits, EDIFACT's special characters and other scripts, joined by single spaces. */
const word = fc
  .array(fc.constantFrom(...'ABCXYZabc019-/.,&()@#%', "'", '+', ':', '?', 'É', 'ß', 'Ж', '中', 'ا', '€'), {
    minLength: 1,
    maxLength: 14,
  })
  .map((chars) => chars.join(''));
const text = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
const token = fc.stringMatching(/^[A-Z0-9][A-Z0-9/-]{0,11}$/);
const port = fc.constantFrom(...SEAPORTS);

const containerNumber = fc
  .tuple(fc.constantFrom('MSK', 'CSQ', 'TGH', 'CMA', 'HLX'), fc.integer({ min: 0, max: 999_999 }))
  .map(([owner, serial]) => {
    const first10 = `${owner}U${String(serial).padStart(6, '0')}`;
    return `${first10}${containerCheckDigit(first10)}`;
  });

const party: fc.Arbitrary<Party> = fc.record(
  { name: text, address: text, country: fc.constantFrom(...COUNTRIES), identifier: token },
  { requiredKeys: ['name'] },
);

const eta = fc.oneof(
  fc.constant('2026-04-01'),
  fc.constant('2026-04-01T06:30:15Z'),
  fc.constant('2026-04-01T06:30:00+08:00'),
  fc.constant('2026-12-31T23:59:00-03:30'),
);

const manifestArbitrary: fc.Arbitrary<Manifest> = fc
  .record({
    voyage: fc.record(
      {
        vesselName: text,
        imoNumber: fc.constantFrom('9074729', '9215907', '9354351'),
        callSign: fc.stringMatching(/^[A-Z0-9]{4,7}$/),
        flag: fc.constantFrom(...COUNTRIES),
        voyageNumber: token,
        carrier: text,
        eta,
        reportingPort: fc.constant('NLRTM'),
        previousPortsOfCall: fc.uniqueArray(fc.constantFrom('SGSIN', 'DEHAM', 'MYPKG', 'KRPUS'), {
          maxLength: 3,
        }),
      },
      { requiredKeys: ['vesselName', 'voyageNumber', 'reportingPort', 'previousPortsOfCall'] },
    ),
    containers: fc.uniqueArray(
      fc.record(
        {
          number: containerNumber,
          isoType: fc.constantFrom(...ISO_TYPES),
          seals: fc.uniqueArray(token, { maxLength: 3 }),
          status: fc.constantFrom('full' as const, 'empty' as const),
          shipperOwned: fc.boolean(),
          verifiedGrossMassKg: fc.integer({ min: 250_000, max: 3_000_000 }).map((n) => n / 100),
        },
        { requiredKeys: ['number', 'seals', 'status', 'shipperOwned'] },
      ),
      { selector: (c) => c.number, maxLength: 5 },
    ),
    blNumbers: fc.uniqueArray(token, { minLength: 0, maxLength: 4 }),
  })
  .chain(({ voyage, containers, blNumbers }) => {
    const numbers = containers.map((c) => c.number);
    const someContainers = numbers.length > 0 ? fc.subarray(numbers) : fc.constant([] as string[]);
    const goods = fc.array(
      fc.record(
        {
          description: text,
          hsCode: fc.constantFrom(...HS_CODES),
          packageCount: fc.nat({ max: 100_000 }),
          packageType: fc.constantFrom('CT', 'PK', 'BX', 'DR', 'PALLETS'),
          grossWeightKg: fc.integer({ min: 0, max: 2_000_000 }).map((n) => n / 100),
          volumeM3: fc.integer({ min: 0, max: 7000 }).map((n) => n / 100),
          marks: text,
          dangerousGoodsUn: fc.stringMatching(/^\d{4}$/),
          containers: someContainers,
        },
        { requiredKeys: ['description', 'containers'] },
      ),
      { maxLength: 3 },
    );
    const bl = (number: string) =>
      fc
        .record(
          {
            type: fc.constantFrom('master' as const, 'house' as const),
            masterNumber: token.map((t) => `M${t}`),
            shipper: party,
            consignee: party,
            notifyParties: fc.array(party, { maxLength: 3 }),
            forwarder: party,
            placeOfReceipt: port,
            portOfLoading: port,
            transshipmentPorts: fc.uniqueArray(port, { maxLength: 2 }),
            portOfDischarge: port,
            placeOfDelivery: port,
            freightTerms: fc.constantFrom('prepaid' as const, 'collect' as const, 'elsewhere' as const),
            containers: someContainers,
            goods,
          },
          { requiredKeys: ['type', 'notifyParties', 'transshipmentPorts', 'containers', 'goods'] },
        )
        .map(({ masterNumber, goods: items, ...rest }) => ({
          number,
          ...rest,
          ...(rest.type === 'house' &&
            masterNumber !== undefined &&
            masterNumber !== number && { masterNumber }),
          goods: items.map((g, i) => ({ lineNumber: i + 1, ...g })),
        }));
    return fc.tuple(...blNumbers.map(bl)).map((billsOfLading) => ({ voyage, containers, billsOfLading }));
  })
  .map((m) => Manifest.parse(m));
