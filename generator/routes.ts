/**
 * Plausible routes for one vessel call: the vessel's previous ports of call (its service
 * rotation towards the reporting port) and, per B/L, a port of loading far away with 0-2
 * transshipment hubs that lie roughly on the way. "On the way" is judged on great-circle
 * distances (a detour of at most ~40%), which is crude but keeps Rotterdam off the route
 * from Shanghai to Mombasa.
 */
import portData from '../data/generator/ports.json' with { type: 'json' };
import type { Prng } from './prng.ts';

export interface Port {
  locode: string;
  name: string;
  lat: number;
  lon: number;
  major: boolean;
  hub: boolean;
}

export const ports: readonly Port[] = portData.ports as Port[];
const byCode = new Map(ports.map((p) => [p.locode, p]));

export function portByCode(locode: string): Port | undefined {
  return byCode.get(locode);
}

/** Ports a PCU of the Container Control Programme typically sits in: default reporting ports. */
export const DEFAULT_REPORTING_PORTS = [
  'KEMBA',
  'GHTEM',
  'PKKHI',
  'ECGYE',
  'TGLFW',
  'CMDLA',
  'SNDKR',
  'LKCMB',
  'PECLL',
  'COCTG',
  'JMKIN',
  'DOCAU',
  'TZDAR',
  'CIABJ',
  'BJCOO',
  'MZMPM',
  'AOLAD',
  'PABLB',
  'DJJIB',
  'SAJED',
].filter((c) => byCode.has(c));

export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function onTheWay(from: Port, via: Port, to: { lat: number; lon: number }, slack = 1.4): boolean {
  const direct = distanceKm(from, to);
  return distanceKm(from, via) + distanceKm(via, to) <= direct * slack + 400;
}

/** Weight of a port as an origin of containerised trade (East Asia dominates). */
function originWeight(p: Port): number {
  const c = p.locode.slice(0, 2);
  const base = p.major ? 3 : 1;
  if (c === 'CN') return base * 6;
  if (['HK', 'TW', 'KR', 'JP', 'VN', 'TH', 'MY', 'SG', 'ID', 'IN'].includes(c)) return base * 2.5;
  if (['DE', 'NL', 'BE', 'US', 'TR', 'ES', 'IT', 'FR', 'AE', 'BR'].includes(c)) return base * 1.5;
  return base;
}

export interface Routing {
  reportingPort: Port;
  /** The vessel's last ports before the reporting port, most recent first. */
  previousPortsOfCall: Port[];
  /** Port of loading, transshipment ports (in order) for one B/L. */
  route(prng: Prng): { portOfLoading: Port; transshipment: Port[] };
}

export function planRouting(prng: Prng, reportingPort: Port): Routing {
  const r = reportingPort;
  const country = r.locode.slice(0, 2);
  const far = ports.filter((p) => p.major && p.locode.slice(0, 2) !== country && distanceKm(p, r) > 3500);
  const anchors = far.length > 0 ? far : ports.filter((p) => p.locode !== r.locode);
  const anchor = prng.weighted(anchors.map((p) => [p, originWeight(p)] as const));

  // The service rotation: the anchor plus ports on the way, hubs preferred.
  const onRoute = ports.filter(
    (p) => p.locode !== anchor.locode && p.locode !== r.locode && p.major && onTheWay(anchor, p, r, 1.25),
  );
  const rotation = new Set<Port>([anchor]);
  const wanted = prng.int(2, 5);
  const candidates = prng.shuffle(onRoute).sort((a, b) => Number(b.hub) - Number(a.hub));
  for (const p of candidates) {
    if (rotation.size > wanted) break;
    if (prng.chance(p.hub ? 0.8 : 0.35)) rotation.add(p);
  }
  // Long-haul services usually make a last call at a hub in the reporting port's region
  // (Panama or Kingston for the Caribbean, Jebel Ali or Salalah for East Africa ...).
  const regional = ports
    .filter((p) => p.hub && p.locode !== r.locode && !rotation.has(p) && distanceKm(p, r) < 3500)
    .sort((a, b) => distanceKm(a, r) - distanceKm(b, r));
  if (regional.length > 0 && prng.chance(0.7)) rotation.add(prng.pick(regional.slice(0, 3)));
  const previous = [...rotation].sort((a, b) => distanceKm(a, r) - distanceKm(b, r));
  const hubs = previous.filter((p) => p.hub);
  const transferPoints = hubs.length > 0 ? hubs : previous.slice(0, 1);

  // Origins feeding each transfer point: far from the reporting port, the hub on the way.
  const feeders = new Map<string, (readonly [Port, number])[]>();
  const feedersOf = (hub: Port): (readonly [Port, number])[] => {
    let list = feeders.get(hub.locode);
    if (!list) {
      list = ports
        .filter(
          (p) =>
            p.locode !== hub.locode &&
            p.locode.slice(0, 2) !== country &&
            !rotation.has(p) &&
            distanceKm(p, r) > distanceKm(hub, r) * 0.8 &&
            onTheWay(p, hub, r, 1.5),
        )
        .map((p) => [p, originWeight(p)] as const);
      feeders.set(hub.locode, list);
    }
    return list;
  };
  const directOrigins = previous.map((p) => [p, 1 + distanceKm(p, r) / 2000] as const);
  const allHubs = ports.filter((p) => p.hub);

  return {
    reportingPort: r,
    previousPortsOfCall: previous,
    route(rng: Prng) {
      if (rng.chance(0.5)) return { portOfLoading: rng.weighted(directOrigins), transshipment: [] };
      const hub = rng.pick(transferPoints);
      const origins = feedersOf(hub);
      if (origins.length === 0) return { portOfLoading: rng.weighted(directOrigins), transshipment: [] };
      const origin = rng.weighted(origins);
      if (rng.chance(0.2)) {
        const second = allHubs.filter(
          (h) => h !== hub && h !== origin && !rotation.has(h) && onTheWay(origin, h, hub, 1.3),
        );
        if (second.length > 0) return { portOfLoading: origin, transshipment: [rng.pick(second), hub] };
      }
      return { portOfLoading: origin, transshipment: [hub] };
    },
  };
}
