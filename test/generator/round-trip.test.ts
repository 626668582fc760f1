import { describe, expect, it } from 'vitest';
import { bytesSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import { generateManifest, generateManifestText } from '#generator/index.ts';

// generate -> write -> parse gives the generated model back, in every intake format, with no
// issue at all: a generated manifest is a clean baseline the tests and benchmarks can spoil.
describe.each(['json', 'csv', 'cuscar'] as const)('generated %s', (format) => {
  for (const [seed, reportingPort] of [
    [11, undefined],
    ['kemba', 'KEMBA'],
  ] as const) {
    it(`round-trips to the same model (seed ${seed})`, async () => {
      const opts = { containers: 400, seed, ...(reportingPort ? { reportingPort } : {}) };
      const { manifest } = generateManifest(opts);
      const text = [...generateManifestText(opts, format).chunks].join('');
      const { manifest: parsed, report } = await parseManifest(bytesSource(text, `generated.${format}`), {
        format,
      });
      expect(report.issues).toEqual([]);
      expect(report.status).toBe('accepted');
      expect(report.counts.containers).toBe(400);
      expect(parsed).toEqual(manifest);
    });
  }

  it('is byte-identical for the same seed', () => {
    const text = () => [...generateManifestText({ containers: 120, seed: 'same' }, format).chunks].join('');
    expect(text()).toBe(text());
  });
});

describe('generated JSON', () => {
  it('is one JSON document equal to the generated model', () => {
    const { manifest } = generateManifest({ containers: 50, seed: 2 });
    const text = [...generateManifestText({ containers: 50, seed: 2 }, 'json').chunks].join('');
    expect(JSON.parse(text)).toEqual(manifest);
  });
});

describe('generated CSV for large manifests', () => {
  it('comes shipment by shipment, with the header once', () => {
    let chunks = 0;
    let headers = 0;
    let rows = 0;
    for (const chunk of generateManifestText({ containers: 5000, seed: 'stream' }, 'csv').chunks) {
      chunks++;
      for (const line of chunk.split('\n')) {
        if (line.startsWith('vessel_name,')) headers++;
        else if (line) rows++;
      }
    }
    expect(headers).toBe(1);
    expect(chunks).toBeGreaterThan(1000);
    expect(rows).toBeGreaterThanOrEqual(5000);
  });
});
