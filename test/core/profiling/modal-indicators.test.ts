import { describe, expect, it } from 'vitest';
import { compileProfiles, defaultProfileSet } from '#core/profiling/index.ts';
import { profileManifest } from '#core/profiling/profile-manifest.ts';
import { buildScreeningIndex } from '#core/screening/index.ts';
import { parseNativeWatchlistCsv } from '#core/watchlists/native-csv.ts';
import { generateManifest } from '#generator/index.ts';
import type { ContainerAssessment } from '#schemas/assessment.ts';
import type { Manifest } from '#schemas/manifest.ts';

/**
 * The air and land indicators of the default profiles, on generated rail, road and air
 * manifests (real routes, valid check digits) with one thing changed per case.
 */
const profile = (manifest: Manifest, watchlistCsv = 'id,type,name\n') => {
  const entries = parseNativeWatchlistCsv(watchlistCsv, 'pcu-local');
  const compiled = compileProfiles(defaultProfileSet(), { screening: buildScreeningIndex(entries) });
  return profileManifest(manifest, compiled).assessments;
};
const rulesOf = (a: ContainerAssessment | undefined) => (a?.hits ?? []).map((h) => h.ruleId);
const allRules = (as: ContainerAssessment[]) => new Set(as.flatMap(rulesOf));

const rail = () => generateManifest({ mode: 'rail', containers: 6, seed: 'modal-rail' }).manifest;
const air = () => generateManifest({ mode: 'air', containers: 4, seed: 'modal-air' }).manifest;
const road = () => generateManifest({ mode: 'road', containers: 2, seed: 'modal-road' }).manifest;

describe('conveyance identifiers against watchlists', () => {
  it('flags the wagon a native watchlist lists by its number, and explains it', () => {
    const manifest = rail();
    const wagon = manifest.containers.find((c) => c.kind === 'wagon');
    expect(wagon).toBeDefined();
    const written = (wagon?.number ?? '')
      .replace(/\D/g, '')
      .replace(/(\d{2})(\d{2})(\d{4})(\d{3})(\d)/, '$1 $2 $3 $4-$5');
    const assessments = profile(
      manifest,
      `id,type,name,reason\nW1,wagon,${written},seizure 2026-03 Dostyk\n`,
    );
    const hit = assessments.find((a) => a.containerNumber === wagon?.number);
    expect(rulesOf(hit)).toContain('WL-CONVEYANCE-EQUIPMENT');
    expect(hit?.lane).toBe('red');
    expect(JSON.stringify(hit?.hits.find((h) => h.ruleId === 'WL-CONVEYANCE-EQUIPMENT'))).toContain('W1');
    // the other wagons of the train are not touched by it
    const others = assessments.filter((a) => a.containerNumber !== wagon?.number);
    expect(others.length).toBeGreaterThan(0);
    for (const a of others) expect(rulesOf(a)).not.toContain('WL-CONVEYANCE-EQUIPMENT');
  });

  it('puts every unit of a listed aircraft to a document check, and none of another aircraft', () => {
    const manifest = air();
    const registration = manifest.voyage.aircraftRegistration;
    expect(registration).toMatch(/^[A-Z0-9]{1,2}-?[A-Z0-9]+$/);
    const listed = profile(manifest, `id,type,name\nA1,aircraft,${registration?.toLowerCase()}\n`);
    expect(listed.length).toBeGreaterThan(0);
    for (const a of listed) expect(rulesOf(a)).toContain('WL-CONVEYANCE');
    const other = profile(manifest, 'id,type,name\nA1,aircraft,EX-99999\n');
    expect(allRules(other).has('WL-CONVEYANCE')).toBe(false);
  });
});

describe('equipment checked as what it is', () => {
  it('never applies the ISO 6346 container check to ULDs or wagons', () => {
    for (const manifest of [air(), rail()]) {
      const rules = allRules(profile(manifest));
      expect(rules.has('CONTAINER-CHECK-DIGIT')).toBe(false);
      expect(rules.has('DQ-WAGON-NUMBER')).toBe(false);
      expect(rules.has('DQ-ULD-ID')).toBe(false);
    }
  });

  it('weighs a wagon number with a wrong check digit by the wagon rule, not the container one', () => {
    const manifest = rail();
    const wagon = manifest.containers.find((c) => c.kind === 'wagon');
    if (!wagon) throw new Error('no wagon');
    const digits = wagon.number.replace(/\D/g, '');
    const wrong = digits.slice(0, -1) + String((Number(digits.at(-1)) + 1) % 10);
    for (const bl of manifest.billsOfLading)
      bl.containers = bl.containers.map((c) => (c === wagon.number ? wrong : c));
    for (const bl of manifest.billsOfLading)
      for (const g of bl.goods) g.containers = g.containers?.map((c) => (c === wagon.number ? wrong : c));
    wagon.number = wrong;
    const hit = profile(manifest).find((a) => a.containerNumber === wrong);
    expect(rulesOf(hit)).toContain('DQ-WAGON-NUMBER');
    expect(rulesOf(hit)).not.toContain('CONTAINER-CHECK-DIGIT');
  });
});

describe('air and land indicators', () => {
  it('shipper and consignee the same party on a land consignment', () => {
    const manifest = road();
    const clean = profile(manifest);
    expect(allRules(clean).has('SHIPPER-IS-CONSIGNEE')).toBe(false);
    const bl = manifest.billsOfLading[0];
    if (!bl?.shipper) throw new Error('no shipper');
    bl.consignee = { ...bl.shipper, name: bl.shipper.name.toLowerCase() };
    const same = profile(manifest);
    const withRule = same.filter((a) => rulesOf(a).includes('SHIPPER-IS-CONSIGNEE'));
    expect(withRule.length).toBeGreaterThan(0);
    for (const a of withRule)
      expect(a.containerNumber && bl.containers.includes(a.containerNumber)).toBe(true);
  });

  it('an e-commerce consolidation of small houses from a transit hub, not a heavy general cargo', () => {
    const manifest = air();
    const houses = manifest.billsOfLading.filter((b) => b.type === 'house');
    // Whether a generated ULD qualifies depends on its houses; make one ULD plainly qualify and one plainly not.
    const [small, heavy] = manifest.containers;
    if (!small || !heavy) throw new Error('need two ULDs');
    const housesIn = (uld: string) => houses.filter((h) => h.containers.includes(uld));
    for (const h of housesIn(small.number)) {
      h.portOfLoading = 'HKHKG';
      h.grossWeightKg = 1.2;
      for (const g of h.goods) g.grossWeightKg = 1.2;
    }
    for (const h of housesIn(heavy.number)) {
      h.grossWeightKg = 850;
      for (const g of h.goods) g.grossWeightKg = 850;
    }
    expect(housesIn(small.number).length).toBeGreaterThanOrEqual(10);
    const assessments = profile(manifest);
    const ruleOf = (uld: string) => rulesOf(assessments.find((a) => a.containerNumber === uld));
    expect(ruleOf(small.number)).toContain('ECOMMERCE-CONSOLIDATION-HUB');
    expect(ruleOf(heavy.number)).not.toContain('ECOMMERCE-CONSOLIDATION-HUB');
  });

  it('a house note whose wagon its master document does not name', () => {
    // A train with a master consignment note (SMGS) for two wagons and a house note under it.
    const manifest = rail();
    const [first, second, third] = manifest.billsOfLading;
    const [w1, w2, w3] = manifest.containers.filter((c) => c.kind === 'wagon');
    if (!first || !second || !third || !w1 || !w2 || !w3) throw new Error('the generated train is too short');
    first.type = 'master';
    first.containers = [w1.number, w2.number];
    second.type = 'house';
    second.masterNumber = first.number;
    second.containers = [w2.number];
    for (const g of second.goods) g.containers = [w2.number];
    const clean = profile(manifest);
    expect(allRules(clean).has('EQUIPMENT-CHANGE')).toBe(false);
    // The house now puts its goods in a wagon the master does not name: reloaded on the way.
    second.containers = [w3.number];
    for (const g of second.goods) g.containers = [w3.number];
    const changed = profile(manifest);
    const hit = changed.find((a) => a.containerNumber === w3.number);
    expect(rulesOf(hit)).toContain('EQUIPMENT-CHANGE');
    expect(JSON.stringify(hit?.hits)).toContain(first.number);
    expect(rulesOf(changed.find((a) => a.containerNumber === w2.number))).not.toContain('EQUIPMENT-CHANGE');
  });
});
