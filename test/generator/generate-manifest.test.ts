import { describe, expect, it } from 'vitest';
import {
  hsSubheadingExists,
  isKnownCountry,
  isKnownLocode,
  isoTypeInfo,
  isSeaport,
  isValidContainerNumber,
  isValidImo,
} from '#core/identifiers/index.ts';
import { commodities, generateManifest, generateManifestParts, ports } from '#generator/index.ts';
import { Manifest } from '#schemas/manifest.ts';

const big = generateManifest({ containers: 1000, seed: 7 }).manifest;

function allLocodes(m: Manifest): string[] {
  const codes = [m.voyage.reportingPort, ...m.voyage.previousPortsOfCall];
  for (const bl of m.billsOfLading) {
    for (const c of [
      bl.placeOfReceipt,
      bl.portOfLoading,
      bl.portOfDischarge,
      bl.placeOfDelivery,
      ...bl.transshipmentPorts,
    ]) {
      if (c) codes.push(c);
    }
  }
  return codes;
}

describe('generateManifest', () => {
  it('is deterministic by seed: same seed same bytes, another seed another manifest', () => {
    const a = JSON.stringify(generateManifest({ containers: 300, seed: 'pcu-42' }).manifest);
    const b = JSON.stringify(generateManifest({ containers: 300, seed: 'pcu-42' }).manifest);
    const c = JSON.stringify(generateManifest({ containers: 300, seed: 'pcu-43' }).manifest);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(JSON.stringify(generateManifest({ containers: 50, seed: 1 }))).toBe(
      JSON.stringify(generateManifest({ containers: 50, seed: 1 })),
    );
  });

  it('produces exactly the requested number of containers, each once', () => {
    for (const n of [1, 2, 17, 1000]) {
      const m = n === 1000 ? big : generateManifest({ containers: n, seed: n }).manifest;
      expect(m.containers).toHaveLength(n);
      expect(new Set(m.containers.map((c) => c.number)).size).toBe(n);
    }
  });

  it('passes the Manifest schema', () => {
    const parsed = Manifest.safeParse(big);
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
  });

  it('uses valid ISO 6346 container numbers and a valid IMO number', () => {
    expect(big.containers.filter((c) => !isValidContainerNumber(c.number))).toEqual([]);
    expect(isValidImo(big.voyage.imoNumber ?? '')).toBe(true);
    for (let seed = 0; seed < 30; seed++) {
      expect(isValidImo(generateManifest({ containers: 1, seed }).manifest.voyage.imoNumber ?? '')).toBe(
        true,
      );
    }
  });

  it('routes through known seaports, discharging at the reporting port', () => {
    const codes = allLocodes(big);
    expect(codes.filter((c) => !isKnownLocode(c))).toEqual([]);
    expect(codes.filter((c) => !isSeaport(c))).toEqual([]);
    expect(new Set(big.billsOfLading.map((b) => b.portOfDischarge))).toEqual(
      new Set([big.voyage.reportingPort]),
    );
    expect(big.billsOfLading.some((b) => b.transshipmentPorts.length > 0)).toBe(true);
    expect(big.billsOfLading.some((b) => b.transshipmentPorts.length === 0)).toBe(true);
    expect(big.voyage.previousPortsOfCall.length).toBeGreaterThanOrEqual(1);
    expect(big.voyage.previousPortsOfCall).not.toContain(big.voyage.reportingPort);
    for (const p of ports) expect(isKnownLocode(p.locode), p.locode).toBe(true);
  });

  it('honours --reporting-port', () => {
    const m = generateManifest({ containers: 40, seed: 3, reportingPort: 'PKKHI' }).manifest;
    expect(m.voyage.reportingPort).toBe('PKKHI');
    expect(m.billsOfLading.every((b) => b.portOfDischarge === 'PKKHI')).toBe(true);
    expect(() => generateManifest({ containers: 5, seed: 1, reportingPort: 'ZZ999' })).toThrow(
      /reporting port/,
    );
  });

  it('declares real HS 2022 subheadings, and only a few vague descriptions', () => {
    for (const c of commodities) expect(hsSubheadingExists(c.hs), c.hs).toBe(true);
    const goods = big.billsOfLading
      .flatMap((b) => b.goods)
      .filter((g) => g.description !== 'EMPTY CONTAINERS');
    const coded = goods.filter((g) => g.hsCode);
    expect(coded.filter((g) => !hsSubheadingExists((g.hsCode as string).slice(0, 6)))).toEqual([]);
    const uncoded = goods.length - coded.length;
    expect(uncoded).toBeGreaterThan(0);
    expect(uncoded / goods.length).toBeLessThan(0.08);
    expect(goods.some((g) => g.dangerousGoodsUn)).toBe(true);
    expect(goods.filter((g) => g.dangerousGoodsUn).length / goods.length).toBeLessThan(0.1);
  });

  it('loads boxes within their ISO type limits, with a VGM of tare plus cargo', () => {
    const cargoByContainer = new Map<string, number>();
    for (const bl of big.billsOfLading) {
      for (const g of bl.goods) {
        if (g.containers.length === 1 && g.grossWeightKg !== undefined) {
          const c = g.containers[0] as string;
          cargoByContainer.set(c, (cargoByContainer.get(c) ?? 0) + g.grossWeightKg);
        }
      }
    }
    for (const c of big.containers) {
      const info = isoTypeInfo(c.isoType ?? '');
      expect(info, c.isoType).toBeDefined();
      const vgm = c.verifiedGrossMassKg as number;
      expect(vgm).toBeLessThanOrEqual((info?.maxGrossKg ?? 0) + 1);
      expect(vgm).toBeGreaterThanOrEqual((info?.tareKg ?? 0) * 0.95);
      if (c.status === 'empty') expect(vgm).toBeLessThanOrEqual((info?.tareKg ?? 0) * 1.05);
    }
    // Where a box's goods lines are all its own, their weights add up to VGM minus a plausible tare.
    const full = big.containers.filter((c) => c.status === 'full' && cargoByContainer.has(c.number));
    expect(full.length).toBeGreaterThan(100);
    for (const c of full) {
      const tare = (c.verifiedGrossMassKg as number) - (cargoByContainer.get(c.number) as number);
      const nominal = isoTypeInfo(c.isoType as string)?.tareKg as number;
      expect(Math.abs(tare - nominal), c.number).toBeLessThanOrEqual(nominal * 0.05 + 20);
    }
  });

  it('mixes sizes and types, a few empties and shipper-owned boxes', () => {
    const types = new Set(big.containers.map((c) => c.isoType));
    for (const t of ['22G1', '42G1', '45G1', '45R1']) expect(types).toContain(t);
    const empties = big.containers.filter((c) => c.status === 'empty').length;
    expect(empties).toBeGreaterThan(0);
    expect(empties / big.containers.length).toBeLessThan(0.12);
    const soc = big.containers.filter((c) => c.shipperOwned).length;
    expect(soc).toBeGreaterThan(0);
    expect(soc / big.containers.length).toBeLessThan(0.1);
    expect(big.containers.filter((c) => c.status === 'full').every((c) => c.seals.length > 0)).toBe(true);
  });

  it('has multi-container B/Ls and consolidations (several house B/Ls in one box)', () => {
    expect(big.billsOfLading.some((b) => b.containers.length >= 5)).toBe(true);
    const houses = big.billsOfLading.filter((b) => b.type === 'house');
    expect(houses.length).toBeGreaterThan(10);
    const masters = new Set(big.billsOfLading.filter((b) => b.type === 'master').map((b) => b.number));
    expect(houses.every((h) => h.masterNumber && masters.has(h.masterNumber))).toBe(true);
    const blsPerContainer = new Map<string, number>();
    for (const b of houses)
      for (const c of b.containers) blsPerContainer.set(c, (blsPerContainer.get(c) ?? 0) + 1);
    expect(Math.max(...blsPerContainer.values())).toBeGreaterThanOrEqual(3);
    // Every container is carried by at least one B/L, every B/L's containers exist.
    const numbers = new Set(big.containers.map((c) => c.number));
    const carried = new Set(big.billsOfLading.flatMap((b) => b.containers));
    expect([...numbers].filter((n) => !carried.has(n))).toEqual([]);
    expect([...carried].filter((n) => !numbers.has(n))).toEqual([]);
    for (const b of big.billsOfLading)
      for (const g of b.goods) for (const c of g.containers) expect(b.containers).toContain(c);
    expect(new Set(big.billsOfLading.map((b) => b.number)).size).toBe(big.billsOfLading.length);
  });

  it('names parties of many countries and scripts, with a few TO ORDER consignees', () => {
    const parties = big.billsOfLading.flatMap((b) => [
      b.shipper,
      b.consignee,
      ...b.notifyParties,
      b.forwarder,
    ]);
    const names = parties.flatMap((p) => (p ? [p.name] : []));
    const countries = new Set(parties.flatMap((p) => (p?.country ? [p.country] : [])));
    for (const c of countries) expect(isKnownCountry(c), c).toBe(true);
    expect(countries.size).toBeGreaterThan(5);
    const scripts = {
      latinDiacritics: /[À-ɏ]/u,
      cyrillic: /\p{Script=Cyrillic}/u,
      arabic: /\p{Script=Arabic}/u,
      han: /\p{Script=Han}/u,
      greek: /\p{Script=Greek}/u,
    };
    // Across a few reporting ports and seeds, every script turns up.
    const sample = [
      big,
      ...['KEMBA', 'PKKHI', 'GRPIR', 'RUNVS', 'TRMER'].map(
        (port, i) => generateManifest({ containers: 400, seed: i, reportingPort: port }).manifest,
      ),
    ];
    const sampleNames = sample.flatMap((m) =>
      m.billsOfLading.flatMap((b) => [b.shipper?.name ?? '', b.consignee?.name ?? '']),
    );
    for (const [script, re] of Object.entries(scripts)) {
      expect(
        sampleNames.some((n) => re.test(n)),
        script,
      ).toBe(true);
    }
    const toOrder = big.billsOfLading.filter((b) => b.consignee?.name.startsWith('TO ')).length;
    expect(toOrder).toBeGreaterThan(0);
    expect(toOrder / big.billsOfLading.length).toBeLessThan(0.1);
    expect(new Set(names).size).toBeGreaterThan(names.length / 3);
  });

  it('streams parts that add up to the same manifest', () => {
    const { voyage, parts } = generateManifestParts({ containers: 500, seed: 9 });
    const collected: Manifest = { voyage, billsOfLading: [], containers: [] };
    for (const part of parts) {
      collected.billsOfLading.push(...part.billsOfLading);
      collected.containers.push(...part.containers);
    }
    expect(JSON.stringify(collected)).toBe(
      JSON.stringify(generateManifest({ containers: 500, seed: 9 }).manifest),
    );
  });

  it('rejects a container count that is not a positive whole number', () => {
    expect(() => generateManifest({ containers: 0, seed: 1 })).toThrow(/at least 1/);
    expect(() => generateManifest({ containers: 2.5, seed: 1 })).toThrow(/whole number/);
  });

  it('generates 20,000 containers in well under two seconds', () => {
    const t0 = performance.now();
    const m = generateManifest({ containers: 20_000, seed: 'speed' }).manifest;
    const ms = performance.now() - t0;
    expect(m.containers).toHaveLength(20_000);
    expect(ms).toBeLessThan(4000); // generous for a loaded CI machine; typically ~0.5 s
  });
});
