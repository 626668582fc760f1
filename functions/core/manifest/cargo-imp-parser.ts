import {
  type AirFlight,
  type AirGoods,
  type AirMessage,
  type AirParty,
  type AirWaybillRecord,
  type Located,
  type Measure,
  opt,
} from './air-waybills.ts';
import type { ReportBuilder } from './report-builder.ts';

/**
 * IATA Cargo-IMP air waybill text messages: FWB (the master air waybill) and FHL (the house
 * waybills of one master). A message is lines of at most 69 characters; a line starts with a
 * 3-letter segment tag (`SHP`, `RTD` ...) or with `/` when it continues the segment above.
 * A file may hold several messages (each starting with its identifier line, `FWB/16`), and a
 * Type-B envelope (`QK` address and `.` origin lines) before the first. Positions are lines.
 */
const MESSAGE_ID = /^(FWB|FHL)\/\d{1,3}$/;
const ENVELOPE = /^(Q[A-Z] |\.)/;
/** `888-11111111ORKPVG/T3K1042.0MC2.60`: AWB, origin, destination, then the quantity detail. */
const CONSIGNMENT = /^(\d{3}-\d{8}|\S+?)([A-Z]{3})([A-Z]{3})\/(.*)$/;
/** `T3K1042.0MC2.60`: shipment code, pieces, weight code and weight, volume code and volume. */
const QUANTITY = /^[A-Z](\d+)(?:([KL])([\d.]+))?(?:(MC|CC|CF|CI)([\d.]+))?/;
/** Segments read; the others of FWB/FHL (ISU, SPH, SSR, OSI, ACC, PPD, COL, CER, REF ...) carry nothing the model holds. */
const KNOWN_TAGS = new Set([
  'FLT',
  'RTG',
  'SHP',
  'CNE',
  'AGT',
  'NFY',
  'RTD',
  'OCI',
  'CVD',
  'MBI',
  'HBS',
  'TXT',
  'HTS',
  'ISU',
  'SPH',
  'SSR',
  'OSI',
  'ACC',
  'PPD',
  'COL',
  'CER',
  'REF',
  'SRI',
  'NOM',
  'CDC',
  'OPI',
  'ULD',
]);

interface Line {
  text: string;
  line: number;
}

interface Segment {
  tag: string;
  /** The segment's first line, then its continuation lines. */
  lines: Line[];
}

/** The waybills of every FWB and FHL message of the text; undefined (with a file error) when there is none. */
export function readCargoImp(text: string, report: ReportBuilder): AirMessage | undefined {
  const lines = text.split(/\r\n|\r|\n/).map((t, i) => ({ text: t.trimEnd(), line: i + 1 }));
  const messages: { type: string; lines: Line[] }[] = [];
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || t === '=' || t === 'NNNN') continue;
    if (MESSAGE_ID.test(t)) messages.push({ type: t.slice(0, 3), lines: [] });
    else if (messages.length) messages[messages.length - 1]?.lines.push({ text: t, line: l.line });
    else if (!ENVELOPE.test(t)) {
      report.fileError(
        'AIR_MESSAGE_UNSUPPORTED',
        `Line ${l.line} is "${t.slice(0, 20)}"; a Cargo-IMP air waybill message starts with FWB/nn or FHL/nn.`,
        { line: l.line },
      );
      return undefined;
    }
  }
  if (!messages.length) {
    report.fileError(
      'AIR_MESSAGE_UNSUPPORTED',
      'No FWB or FHL message identifier line (FWB/16, FHL/4) was found.',
    );
    return undefined;
  }
  const out: AirMessage = { waybills: [], flights: [] };
  for (const m of messages) {
    const read = m.type === 'FWB' ? readFwb(m.lines, report) : readFhl(m.lines, report);
    out.waybills.push(...read.waybills);
    out.flights.push(...read.flights);
  }
  return out;
}

/** Groups lines into segments; a line that is neither a tag nor a continuation is reported and skipped. */
function segmentsOf(lines: Line[], report: ReportBuilder, first?: (l: Line) => boolean): Segment[] {
  const segments: Segment[] = [];
  for (const l of lines) {
    if (first?.(l)) continue;
    const tag = /^([A-Z]{3})(\/|$)/.exec(l.text)?.[1];
    if (tag) {
      if (!KNOWN_TAGS.has(tag))
        report.warning('IMP_SYNTAX', { line: l.line }, `Line ${l.line}: the segment ${tag} is not read.`);
      segments.push({ tag, lines: [l] });
    } else if (l.text.startsWith('/') && segments.length) {
      segments[segments.length - 1]?.lines.push(l);
    } else {
      report.warning(
        'IMP_SYNTAX',
        { line: l.line },
        `Line ${l.line} is neither a segment nor a continuation: "${l.text.slice(0, 40)}".`,
      );
    }
  }
  return segments;
}

function readFwb(lines: Line[], report: ReportBuilder): AirMessage {
  const head = lines[0];
  const at = { line: head?.line ?? 1 };
  const waybill: AirWaybillRecord = {
    kind: 'master',
    label: `FWB line ${at.line}`,
    at,
    notify: [],
    flights: [],
    goods: [],
    ulds: [],
  };
  const consignment = head ? CONSIGNMENT.exec(head.text) : null;
  if (head && consignment) {
    Object.assign(waybill, consignmentDetail(consignment, head.line));
  } else if (head) {
    report.warning(
      'IMP_SYNTAX',
      { line: head.line },
      `Line ${head.line}: expected the AWB consignment line (888-12345675ORKPVG/T3K1042.0).`,
    );
  }
  const identifiers: Record<string, string> = {};
  const flights: AirFlight[] = [];
  for (const seg of segmentsOf(lines, report, (l) => l === head && !!consignment)) {
    readCommonSegment(seg, waybill, identifiers);
    if (seg.tag === 'FLT') flights.push(...flightsOf(seg));
    else if (seg.tag === 'RTG') {
      const hops = fields(seg.lines[0] as Line).map((f) => f.slice(0, 3));
      flights.forEach((f, i) => {
        const to = hops[i];
        if (to) f.to = { value: to, at: { line: seg.lines[0]?.line ?? at.line, field: 'RTG' } };
      });
    } else if (seg.tag === 'AGT') {
      const p = party(seg);
      if (p) waybill.forwarder = p;
    } else if (seg.tag === 'RTD') waybill.goods.push(...ratedGoods(seg, waybill.goods.length, waybill.ulds));
  }
  // Each flight departs where the one before arrived, the first from the origin.
  flights.forEach((f, i) => {
    const from = i === 0 ? waybill.origin : flights[i - 1]?.to;
    if (from) f.from = from;
  });
  if (flights.length && waybill.destination && !flights[flights.length - 1]?.to) {
    (flights[flights.length - 1] as AirFlight).to = waybill.destination;
  }
  waybill.flights = flights;
  applyIdentifiers(waybill, identifiers);
  return { waybills: [waybill], flights };
}

function readFhl(lines: Line[], report: ReportBuilder): AirMessage {
  const waybills: AirWaybillRecord[] = [];
  let master: Located | undefined;
  let current: AirWaybillRecord | undefined;
  let identifiers: Record<string, string> = {};
  const finish = () => {
    if (current) applyIdentifiers(current, identifiers);
  };
  for (const seg of segmentsOf(lines, report)) {
    const first = seg.lines[0] as Line;
    if (seg.tag === 'MBI') {
      const m = CONSIGNMENT.exec(first.text.slice(4));
      if (m) master = { value: m[1] as string, at: { line: first.line, field: 'MBI' } };
      else
        report.warning(
          'IMP_SYNTAX',
          { line: first.line },
          `Line ${first.line}: MBI is not AWB, origin, destination and quantity.`,
        );
      continue;
    }
    if (seg.tag === 'HBS') {
      finish();
      identifiers = {};
      const [number, places, pieces, weight, , nature] = fields(first);
      const at = { line: first.line };
      const w = weight ? /^([KL])(.*)$/.exec(weight) : null;
      const piecesAt = pieces ? { value: pieces, at: { ...at, field: 'HBS' } } : undefined;
      const weightAt = w
        ? { value: w[2] as string, unit: w[1] as string, at: { ...at, field: 'HBS' } }
        : undefined;
      current = {
        kind: 'house',
        label: `FHL line ${first.line}`,
        at,
        ...opt('number', number ? { value: number, at: { ...at, field: 'HBS' } } : undefined),
        ...opt('masterNumber', master),
        notify: [],
        flights: [],
        // The house's one goods line: its nature (TXT may describe it fully), pieces and weight.
        goods: [
          {
            lineNumber: 1,
            ...opt('description', nature),
            ...opt('pieces', piecesAt),
            ...opt('weight', weightAt),
          },
        ],
        ulds: [],
        ...opt('pieces', piecesAt),
        ...opt('weight', weightAt),
      };
      if (places && /^[A-Z]{6}$/.test(places)) {
        current.origin = { value: places.slice(0, 3), at };
        current.destination = { value: places.slice(3), at };
      } else
        report.warning(
          'IMP_SYNTAX',
          at,
          `Line ${first.line}: HBS origin and destination "${places ?? ''}" are not two airport codes.`,
        );
      waybills.push(current);
      continue;
    }
    if (!current) {
      report.warning(
        'IMP_SYNTAX',
        { line: first.line },
        `Line ${first.line}: ${seg.tag} before the first HBS (house waybill) is not read.`,
      );
      continue;
    }
    readCommonSegment(seg, current, identifiers);
    if (seg.tag === 'TXT') {
      const description = seg.lines.map((l) => l.text.replace(/^(TXT)?\//, '')).join(' ');
      const item = current.goods[0];
      if (item) item.description = description;
      else current.goods.push({ lineNumber: 1, description });
    } else if (seg.tag === 'HTS') {
      seg.lines.forEach((l, i) => {
        const code = l.text.replace(/^(HTS)?\//, '');
        const item = current?.goods[i] ?? { lineNumber: i + 1 };
        if (!current?.goods[i]) current?.goods.push(item);
        item.hsCode = { value: code, at: { line: l.line, field: 'HTS' } };
      });
    }
  }
  finish();
  if (!waybills.length) {
    report.warning(
      'REQUIRED_FIELD',
      { line: lines[0]?.line ?? 1 },
      'The FHL message lists no house waybill (HBS).',
    );
  }
  return { waybills, flights: [] };
}

/** Segments FWB and FHL share: parties, customs identifiers, charges. */
function readCommonSegment(
  seg: Segment,
  waybill: AirWaybillRecord,
  identifiers: Record<string, string>,
): void {
  if (seg.tag === 'SHP' || seg.tag === 'CNE' || seg.tag === 'NFY') {
    const p = party(seg);
    if (!p) return;
    if (seg.tag === 'SHP') waybill.shipper = p;
    else if (seg.tag === 'CNE') waybill.consignee = p;
    else waybill.notify.push(p);
  } else if (seg.tag === 'OCI') {
    // OCI/country/information id (SHP, CNE)/customs information id (T: tax id)/value
    for (const l of seg.lines) {
      const [, role, kind, value] = l.text.replace(/^OCI/, '').split('/').slice(1);
      if (kind === 'T' && role && value && !identifiers[role]) identifiers[role] = value;
    }
  } else if (seg.tag === 'CVD') {
    const charges = fields(seg.lines[0] as Line)[2];
    if (charges === 'PP') waybill.prepaid = true;
    else if (charges === 'CC') waybill.prepaid = false;
  }
}

function applyIdentifiers(waybill: AirWaybillRecord, identifiers: Record<string, string>): void {
  if (waybill.shipper && identifiers.SHP) waybill.shipper.identifier = identifiers.SHP;
  if (waybill.consignee && identifiers.CNE) waybill.consignee.identifier = identifiers.CNE;
}

function consignmentDetail(m: RegExpExecArray, line: number): Partial<AirWaybillRecord> {
  const at = { line };
  const q = QUANTITY.exec(m[4] as string);
  return {
    number: { value: m[1] as string, at: { ...at, field: 'AWB' } },
    origin: { value: m[2] as string, at },
    destination: { value: m[3] as string, at },
    ...opt('pieces', q?.[1] ? { value: q[1], at } : undefined),
    ...opt('weight', q?.[3] ? ({ value: q[3], unit: q[2] as string, at } satisfies Measure) : undefined),
    ...opt('volume', q?.[5] ? ({ value: q[5], unit: q[4] as string, at } satisfies Measure) : undefined),
  };
}

/** `FLT/XX8012/10/XX345/12`: flight and day-of-month pairs. */
function flightsOf(seg: Segment): AirFlight[] {
  const first = seg.lines[0] as Line;
  const parts = fields(first);
  const out: AirFlight[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const number = parts[i];
    if (number) out.push({ number: { value: number, at: { line: first.line, field: 'FLT' } } });
  }
  return out;
}

/**
 * SHP, CNE, NFY, AGT: the tag line (with the account number), then `/name`, `/street`,
 * `/place[/state]`, `/country/postcode[/contact type/number]`.
 */
function party(seg: Segment): AirParty | undefined {
  const rest = seg.lines.slice(1).map((l) => ({ ...l, text: l.text.slice(1) }));
  const [name, ...others] = rest;
  if (!name) return undefined;
  const countryLine = others.find((l) => /^[A-Z]{2}(\/|$)/.test(l.text));
  const addressLines = others.filter((l) => l !== countryLine).map((l) => l.text.split('/')[0] as string);
  const [country, postcode] = countryLine?.text.split('/') ?? [];
  if (postcode) addressLines.push(postcode);
  const account = fields(seg.lines[0] as Line)[0];
  return {
    name: { value: name.text, at: { line: name.line, field: seg.tag } },
    addressLines,
    ...opt(
      'country',
      country && countryLine ? { value: country, at: { line: countryLine.line, field: seg.tag } } : undefined,
    ),
    ...opt('identifier', account || undefined),
  };
}

/**
 * RTD/1/P3/K1042.0/...: rate line 1 with pieces (P) and weight (K/L); its continuations
 * `/2/NG/` or `/2/NC/` the nature of goods, `/3/NV/MC2.60` the volume, `/n/NH/` an HS code,
 * `/n/NU/` a ULD number.
 */
function ratedGoods(seg: Segment, before: number, ulds: Located[]): AirGoods[] {
  const first = seg.lines[0] as Line;
  const parts = fields(first);
  const item: AirGoods = { lineNumber: Number(parts[0]) > 0 ? Number(parts[0]) : before + 1 };
  for (const p of parts.slice(1)) {
    if (/^P\d+$/.test(p)) item.pieces = { value: p.slice(1), at: { line: first.line, field: 'RTD' } };
    const w = /^([KL])([\d.]+)$/.exec(p);
    if (w)
      item.weight = { value: w[2] as string, unit: w[1] as string, at: { line: first.line, field: 'RTD' } };
  }
  const descriptions: string[] = [];
  for (const l of seg.lines.slice(1)) {
    const m = /^\/\d+\/([A-Z]{2})\/?(.*)$/.exec(l.text);
    if (!m) continue;
    const [, code, value = ''] = m;
    const at = { line: l.line, field: `RTD ${code}` };
    if (code === 'NG' || code === 'NC') descriptions.push(value);
    else if (code === 'NH') item.hsCode = { value, at };
    else if (code === 'NU') ulds.push({ value, at });
    else if (code === 'NV') {
      const v = /^(MC|CC|CF|CI)([\d.]+)$/.exec(value);
      if (v) item.volume = { value: v[2] as string, unit: v[1] as string, at };
    }
  }
  if (descriptions.length) item.description = descriptions.join(' ');
  return [item];
}

/** The `/`-separated fields after a segment's tag. */
function fields(l: Line): string[] {
  return l.text.split('/').slice(1);
}
