import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '#core/manifest/csv-columns.ts';
import { CsvTokenizer } from '#core/manifest/csv-tokenizer.ts';
import { writeManifestCsv } from '#core/manifest/csv-writer.ts';
import { bytesSource, type ManifestSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import { generateManifest } from '#generator/index.ts';
import { Manifest } from '#schemas/manifest.ts';
import { ValidationReport } from '#schemas/validation-report.ts';

/** Serves bytes in the given chunk sizes, so chunk boundaries land anywhere (mid-character too). */
function chunkedSource(bytes: Uint8Array, sizes: number[]): ManifestSource {
  return {
    async *open() {
      let offset = 0;
      let k = 0;
      while (offset < bytes.length) {
        const size = Math.max(1, sizes[k++ % Math.max(1, sizes.length)] ?? bytes.length);
        yield bytes.subarray(offset, offset + size);
        offset += size;
      }
    },
  };
}

function expectCleanResult(result: Awaited<ReturnType<typeof parseManifest>>): void {
  expect(ValidationReport.safeParse(result.report).success).toBe(true);
  expect(result.manifest === undefined).toBe(result.report.status === 'rejected');
  if (result.manifest) expect(Manifest.safeParse(result.manifest).success).toBe(true);
}

const HEADER = CSV_COLUMNS.map((c) => c.name).join(',');
const cellChars = fc.constantFrom(...'aZ09 ,;|"\r\n=+-@.é€\u0000\t'.split(''));
const csvishText = fc.oneof(
  fc.string({ unit: cellChars, maxLength: 400 }),
  fc
    .array(fc.array(fc.string({ unit: cellChars, maxLength: 12 }), { maxLength: 55 }), { maxLength: 12 })
    .map((rows) => `${HEADER}\n${rows.map((r) => r.join(',')).join('\n')}`),
);

describe('intake never throws on bad input', () => {
  it('any byte sequence gives a report or a clean rejection', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 5 }),
        async (bytes, sizes) => {
          expectCleanResult(await parseManifest(chunkedSource(bytes, sizes)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any CSV-ish text (quotes, separators, formulas, NULs) gives a report or a clean rejection', async () => {
    await fc.assert(
      fc.asyncProperty(
        csvishText,
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 5 }),
        async (text, sizes) => {
          expectCleanResult(await parseManifest(chunkedSource(new TextEncoder().encode(text), sizes)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any JSON-ish text gives a report or a clean rejection', async () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.json().map((j) => `{"voyage":${j},"billsOfLading":[${j}],"containers":[${j}]}`),
      fc
        .string({ unit: fc.constantFrom(...'{}[]":,0-9ae \n'.split('')), maxLength: 200 })
        .map((s) => `{${s}`),
    );
    await fc.assert(
      fc.asyncProperty(jsonish, async (text) => {
        expectCleanResult(await parseManifest(bytesSource(text, 'x.json')));
      }),
      { numRuns: 300 },
    );
  });
});

describe('CSV tokenizer', () => {
  it('gives the same records and lines whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        csvishText,
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }),
        (text, sizes) => {
          const whole: [string[], number][] = [];
          const one = new CsvTokenizer(',', (cells, line) => whole.push([cells, line]));
          one.push(text);
          one.end();
          const pieces: [string[], number][] = [];
          const many = new CsvTokenizer(',', (cells, line) => pieces.push([cells, line]));
          for (let i = 0, k = 0; i < text.length; k++) {
            const size = sizes[k % sizes.length] as number;
            many.push(text.slice(i, i + size));
            i += size;
          }
          many.end();
          expect(pieces).toEqual(whole);
          expect(many.error).toEqual(one.error);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads RFC 4180 quoting and reports the physical start line of each record', () => {
    const records: [string[], number][] = [];
    const t = new CsvTokenizer(',', (cells, line) => records.push([cells, line]));
    t.push('a,"b ""quoted""\r\nsecond line",c\r\n\r\nd,,"e"\rf\n');
    t.end();
    expect(records).toEqual([
      [['a', 'b "quoted"\r\nsecond line', 'c'], 1],
      [['d', '', 'e'], 4],
      [['f'], 5],
    ]);
  });
});

describe('round trips: generate -> write -> parse -> the same model', () => {
  it('CSV', async () => {
    for (const seed of [1, 2, 3]) {
      const { manifest } = generateManifest({ containers: 250, seed });
      const { manifest: back, report } = await parseManifest(
        bytesSource(writeManifestCsv(manifest), 'm.csv'),
      );
      expect(report.status).toBe('accepted');
      // Strictly equal, orders included (the writer keeps them for generated manifests).
      expect(back).toStrictEqual(manifest);
    }
  });

  it('JSON', async () => {
    const { manifest } = generateManifest({ containers: 250, seed: 4 });
    const { manifest: back, report } = await parseManifest(bytesSource(JSON.stringify(manifest), 'm.json'));
    expect(report.status).toBe('accepted');
    expect(back).toStrictEqual(manifest);
  });
});
