import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containerUnits } from '#core/manifest/container-units.ts';
import { JSON_LIMITS } from '#core/manifest/json-parser.ts';
import { bytesSource, parseManifest, readManifestForIntake } from '#core/manifest/parse-manifest.ts';
import { generateManifest, generateManifestText } from '#generator/index.ts';
import type { ContainerUnit, Manifest, ManifestInput } from '#schemas/manifest.ts';

function manifest(): ManifestInput {
  return {
    voyage: {
      vesselName: 'MSC ANNA',
      imoNumber: '9074729',
      voyageNumber: 'FA123W',
      reportingPort: 'NLRTM',
      eta: '2024-03-15',
    },
    billsOfLading: [
      {
        number: 'MEDU1',
        shipper: { name: 'Ningbo Bright Toys', country: 'CN' },
        portOfLoading: 'CNNGB',
        containers: ['MSKU7351770'],
        goods: [
          {
            lineNumber: 1,
            description: 'TOYS',
            hsCode: '950300',
            grossWeightKg: 8000,
            containers: ['MSKU7351770'],
          },
        ],
      },
      { number: 'MEDU2', portOfLoading: 'XXQQQ', containers: ['TGHU1234566'] },
      {
        number: 'MEDU3',
        containers: ['CMAU3456780'],
        goods: [{ lineNumber: 1, description: 'SHOES', grossWeightKg: -1 }],
      },
      { containers: ['MSCU1234564'] } as unknown as ManifestInput['billsOfLading'][number],
    ],
    containers: [
      { number: 'MSKU7351770', isoType: '22G1', verifiedGrossMassKg: 11000 },
      { number: 'TGHU123456', isoType: '45G1' },
      { number: 'CMAU3456781', isoType: '45G1' },
      { number: 'MSCU1234564', isoType: '22G1', verifiedGrossMassKg: 500000 },
    ],
  };
}

async function parse(text: string, name = 'manifest.json') {
  return parseManifest(bytesSource(text, name));
}

describe('JSON intake', () => {
  it('keeps B/Ls and containers with field errors, the bad field left out and kept as dataQuality', async () => {
    const { manifest: parsed, report } = await parse(JSON.stringify(manifest(), null, 2));
    expect(report.format).toBe('json');
    expect(report.status).toBe('accepted-with-errors');
    const byCode = (code: string) => report.issues.filter((i) => i.code === code);
    expect(byCode('LOCODE_UNKNOWN')[0]).toMatchObject({
      rejected: false,
      location: { path: '/billsOfLading/1/portOfLoading' },
      record: 'B/L MEDU2',
    });
    expect(byCode('WEIGHT_IMPOSSIBLE').map((i) => i.location.path)).toEqual([
      '/billsOfLading/2/goods/0/grossWeightKg',
      '/containers/3/verifiedGrossMassKg',
    ]);
    expect(byCode('REQUIRED_FIELD')[0]?.location.path).toBe('/billsOfLading/3/number');
    expect(byCode('CONTAINER_FORMAT')[0]).toMatchObject({
      location: { path: '/containers/1/number' },
      rejected: false,
    });
    // A wrong check digit is a warning: the container is kept for profiling.
    expect(byCode('CONTAINER_CHECK_DIGIT')[0]).toMatchObject({
      severity: 'warning',
      location: { path: '/containers/2/number' },
    });
    // Every B/L and container is kept: the one without a number is attributable through its container.
    expect(parsed?.billsOfLading.map((b) => b.number)).toEqual([
      'MEDU1',
      'MEDU2',
      'MEDU3',
      '(no B/L number, #4)',
    ]);
    expect(parsed?.containers.map((c) => c.number)).toEqual([
      'MSKU7351770',
      'TGHU123456',
      'CMAU3456781',
      'MSCU1234564',
    ]);
    const medu2 = parsed?.billsOfLading[1];
    expect(medu2?.portOfLoading).toBeUndefined();
    expect(medu2?.dataQuality).toEqual([{ code: 'LOCODE_UNKNOWN', field: 'portOfLoading', value: 'XXQQQ' }]);
    expect(parsed?.billsOfLading[2]?.goods[0]).toMatchObject({
      description: 'SHOES',
      dataQuality: [{ code: 'WEIGHT_IMPOSSIBLE', field: 'grossWeightKg', value: '-1' }],
    });
    expect(parsed?.billsOfLading[2]?.goods[0]?.grossWeightKg).toBeUndefined();
    expect(parsed?.containers[3]).toMatchObject({
      dataQuality: [{ code: 'WEIGHT_IMPOSSIBLE', field: 'verifiedGrossMassKg', value: '500000' }],
    });
    expect(parsed?.containers[3]?.verifiedGrossMassKg).toBeUndefined();
    expect(report.counts).toMatchObject({
      recordsRead: 8,
      rejectedRecords: 0,
      billsOfLading: 4,
      containers: 4,
      goodsItems: 2,
    });
  });

  it('a syntax error rejects the file with JSON_SYNTAX and its line and column', async () => {
    const text =
      '{\n  "voyage": {\n    "vesselName": "MSC ANNA",\n    "voyageNumber": "FA1" "reportingPort": "NLRTM"\n  }\n}';
    const { manifest: parsed, report } = await parse(text);
    expect(parsed).toBeUndefined();
    expect(report.status).toBe('rejected');
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ code: 'JSON_SYNTAX', location: { line: 4, column: 27 } });
    const truncated = await parse('{"voyage": {"vesselName": "MSC');
    expect(truncated.report.issues[0]).toMatchObject({
      code: 'JSON_SYNTAX',
      location: { line: 1, column: 31 },
    });
  });

  it('a voyage without a reporting port rejects the file; a bad optional voyage field is left out', async () => {
    const noPort = manifest();
    delete (noPort.voyage as { reportingPort?: string }).reportingPort;
    const rejected = await parse(JSON.stringify(noPort));
    expect(rejected.report.status).toBe('rejected');
    expect(rejected.report.issues[0]).toMatchObject({
      code: 'REQUIRED_FIELD',
      location: { path: '/voyage/reportingPort' },
    });

    const badEta = manifest();
    badEta.voyage.eta = '2024-13-45';
    badEta.billsOfLading = badEta.billsOfLading.slice(0, 1);
    badEta.containers = badEta.containers.slice(0, 1);
    const { manifest: parsed, report } = await parse(JSON.stringify(badEta));
    expect(parsed?.voyage.eta).toBeUndefined();
    expect(parsed?.voyage.vesselName).toBe('MSC ANNA');
    expect(report.issues.find((i) => i.location.path === '/voyage/eta')?.severity).toBe('error');
    expect(parsed?.billsOfLading).toHaveLength(1);
  });

  it('JSON that is not a manifest is rejected with one clear reason', async () => {
    for (const text of ['[1, 2, 3]', '{"vessel": "x"}', '{"billsOfLading": {}, "voyage": {}}']) {
      const { manifest: parsed, report } = await parse(text);
      expect(parsed).toBeUndefined();
      expect(report.issues).toHaveLength(1);
      expect(report.issues[0]?.code).toBe('JSON_SCHEMA');
    }
    // The voyage is read as soon as it is complete: an empty one rejects the file on the spot.
    const empty = await parse('{"voyage": {}, "billsOfLading": {}}');
    expect(empty.report.issues.map((i) => i.code)).toEqual(['REQUIRED_FIELD']);
  });

  it('a JSON file named .csv is read as JSON with FILE_FORMAT_MISMATCH', async () => {
    const { report } = await parse(JSON.stringify(manifest()), 'upload.csv');
    expect(report.format).toBe('json');
    expect(report.issues.filter((i) => i.code === 'FILE_FORMAT_MISMATCH')).toHaveLength(1);
  });

  it('container numbers are normalised and goods pointing at undeclared containers are reported', async () => {
    const m = manifest();
    m.billsOfLading = [
      {
        number: 'B1',
        containers: ['msku 735177-0', 'ZZZU0000000'],
        goods: [{ lineNumber: 1, description: 'X', containers: ['MSKU7351770'] }],
      },
    ];
    m.containers = [{ number: 'msku 735177 0' }];
    const { manifest: parsed, report } = await parse(JSON.stringify(m));
    expect(parsed?.billsOfLading[0]?.containers).toEqual(['MSKU7351770', 'ZZZU0000000']);
    expect(parsed?.containers[0]?.number).toBe('MSKU7351770');
    expect(report.issues.find((i) => i.code === 'GOODS_CONTAINER_UNKNOWN')?.message).toContain('ZZZU0000000');
  });
});

describe('JSON coverage: every container and B/L kept, whatever else is wrong', () => {
  const voyage = { vesselName: 'MSC ANNA', voyageNumber: 'FA123W', reportingPort: 'NLRTM' };

  it('the impossible row of issue 10: both containers assessed, both errors reported and on the record', async () => {
    const doc = {
      voyage,
      billsOfLading: [
        {
          number: 'MEDU3',
          consignee: { name: 'COCAINE IMPORTS' },
          containers: ['TGHU1234567', 'MSKU7351770'],
          goods: [
            {
              lineNumber: 1,
              description: 'COCAINE',
              hsCode: '1234567890123',
              grossWeightKg: 99_999_999,
              containers: ['TGHU1234567'],
            },
          ],
        },
      ],
      containers: [{ number: 'TGHU1234567' }, { number: 'MSKU7351770' }],
    };
    const read = await readManifestForIntake(bytesSource(JSON.stringify(doc), 'm.json'));
    const units: ContainerUnit[] = [];
    await read.forEachUnit((u) => {
      units.push(u);
    });
    expect(units.map((u) => u.container.number).sort()).toEqual(['MSKU7351770', 'TGHU1234567']);
    expect(read.report.counts).toMatchObject({ containers: 2, billsOfLading: 1, rejectedRecords: 0 });
    const errors = read.report.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.code, i.location.path])).toEqual([
      ['HS_FORMAT', '/billsOfLading/0/goods/0/hsCode'],
      ['WEIGHT_IMPOSSIBLE', '/billsOfLading/0/goods/0/grossWeightKg'],
    ]);
    const goods = units.find((u) => u.container.number === 'TGHU1234567')?.billsOfLading[0]?.goods[0];
    expect(goods?.dataQuality).toEqual([
      { code: 'HS_FORMAT', field: 'hsCode', value: '1234567890123' },
      { code: 'WEIGHT_IMPOSSIBLE', field: 'grossWeightKg', value: '99999999' },
    ]);
    expect(goods?.hsCode).toBeUndefined();
  });

  it('reports every error of a record, not the first only, and ignores a dataQuality the sender wrote', async () => {
    const doc = {
      voyage,
      billsOfLading: [
        {
          number: 'B1',
          shipper: { name: 'ACME', country: 'ZZZ' },
          portOfLoading: 'nowhere',
          freightTerms: 'free',
          transshipmentPorts: ['SGSIN', 42, 'XXQQQ'],
          containers: ['MSKU7351770'],
          dataQuality: [{ code: 'NONE', field: 'x' }],
        },
      ],
      containers: [{ number: 'MSKU7351770', verifiedGrossMassKg: 'heavy', seals: ['S1', null] }],
    };
    const { manifest, report } = await parse(JSON.stringify(doc));
    const bl = manifest?.billsOfLading[0];
    expect(
      report.issues.filter((i) => i.record === 'B/L B1' && i.severity === 'error').map((i) => i.code),
    ).toEqual(['COUNTRY_UNKNOWN', 'LOCODE_FORMAT', 'JSON_SCHEMA', 'VALUE_UNKNOWN', 'LOCODE_UNKNOWN']);
    expect(bl?.dataQuality?.map((q) => q.field)).toEqual([
      'shipper.country',
      'portOfLoading',
      'transshipmentPorts.1',
      'freightTerms',
      'transshipmentPorts.2',
    ]);
    // Positions are those of the document, though the bad element before it was left out.
    expect(report.issues.find((i) => i.code === 'LOCODE_UNKNOWN')?.location.path).toBe(
      '/billsOfLading/0/transshipmentPorts/2',
    );
    expect(bl).toMatchObject({ shipper: { name: 'ACME' }, transshipmentPorts: ['SGSIN'] });
    expect(bl?.portOfLoading).toBeUndefined();
    const container = manifest?.containers[0];
    expect(container?.seals).toEqual(['S1']);
    expect(container?.dataQuality?.map((q) => [q.code, q.field])).toEqual([
      ['JSON_SCHEMA', 'seals.1'],
      ['JSON_SCHEMA', 'verifiedGrossMassKg'],
    ]);
  });

  it('sets aside only what names neither a container nor a B/L, and reports it', async () => {
    const doc = {
      voyage,
      billsOfLading: [
        { shipper: { name: 'NOBODY LTD' } },
        {
          shipper: { name: 'SOMEBODY LTD' },
          goods: [{ lineNumber: 1, description: 'X', containers: ['MSKU7351770'] }],
        },
        'not a B/L',
      ],
      containers: [{ isoType: '22G1' }, { number: 'MSKU7351770' }, 17],
    };
    const { manifest, report } = await parse(JSON.stringify(doc));
    expect(manifest?.billsOfLading.map((b) => [b.number, b.shipper?.name])).toEqual([
      ['(no B/L number, #2)', 'SOMEBODY LTD'],
    ]);
    expect(manifest?.containers.map((c) => c.number)).toEqual(['MSKU7351770']);
    expect(report.counts).toMatchObject({ recordsRead: 6, rejectedRecords: 4 });
    expect(report.issues.filter((i) => i.rejected).map((i) => i.location.path)).toEqual([
      '/billsOfLading/0/number',
      '/billsOfLading/2',
      '/containers/0/number',
      '/containers/2',
    ]);
  });

  it('names a goods line by its position in the document when an earlier one was left out', async () => {
    const doc = {
      voyage,
      billsOfLading: [
        { number: 'B1', containers: [], goods: [{}, { lineNumber: 2, description: 'X', hsCode: '12345' }] },
      ],
      containers: [],
    };
    const { manifest, report } = await parse(JSON.stringify(doc));
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => i.location.path)).toEqual([
      '/billsOfLading/0/goods/0',
      '/billsOfLading/0/goods/1/hsCode',
    ]);
    expect(manifest?.billsOfLading[0]?.goods[0]?.dataQuality).toEqual([
      { code: 'HS_FORMAT', field: 'hsCode', value: '12345' },
    ]);
  });

  it('keeps a bounded excerpt of a huge bad value, with its length', async () => {
    const hsCode = '9'.repeat(500_000);
    const doc = {
      voyage,
      billsOfLading: [{ number: 'B1', goods: [{ lineNumber: 1, description: 'X', hsCode }], containers: [] }],
      containers: [],
    };
    const { manifest } = await parse(JSON.stringify(doc));
    const [quality] = manifest?.billsOfLading[0]?.goods[0]?.dataQuality ?? [];
    expect(quality?.code).toBe('HS_FORMAT');
    expect(quality?.value?.length).toBeLessThan(120);
    expect(quality?.value).toContain('500000 characters');
  });

  it('streams the same units as the model read whole (two readings, units as their last B/L is read)', async () => {
    const { chunks } = generateManifestText({ containers: 300, seed: 11 }, 'json');
    const text = [...chunks].join('');
    const whole = await parse(text);
    const read = await readManifestForIntake(bytesSource(text, 'm.json'));
    const streamed = new Map<string, ContainerUnit>();
    await read.forEachUnit((u) => {
      streamed.set(u.container.number, u);
    });
    expect(read.report).toEqual(whole.report);
    const expected = containerUnits(whole.manifest as Manifest);
    expect(streamed.size).toBe(expected.length);
    expect(read.unitCount).toBe(expected.length);
    for (const unit of expected) expect(streamed.get(unit.container.number)).toEqual(unit);
  });
});

describe('JSON pathological shapes stay bounded', () => {
  const voyage = '{"voyage":{"vesselName":"MSC ANNA","voyageNumber":"FA1","reportingPort":"NLRTM"},';

  it('nesting deeper than the limit rejects the file with where it happened', async () => {
    const deep = `${voyage}"containers":[{"number":"MSKU7351770","seals":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}]}`;
    const { report } = await parse(deep);
    expect(report.status).toBe('rejected');
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]?.code).toBe('JSON_SCHEMA');
    expect(report.issues[0]?.message).toMatch(/deeper than 32 levels at \/containers\/0\/seals\/0\/0/);
  });

  it('a record over the value limit is kept with what was read and the limit reported', async () => {
    const seals = Array.from({ length: JSON_LIMITS.maxValuesPerRecord + 500 }, (_, i) => `S${i}`);
    const text = `${voyage}"containers":[${JSON.stringify({ number: 'MSKU7351770', seals })}]}`;
    const { manifest, report } = await parse(text);
    expect(manifest?.containers[0]?.number).toBe('MSKU7351770');
    expect(manifest?.containers[0]?.seals.length).toBeLessThan(JSON_LIMITS.maxValuesPerRecord);
    expect(report.issues.find((i) => i.code === 'JSON_SCHEMA')?.message).toMatch(/more than 100,000 values/);
  });

  it('two million {} under an unknown key, or as goods of one B/L, cost neither a tree nor a report per item', async () => {
    const empties = `[${'{},'.repeat(1_999_999)}{}]`;
    const unknown = await parse(`${voyage}"remarks":${empties},"containers":[{"number":"MSKU7351770"}]}`);
    expect(unknown.report.status).toBe('accepted');
    expect(unknown.manifest?.containers).toHaveLength(1);
    const goods = await parse(
      `${voyage}"billsOfLading":[{"number":"B1","containers":["MSKU7351770"],"goods":${empties}}],"containers":[{"number":"MSKU7351770"}]}`,
    );
    expect(goods.manifest?.billsOfLading[0]?.goods).toEqual([]);
    expect(goods.report.issues.length).toBeLessThanOrEqual(1000);
    expect(goods.report.issuesTruncated).toBe(true);
    expect(goods.report.counts.errors).toBeGreaterThan(JSON_LIMITS.maxValuesPerRecord - 10);
  });
});

describe('JSON coverage under random field corruption (property)', () => {
  /** Values a careless or hostile producer could put in any field. */
  const badValue = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.string({ maxLength: 30 }),
    fc.constant('x'.repeat(5000)),
    fc.constant({}),
    fc.constant([]),
    fc.constant([[[['deep']]]]),
    fc.constant({ nested: { object: [1, 'two'] } }),
  );
  /** A corruption: which record (by position), which field path in it, what value (undefined: delete). */
  const corruption = fc.record({
    target: fc.constantFrom('bl', 'container', 'goods', 'party'),
    index: fc.nat(),
    field: fc.constantFrom(
      'type',
      'masterNumber',
      'shipper',
      'consignee',
      'notifyParties',
      'placeOfReceipt',
      'portOfLoading',
      'transshipmentPorts',
      'portOfDischarge',
      'freightTerms',
      'containers',
      'goods',
      'isoType',
      'seals',
      'status',
      'shipperOwned',
      'verifiedGrossMassKg',
      'lineNumber',
      'description',
      'hsCode',
      'packageCount',
      'grossWeightKg',
      'dangerousGoodsUn',
      'country',
      'address',
      'identifier',
    ),
    value: fc.option(badValue, { nil: undefined }),
  });

  it('every declared container is assessed and every B/L kept with its party names', async () => {
    const base = generateManifest({ containers: 40, seed: 5 }).manifest;
    await fc.assert(
      fc.asyncProperty(fc.array(corruption, { minLength: 1, maxLength: 25 }), async (corruptions) => {
        const doc = structuredClone(base) as unknown as {
          billsOfLading: Record<string, unknown>[];
          containers: Record<string, unknown>[];
        };
        const touchedParties = new Set<string>();
        for (const c of corruptions) {
          const bls = doc.billsOfLading;
          const bl = bls[c.index % bls.length] as Record<string, unknown>;
          let record: Record<string, unknown> | undefined;
          if (c.target === 'bl') record = bl;
          else if (c.target === 'container') record = doc.containers[c.index % doc.containers.length];
          else if (c.target === 'goods') {
            const goods = bl.goods as Record<string, unknown>[] | undefined;
            record = Array.isArray(goods) && goods.length > 0 ? goods[c.index % goods.length] : undefined;
          } else {
            const party = bl.shipper;
            record =
              typeof party === 'object' && party !== null && !Array.isArray(party)
                ? (party as never)
                : undefined;
          }
          if (!record || typeof record !== 'object' || Array.isArray(record)) continue;
          if (c.target === 'bl' && (c.field === 'shipper' || c.field === 'consignee'))
            touchedParties.add(`${bl.number}`);
          if (c.value === undefined) delete record[c.field];
          else record[c.field] = c.value;
        }
        const text = JSON.stringify(doc);
        const read = await readManifestForIntake(bytesSource(text, 'm.json'));
        expect(read.report.status).not.toBe('rejected');
        const assessed = new Set<string>();
        await read.forEachUnit((u) => {
          if (!u.container.noContainerDeclared) assessed.add(u.container.number);
        });
        // Container numbers were never corrupted: every one of them is assessed.
        expect([...assessed].sort()).toEqual([...new Set(base.containers.map((c) => c.number))].sort());
        const { manifest } = await parse(text);
        expect(manifest?.billsOfLading.map((b) => b.number)).toEqual(base.billsOfLading.map((b) => b.number));
        for (const [i, bl] of (manifest?.billsOfLading ?? []).entries()) {
          if (touchedParties.has(bl.number)) continue;
          const original = base.billsOfLading[i];
          expect(bl.shipper?.name).toBe(original?.shipper?.name);
          expect(bl.consignee?.name).toBe(original?.consignee?.name);
        }
        // Every error is on its record as dataQuality or reported (nothing silently lost).
        const errors = read.report.issues.filter((i) => i.severity === 'error');
        expect(read.report.counts.errors).toBeGreaterThanOrEqual(errors.length);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
