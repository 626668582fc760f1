/**
 * Compiles data/generator/ports.json: the container ports the manifest generator routes
 * cargo through. The World Port Index's "container facilities" column is blank for many of
 * the world's largest terminals (Singapore, Rotterdam, Shanghai), so data/reference's
 * container-ports.json (WPI-filtered) is merged with a hand-picked list of major container
 * ports and hubs, each checked against UN/LOCODE (must exist with the maritime function) and
 * placed with UN/LOCODE or World Port Index coordinates.
 * Seaport codes are used where carriers' habit differs (CNSGH, not the airport code CNSHA), so
 * generated manifests validate without warnings.
 * Run: `npx tsx data/generator/build-ports.ts [SHARED_REFERENCE_DIR]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import containerPorts from '../reference/container-ports.json' with { type: 'json' };

const source = resolve(process.argv[2] ?? join(import.meta.dirname, '../../../shared/data/reference'));

/** Transshipment hubs: where cargo changes vessel on the way. */
const HUBS = [
  'SGSIN',
  'MYPKG',
  'MYTPP',
  'LKCMB',
  'AEJEA',
  'OMSLL',
  'ESALG',
  'ESVLC',
  'MAPTM',
  'PAMIT',
  'PABLB',
  'NLRTM',
  'BEANR',
  'DEHAM',
  'GRPIR',
  'EGPSD',
  'MTMLA',
  'ITGIT',
  'KRPUS',
  'HKHKG',
  'CNSGH',
  'CNNBO',
  'TWKHH',
  'JMKIN',
  'BSFPO',
  'DOCAU',
  'PTSIE',
  'TRAMR',
  'DJJIB',
  'TGLFW',
];

/** Major container ports (by volume, every region), ports of loading and discharge. */
const MAJOR = [
  // East Asia
  'CNSGH',
  'CNNBO',
  'CNYTN',
  'CNSHK',
  'CNQIN',
  'CNXMG',
  'CNTXG',
  'CNNSA',
  'CNFZH',
  'HKHKG',
  'TWKHH',
  'TWTPE',
  'KRPUS',
  'KRINC',
  'JPTYO',
  'JPYOK',
  'JPUKB',
  'JPNGO',
  'JPOSA',
  // South-East Asia
  'SGSIN',
  'MYPKG',
  'MYTPP',
  'MYPEN',
  'THLCH',
  'THBKK',
  'VNSGN',
  'VNCMT',
  'VNHPH',
  'VNDAD',
  'IDJKT',
  'IDSUB',
  'IDSRG',
  'PHMNL',
  'PHCEB',
  'KHKOS',
  'MMRGN',
  // South Asia
  'LKCMB',
  'INNSA',
  'INMUN',
  'INMAA',
  'INCCU',
  'INPAV',
  'BDCGP',
  'PKKHI',
  'PKBQM',
  // Middle East
  'AEJEA',
  'AEKLF',
  'AEAUH',
  'OMSLL',
  'OMSOH',
  'SAJED',
  'SADMM',
  'QAHMD',
  'KWSAA',
  'BHKBS',
  'IQUQR',
  'IRBND',
  'DJJIB',
  'EGPSD',
  'EGALY',
  'EGDAM',
  'ILHFA',
  'ILASH',
  'LBBEY',
  'JOAQJ',
  'YEADE',
  // Europe and the Mediterranean
  'NLRTM',
  'BEANR',
  'BEZEE',
  'DEHAM',
  'DEBRV',
  'FRLEH',
  'FRFOS',
  'GBFXT',
  'GBSOU',
  'GBLGP',
  'IEDUB',
  'ESALG',
  'ESVLC',
  'ESBCN',
  'ITGOA',
  'ITGIT',
  'ITSPE',
  'ITTRS',
  'GRPIR',
  'GRSKG',
  'MTMLA',
  'PLGDN',
  'SEGOT',
  'DKAAR',
  'FIHEL',
  'PTSIE',
  'PTLIS',
  'ROCND',
  'BGVAR',
  'UAODS',
  'RUNVS',
  'RULED',
  'RUVVO',
  'TRAMR',
  'TRMER',
  'TRIZM',
  'TRGEM',
  'SIKOP',
  'HRRJK',
  // Africa
  'MAPTM',
  'MACAS',
  'DZALG',
  'TNTUN',
  'SLFNA',
  'LYMRA',
  'NGAPP',
  'NGTIN',
  'GHTEM',
  'CIABJ',
  'TGLFW',
  'BJCOO',
  'SNDKR',
  'GNCKY',
  'CMDLA',
  'CGPNR',
  'AOLAD',
  'KEMBA',
  'TZDAR',
  'ZADUR',
  'ZACPT',
  'ZAPLZ',
  'MZMPM',
  'MGTMM',
  'MUPLU',
  'SDPZU',
  'SOMGQ',
  // Americas
  'USLAX',
  'USLGB',
  'USOAK',
  'USSEA',
  'USTIW',
  'USNYC',
  'USSAV',
  'USCHS',
  'USORF',
  'USHOU',
  'USMIA',
  'USJAX',
  'USMOB',
  'USBAL',
  'CAVAN',
  'CAPRR',
  'CAMTR',
  'CAHAL',
  'MXZLO',
  'MXLZC',
  'MXVER',
  'PAMIT',
  'PABLB',
  'PAONX',
  'CRLIO',
  'GTPRQ',
  'HNPCR',
  'COCTG',
  'COBUN',
  'COBAQ',
  'ECGYE',
  'PECLL',
  'CLSAI',
  'CLVAP',
  'BRSSZ',
  'BRRIG',
  'BRPNG',
  'BRITJ',
  'BRSUA',
  'ARBUE',
  'UYMVD',
  'JMKIN',
  'DOCAU',
  'BSFPO',
  'TTPOS',
  'HTPAP',
  'VELAG',
  'GYGEO',
  'SRPBM',
  // Oceania
  'AUSYD',
  'AUMEL',
  'AUBNE',
  'AUFRE',
  'NZAKL',
  'NZTRG',
  'FJSUV',
  'PGPOM',
];

/**
 * UN/LOCODE gives no coordinates for a few major ports and the WPI row has no code: approximate
 * positions (to 0.1 degree; only used to judge which hubs lie on the way).
 */
const FALLBACK_COORDS: Record<string, { lat: number; lon: number }> = {
  IEDUB: { lat: 53.35, lon: -6.2 },
  NGAPP: { lat: 6.45, lon: 3.37 },
  PAMIT: { lat: 9.36, lon: -79.88 },
  MGTMM: { lat: -18.15, lon: 49.42 },
  LYMRA: { lat: 32.37, lon: 15.2 },
};

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(join(source, path)), { columns: true, bom: true, skip_empty_lines: true });
}

/** UN/LOCODE coordinates `5123N 00429E` -> decimal degrees. */
function coordinates(text: string): { lat: number; lon: number } | undefined {
  const m = /^(\d{2})(\d{2})([NS])\s+(\d{3})(\d{2})([EW])$/.exec(text.trim());
  if (!m) return undefined;
  const lat = (Number(m[1]) + Number(m[2]) / 60) * (m[3] === 'S' ? -1 : 1);
  const lon = (Number(m[4]) + Number(m[5]) / 60) * (m[6] === 'W' ? -1 : 1);
  return { lat: Math.round(lat * 100) / 100, lon: Math.round(lon * 100) / 100 };
}

const unlocode = new Map<string, { name: string; seaport: boolean; coords?: { lat: number; lon: number } }>();
for (const row of readCsv('unlocode/unlocode-merged.csv')) {
  if (row.Change?.trim() === 'X') continue;
  const code = `${row.Country?.trim()}${row.Location?.trim()}`;
  if (!/^[A-Z]{2}[A-Z0-9]{3}$/.test(code)) continue;
  unlocode.set(code, {
    name: (row.NameWoDiacritics ?? row.Name ?? '').trim(),
    seaport: Boolean(row.Function?.startsWith('1')),
    coords: coordinates(row.Coordinates ?? ''),
  });
}
const wpi = new Map<string, { name: string; lat: number; lon: number; size: string }>();
for (const row of readCsv('ports/NGA_WPI_UpdatedPub150.csv')) {
  const code = (row['UN/LOCODE'] ?? '').replace(/\s+/g, '');
  if (!/^[A-Z]{2}[A-Z0-9]{3}$/.test(code) || wpi.has(code)) continue;
  wpi.set(code, {
    name: (row['Main Port Name'] ?? '').trim(),
    lat: Math.round(Number(row.Latitude) * 100) / 100,
    lon: Math.round(Number(row.Longitude) * 100) / 100,
    size: (row['Harbor Size'] ?? '').trim(),
  });
}

type Port = { locode: string; name: string; lat: number; lon: number; major: boolean; hub: boolean };
const ports = new Map<string, Port>();
const skipped: string[] = [];
for (const locode of new Set([...MAJOR, ...HUBS])) {
  const un = unlocode.get(locode);
  const w = wpi.get(locode);
  const coords = w ?? un?.coords ?? FALLBACK_COORDS[locode];
  if (!un?.seaport || !coords) {
    skipped.push(`${locode}${un ? (un.seaport ? ' (no coordinates)' : ' (not a seaport)') : ' (unknown)'}`);
    continue;
  }
  ports.set(locode, {
    locode,
    name: un.name || w?.name || locode,
    lat: coords.lat,
    lon: coords.lon,
    major: true,
    hub: HUBS.includes(locode),
  });
}
for (const p of containerPorts as {
  locode: string;
  name: string;
  size: string;
  lat: number;
  lon: number;
}[]) {
  if (ports.has(p.locode) || !unlocode.get(p.locode)?.seaport) continue;
  if (p.size !== 'Large' && p.size !== 'Medium') continue;
  ports.set(p.locode, { locode: p.locode, name: p.name, lat: p.lat, lon: p.lon, major: false, hub: false });
}

const list = [...ports.values()].sort((a, b) => a.locode.localeCompare(b.locode));
writeFileSync(
  join(import.meta.dirname, 'ports.json'),
  `${JSON.stringify({
    source:
      'UN/LOCODE (UNECE, ODC-PDDL-1.0) codes and coordinates; World Port Index Pub. 150 (NGA, public domain) coordinates and container facilities; hub and major-port selection by the project',
    ports: list,
  })}\n`,
);
console.log(`ports.json: ${list.length} ports (${list.filter((p) => p.hub).length} hubs)`);
if (skipped.length) console.log(`skipped: ${skipped.join(', ')}`);
