import {
  containerNumberProblems,
  countryProblems,
  hsCodeProblems,
  imoProblems,
  isoTypeProblems,
  locodeProblems,
  normaliseContainerNumber,
  normaliseHsCode,
  normaliseImo,
  normaliseLocode,
} from '#core/identifiers/index.ts';
import type { Problem } from '#core/identifiers/problem.ts';
import {
  BillOfLading,
  Container,
  type DataQualityIssue,
  type GoodsItem,
  type ManifestInput,
  type Party,
  Voyage,
} from '#schemas/manifest.ts';
import type { IssueCode, IssueLocation } from '#schemas/validation-report.ts';
import { component, components, EdifactTokenizer, type Segment } from './cuscar-tokenizer.ts';
import {
  edifactDateToIso,
  isMassUnit,
  isVolumeUnit,
  massToKg,
  parseEdifactNumber,
  volumeToM3,
} from './cuscar-values.ts';
import { noteDataQuality } from './data-quality.ts';
import { containerProblems, goodsItemProblems } from './record-checks.ts';
import type { RecordScope, ReportBuilder } from './report-builder.ts';

/**
 * UN/EDIFACT CUSCAR (D95B, D96B, D03B subset) -> manifest model, streaming: segments are read
 * one at a time from text chunks and each consignment (CNI group) and piece of equipment
 * (EQD group) becomes a record with its own issues. See docs/cuscar.md for the mapping.
 */

export { writeCuscar } from './cuscar-writer.ts';

export interface CuscarParseOptions {
  /**
   * The PCU's own port (UN/LOCODE), used when the message names no reporting port as a
   * UN/LOCODE (e.g. US CBP ACE messages use Schedule D port codes).
   */
  reportingPort?: string;
}

/** Written in the model when the message lacks a required voyage field (reported as an error). */
export const UNKNOWN_PORT = 'ZZZZZ';
export const UNKNOWN_TEXT = 'UNKNOWN';

/** Segments of CUSCAR (and the service segments) that are read or knowingly skipped. */
const HANDLED = new Set(
  'UNB UNG UNH UNT UNE UNZ BGM DTM RFF TDT LOC NAD EQD MEA SEL CNI GID PAC FTX CST SGP DGS PCI PIA CPI DOC'.split(
    ' ',
  ),
);
/** Part of the CUSCAR directories but carrying nothing the model holds: skipped silently. */
const TOLERATED = new Set(
  'CNT GEI TSR CTA COM TMD EQN HAN TPL GIS DIM TMP RNG TCC MOA QTY GDS GIN IMD ATT PCD NAT PDI FII EMP CUX TOD ALI UNS AUT'.split(
    ' ',
  ),
);

/** Location qualifiers (3227) at voyage level naming the port where the manifest is reported, best first. */
const REPORTING_PORT_QUALIFIERS = ['60', '24', '135', '11', '12'];
/** Voyage-level qualifiers naming ports the vessel called at before. */
const PREVIOUS_PORT_QUALIFIERS = new Set(['125', '5', '9', '76']);

/** Party qualifiers (3035) -> role on the B/L. */
const PARTY_ROLES: Record<string, 'shipper' | 'consignee' | 'notify' | 'forwarder' | 'carrier' | undefined> =
  {
    CZ: 'shipper',
    OS: 'shipper',
    SH: 'shipper',
    CN: 'consignee',
    N1: 'notify',
    N2: 'notify',
    NI: 'notify',
    FW: 'forwarder',
    CA: 'carrier',
  };

type Context = 'header' | 'consignment' | 'goods' | 'equipment';

interface ConsignmentDraft {
  record: RecordScope;
  /** Errors kept on the B/L (the consignment is kept with them). */
  dataQuality?: DataQualityIssue[];
  start: IssueLocation;
  cniNumber: string;
  refs: Map<string, { value: string; at: IssueLocation }>;
  docNumber?: { value: string; house: boolean };
  shipper?: { party: Party; primary: boolean };
  consignee?: Party;
  notify: Party[];
  forwarder?: Party;
  ports: {
    receipt?: string;
    departure?: string;
    loading?: string;
    originalLoading?: string;
    discharge?: string;
    delivery?: string;
    destination?: string;
    transshipment: string[];
  };
  freightTerms?: 'prepaid' | 'collect' | 'elsewhere';
  containers: string[];
  goods: GoodsDraft[];
}

interface GoodsDraft {
  at: IssueLocation;
  dataQuality?: DataQualityIssue[];
  lineNumber?: number;
  description: string[];
  hsCode?: string;
  packageCount?: number;
  packageType?: string;
  grossWeightKg?: number;
  grossAt?: IssueLocation;
  volumeM3?: number;
  marks: string[];
  dangerousGoodsUn?: string;
  containers: string[];
}

interface EquipmentDraft {
  record: RecordScope;
  at: IssueLocation;
  /** Undefined when the equipment is not an ISO container (it is rejected). */
  container?: Container;
  /** Which fields the EQD declared explicitly (for comparing repeated declarations). */
  declared: { status: boolean; shipperOwned: boolean };
  inConsignment: ConsignmentDraft | undefined;
  vgmAt?: IssueLocation;
}

interface VoyageDraft {
  vesselName?: string;
  imoNumber?: string;
  callSign?: string;
  flag?: string;
  voyageNumber?: string;
  carrier?: string;
  carrierCode?: string;
  carrierFromNad?: string;
  carrierNadId?: string;
  eta?: string;
  etaIsActual?: boolean;
  reportingPorts: Map<string, { code: string; at: IssueLocation }>;
  /** The reporting-port LOC that was not a UN/LOCODE, for the error message. */
  foreignReportingPort?: { raw: string; list: string; at: IssueLocation };
  previousPorts: string[];
  documentNumber?: string;
  /** Where the voyage's TDT and BGM are, for positioning issues about what they lack. */
  tdtAt?: IssueLocation;
  bgmAt?: IssueLocation;
  /** Transport stage (8051) of the TDT read for the vessel; a main carriage (20) is not replaced. */
  tdtStage?: string;
}

export async function parseCuscar(
  text: AsyncIterable<string> | Iterable<string>,
  report: ReportBuilder,
  options: CuscarParseOptions = {},
): Promise<ManifestInput | undefined> {
  const reader = new CuscarReader(report, options);
  if (!(await readSegments(text, reader))) return undefined;
  return reader.finish();
}

/**
 * What a streamed reading (the ingest's) gets: each B/L when its consignment (CNI group) ends,
 * checked against the model's schema; the containers at the end (a later EQD may add seals to
 * a container's first declaration), with the voyage. Only the containers are held.
 */
export interface CuscarRecordSink {
  /**
   * Goods links to drop from each B/L as it is handed on: equipment that is not a container,
   * known only at the end (`parseCuscarRecords` returns it), so from a first reading.
   */
  droppedLinks?: ReadonlySet<string>;
  billOfLading(bl: BillOfLading): void | Promise<void>;
  container(container: Container): void;
  /** Set by a second reading: the containers of the first are not kept again, only linked. */
  knownContainers?: ReadonlyMap<string, Container>;
}

/**
 * Streams a CUSCAR interchange into `sink` with the same checks and report as `parseCuscar`
 * (plus the schema check the whole-model intake makes), without building the model. Returns
 * undefined when the file is rejected as a whole.
 */
export async function parseCuscarRecords(
  text: AsyncIterable<string> | Iterable<string>,
  report: ReportBuilder,
  options: CuscarParseOptions,
  sink: CuscarRecordSink,
): Promise<{ voyage: Voyage; droppedLinks: Set<string> } | undefined> {
  const reader = new CuscarReader(report, options, sink);
  if (!(await readSegments(text, reader))) return undefined;
  const result = reader.finishRecords();
  await reader.drain();
  return report.isFileRejected ? undefined : result;
}

async function readSegments(
  text: AsyncIterable<string> | Iterable<string>,
  reader: CuscarReader,
): Promise<boolean> {
  const tokenizer = new EdifactTokenizer();
  for await (const chunk of text) {
    for (const segment of tokenizer.push(chunk)) {
      if (!reader.segment(segment)) return false;
    }
    await reader.drain();
  }
  for (const segment of tokenizer.end()) {
    if (!reader.segment(segment)) return false;
  }
  await reader.drain();
  return true;
}

class CuscarReader {
  private started = false;
  private interchangeRef: string | undefined;
  private interchangeOpen = false;
  private messagesInInterchange = 0;
  private groupsInInterchange = 0;
  private inMessage = false;
  private messageRef = '';
  private segNo = 0;
  private messagesRead = 0;
  private afterUnz = false;

  private context: Context = 'header';
  private readonly voyage: VoyageDraft = { reportingPorts: new Map(), previousPorts: [] };
  /** True once the first message's header is done: later messages' voyage details are ignored. */
  private voyageFixed = false;
  private consignment: ConsignmentDraft | undefined;
  private goods: GoodsDraft | undefined;
  private equipment: EquipmentDraft | undefined;

  private readonly billsOfLading: BillOfLading[] = [];
  private readonly containers = new Map<string, Container>();
  private readonly containerAt = new Map<string, { at: IssueLocation; label: string }>();
  /** Ids of equipment that is not a container (reported at its EQD, not kept). */
  private readonly nonContainers = new Set<string>();
  private lastUnterminated = false;
  private lastLine = 1;
  /** Inside a message of another type that follows CUSCAR messages: its segments are skipped. */
  private skipMessage = false;

  /** Streamed: B/Ls complete, waiting for `drain` (segments are handled synchronously). */
  private readonly ready: BillOfLading[] = [];
  private streamedBls = 0;

  constructor(
    private readonly report: ReportBuilder,
    private readonly options: CuscarParseOptions,
    private readonly sink?: CuscarRecordSink,
  ) {}

  /** Hands the complete B/Ls to the sink. */
  async drain(): Promise<void> {
    if (!this.sink) return;
    while (this.ready.length > 0) {
      const next = this.ready.splice(0, this.ready.length);
      for (const bl of next) await this.sink.billOfLading(bl);
    }
  }

  /** Streamed: a B/L leaves the reader when its consignment ends, in the model's shape. */
  private handOn(draft: ManifestInput['billsOfLading'][number]): void {
    const at = this.streamedBls++;
    if (this.report.isFileRejected) return;
    const parsed = BillOfLading.safeParse(draft);
    if (!parsed.success) {
      this.schemaError(parsed.error.issues[0], `billsOfLading/${at}`);
      return;
    }
    const bl = parsed.data;
    const dropped = this.sink?.droppedLinks;
    if (dropped && dropped.size > 0) {
      for (const goods of bl.goods) {
        if (goods.containers.some((n) => dropped.has(n)))
          goods.containers = goods.containers.filter((n) => !dropped.has(n));
      }
    }
    this.ready.push(bl);
  }

  /** The same rejection as the whole-model intake's schema guard (parse-manifest.ts). */
  private schemaError(issue: { message: string; path: PropertyKey[] } | undefined, prefix: string): void {
    const path = [prefix, ...(issue?.path ?? []).map(String)].join('/');
    this.report.fileError(
      'JSON_SCHEMA',
      `The manifest read from the file does not fit the model: ${issue?.message} at /${path}.`,
    );
  }

  /**
   * Streamed: the end of the text. The containers (checked against the schema) go to the
   * sink; returns the voyage and the goods links to drop (see CuscarRecordSink.droppedLinks).
   */
  finishRecords(): { voyage: Voyage; droppedLinks: Set<string> } | undefined {
    const input = this.finish();
    if (!input || this.report.isFileRejected) return undefined;
    const voyage = Voyage.safeParse(input.voyage);
    if (!voyage.success) {
      this.schemaError(voyage.error.issues[0], 'voyage');
      return undefined;
    }
    let at = 0;
    for (const draft of input.containers) {
      const container = Container.safeParse(draft);
      if (!container.success) {
        this.schemaError(container.error.issues[0], `containers/${at}`);
        return undefined;
      }
      this.sink?.container(container.data);
      at++;
    }
    const droppedLinks = new Set<string>();
    for (const n of this.nonContainers) if (!this.containers.has(n)) droppedLinks.add(n);
    return { voyage: voyage.data, droppedLinks };
  }

  /** Handles one segment; false when the file is rejected as a whole (stop reading). */
  segment(seg: Segment): boolean {
    // UNB/UNG/UNE/UNZ/UNH inside a message close it (it lacks its UNT): not counted in it.
    const closes =
      seg.tag === 'UNH' || seg.tag === 'UNB' || seg.tag === 'UNZ' || seg.tag === 'UNG' || seg.tag === 'UNE';
    if (this.inMessage && !closes) this.segNo++;
    const at: IssueLocation = closes ? { line: seg.line, segmentTag: seg.tag } : this.at(seg);
    this.lastUnterminated = seg.unterminated === true;
    this.lastLine = seg.line;
    if (seg.malformed) {
      if (!this.started) {
        this.report.fileError(
          'EDI_NO_INTERCHANGE',
          'The text does not start with a UNA, UNB or UNH segment.',
          at,
        );
        return false;
      }
      const detail =
        seg.malformed === 'runaway'
          ? 'No segment terminator within 64 KiB: the text was skipped up to the next terminator.'
          : `"${seg.tag.slice(0, 20)}" is not a segment tag (3 letters or digits); the segment was skipped.`;
      this.report.add({ code: 'EDI_SYNTAX', severity: 'error', message: detail, location: at });
      return true;
    }
    if (!this.started) {
      if (seg.tag !== 'UNB' && seg.tag !== 'UNH' && seg.tag !== 'UNG') {
        this.report.fileError(
          'EDI_NO_INTERCHANGE',
          `The first segment is ${seg.tag}, not UNA, UNB or UNH: this is not an EDIFACT interchange.`,
          at,
        );
        return false;
      }
      this.started = true;
    }
    switch (seg.tag) {
      case 'UNA':
        return true; // a second interchange's service string advice (same separators assumed)
      case 'UNB':
        return this.unb(seg, at);
      case 'UNG':
        if (this.inMessage) this.truncatedMessage(at);
        this.groupsInInterchange++;
        return true;
      case 'UNE':
        if (this.inMessage) this.truncatedMessage(at);
        return true;
      case 'UNH':
        return this.unh(seg, at);
      case 'UNT':
        this.unt(seg, at);
        return true;
      case 'UNZ':
        this.unz(seg, at);
        return true;
    }
    if (!this.inMessage) {
      this.report.add({
        code: 'EDI_SYNTAX',
        severity: 'error',
        message: `${seg.tag} outside a message (no UNH before it); the segment was skipped.`,
        location: at,
      });
      return true;
    }
    if (!this.skipMessage) this.messageSegment(seg, at);
    return true;
  }

  private at(seg: Segment): IssueLocation {
    const loc: IssueLocation = { line: seg.line };
    if (this.inMessage) loc.segment = this.segNo;
    if (seg.tag) loc.segmentTag = seg.tag;
    return loc;
  }

  // ---- service segments ----

  private unb(seg: Segment, at: IssueLocation): boolean {
    if (this.inMessage) this.truncatedMessage(at);
    if (this.interchangeOpen) {
      this.report.warning(
        'EDI_TRUNCATED',
        at,
        'A new interchange (UNB) starts before the previous one ended with UNZ.',
      );
    }
    this.interchangeOpen = true;
    this.afterUnz = false;
    this.interchangeRef = component(seg, 4);
    this.messagesInInterchange = 0;
    this.groupsInInterchange = 0;
    return true;
  }

  private unh(seg: Segment, at: IssueLocation): boolean {
    if (this.inMessage) this.truncatedMessage(at);
    this.inMessage = true;
    this.segNo = 1;
    at.segment = 1;
    this.messageRef = component(seg, 0);
    this.messagesInInterchange++;
    const type = component(seg, 1, 0).toUpperCase();
    this.skipMessage = false;
    if (type !== 'CUSCAR') {
      const version = [component(seg, 1, 1), component(seg, 1, 2)].filter(Boolean).join(':');
      if (this.messagesRead > 0) {
        // CUSCAR messages came first: keep them, skip this one.
        this.skipMessage = true;
        this.report.warning(
          'EDI_NOT_CUSCAR',
          at,
          `Message ${this.messageRef || '(no reference)'} is ${type || '(no type)'}${version ? ` ${version}` : ''}, not CUSCAR; it was skipped.`,
        );
        return true;
      }
      this.report.fileError(
        'EDI_NOT_CUSCAR',
        `The message is ${type || '(no type)'}${version ? ` ${version}` : ''}, not CUSCAR: it cannot be read as a cargo manifest.`,
        at,
      );
      return false;
    }
    this.messagesRead++;
    this.context = 'header';
    return true;
  }

  private unt(seg: Segment, at: IssueLocation): void {
    if (!this.inMessage) {
      this.report.add({
        code: 'EDI_SYNTAX',
        severity: 'error',
        message: 'UNT without a UNH before it; the segment was skipped.',
        location: at,
      });
      return;
    }
    this.endMessage();
    const declared = component(seg, 0);
    if (String(this.segNo) !== declared) {
      this.report.warning(
        'EDI_SEGMENT_COUNT',
        at,
        `UNT declares ${declared || 'no'} segments, the message has ${this.segNo} (UNH to UNT).`,
      );
    }
    const ref = component(seg, 1);
    if (ref !== this.messageRef) {
      this.report.warning(
        'EDI_CONTROL_REFERENCE',
        at,
        `UNT reference "${ref}" does not match UNH reference "${this.messageRef}".`,
      );
    }
    this.inMessage = false;
  }

  private unz(seg: Segment, at: IssueLocation): void {
    if (this.inMessage) this.truncatedMessage(at);
    const declared = component(seg, 0);
    const expected = this.groupsInInterchange > 0 ? this.groupsInInterchange : this.messagesInInterchange;
    if (declared !== String(expected)) {
      this.report.warning(
        'EDI_SEGMENT_COUNT',
        at,
        `UNZ declares ${declared || 'no'} ${this.groupsInInterchange > 0 ? 'groups' : 'messages'}, the interchange has ${expected}.`,
      );
    }
    const ref = component(seg, 1);
    if (this.interchangeRef !== undefined && ref !== this.interchangeRef) {
      this.report.warning(
        'EDI_CONTROL_REFERENCE',
        at,
        `UNZ reference "${ref}" does not match UNB reference "${this.interchangeRef}".`,
      );
    }
    this.interchangeOpen = false;
    this.afterUnz = true;
  }

  /** A message ended without UNT (a new UNH/UNB/UNZ, or the end of the text). */
  private truncatedMessage(at: IssueLocation): void {
    this.endMessage();
    this.report.add({
      code: 'EDI_TRUNCATED',
      severity: 'error',
      message: `Message ${this.messageRef || '(no reference)'} ends without UNT after ${this.segNo} segments: it may be incomplete. The consignments and equipment read so far are kept.`,
      location: at,
    });
    this.inMessage = false;
  }

  private endMessage(): void {
    this.closeEquipment();
    this.closeConsignment();
    this.voyageFixed = true;
    this.context = 'header';
  }

  // ---- message body ----

  private messageSegment(seg: Segment, at: IssueLocation): void {
    switch (seg.tag) {
      case 'BGM':
        if (!this.voyageFixed && !this.voyage.documentNumber && component(seg, 1)) {
          this.voyage.documentNumber = component(seg, 1);
          this.voyage.bgmAt = at;
        }
        return;
      case 'DTM':
        this.dtm(seg, at);
        return;
      case 'RFF':
        this.rff(seg, at);
        return;
      case 'TDT':
        this.tdt(seg, at);
        return;
      case 'LOC':
        this.loc(seg, at);
        return;
      case 'NAD':
        this.nad(seg, at);
        return;
      case 'CNI':
        this.cni(seg, at);
        return;
      case 'EQD':
        this.eqd(seg, at);
        return;
      case 'SEL':
        this.sel(seg);
        return;
      case 'MEA':
        this.mea(seg, at);
        return;
      case 'GID':
        this.gid(seg, at);
        return;
      case 'PAC':
        this.pac(seg, at);
        return;
      case 'FTX':
        this.ftx(seg);
        return;
      case 'PCI':
        if (this.context === 'goods' && this.goods) this.goods.marks.push(...components(seg, 1));
        return;
      case 'CST':
        this.cst(seg, at);
        return;
      case 'PIA':
        this.pia(seg, at);
        return;
      case 'SGP':
        this.sgp(seg);
        return;
      case 'DGS':
        this.dgs(seg, at);
        return;
      case 'CPI':
        this.cpi(seg);
        return;
      case 'DOC':
        this.doc(seg);
        return;
    }
    if (HANDLED.has(seg.tag) || TOLERATED.has(seg.tag)) return;
    this.report.warnOnce(
      'EDI_UNKNOWN_SEGMENT',
      at,
      `${seg.tag} is not part of the supported CUSCAR subset; it was ignored (reported once per tag).`,
      `EDI_UNKNOWN_SEGMENT:${seg.tag}`,
    );
  }

  /** Issues found while reading the current consignment/equipment go to its record; others to the file. */
  private issue(
    scope: RecordScope | undefined,
    code: IssueCode,
    severity: 'error' | 'warning',
    at: IssueLocation,
    message: string,
  ): void {
    if (scope) {
      if (severity === 'error') scope.error(code, at, message);
      else scope.warning(code, at, message);
    } else {
      this.report.add({ code, severity, message, location: at, record: 'voyage' });
    }
  }

  private get scope(): RecordScope | undefined {
    if (this.context === 'equipment') return this.equipment?.record;
    return this.consignment?.record;
  }

  private dtm(seg: Segment, at: IssueLocation): void {
    if (this.consignment || this.voyageFixed) return;
    const qualifier = component(seg, 0, 0);
    // 132 = arrival date/time, estimated; 178 = arrival date/time, actual (used when no estimate).
    if (qualifier !== '132' && qualifier !== '178') return;
    if (qualifier === '178' && this.voyage.eta && !this.voyage.etaIsActual) return;
    const value = component(seg, 0, 1);
    const format = component(seg, 0, 2);
    const iso = edifactDateToIso(value, format);
    if (!iso) {
      this.issue(
        undefined,
        'DATE_INVALID',
        'error',
        { ...at, field: 'voyage.eta' },
        `DTM+${qualifier} "${value}" (format ${format || 'not given'}) is not a valid date; the ETA is left out.`,
      );
      return;
    }
    this.voyage.eta = iso;
    this.voyage.etaIsActual = qualifier === '178';
  }

  private rff(seg: Segment, at: IssueLocation): void {
    const qualifier = component(seg, 0, 0).toUpperCase();
    const value = component(seg, 0, 1);
    if (!value) return;
    if (this.consignment) {
      if (['BM', 'BH', 'MB', 'AAM', 'BN'].includes(qualifier) && !this.consignment.refs.has(qualifier)) {
        this.consignment.refs.set(qualifier, { value, at });
      }
      return;
    }
    if (this.voyageFixed) return;
    if (qualifier === 'VON') this.voyage.voyageNumber ??= value;
    else if (qualifier === 'VM' || qualifier === 'XA') this.voyage.callSign ??= value.toUpperCase();
  }

  private tdt(seg: Segment, at: IssueLocation): void {
    // Transport in a consignment (pre-/on-carriage) is not the vessel reported.
    if (this.consignment || this.voyageFixed) return;
    const stage = component(seg, 0);
    // The first TDT describes the vessel unless a main-carriage TDT (20) follows a pre-carriage one.
    if (this.voyage.tdtStage !== undefined && (this.voyage.tdtStage === '20' || stage !== '20')) return;
    this.voyage.tdtStage = stage;
    this.voyage.tdtAt = at;
    this.closeEquipment();
    this.context = 'header';
    const voyageNumber = component(seg, 1);
    if (voyageNumber) this.voyage.voyageNumber = voyageNumber;
    // C040: 3127 carrier code : 1131 : 3055 : 3128 carrier name. A name beats a code.
    if (component(seg, 4, 3)) this.voyage.carrier = component(seg, 4, 3);
    if (component(seg, 4, 0)) this.voyage.carrierCode = component(seg, 4, 0);
    // C222: 8213 id : 1131 code list : 3055 agency : 8212 name : 8453 nationality.
    const id = component(seg, 7, 0).toUpperCase();
    const list = component(seg, 7, 1);
    const agency = component(seg, 7, 2);
    const name = component(seg, 7, 3);
    const nationality = component(seg, 7, 4).toUpperCase();
    if (name) this.voyage.vesselName = name;
    if (id) {
      const imoLike = normaliseImo(id);
      if (list === '146' || agency === '11' || (list === '' && /^\d{7}$/.test(imoLike)) || /^IMO/.test(id)) {
        const problems = imoProblems(imoLike);
        this.voyageProblems(problems, { ...at, field: 'voyage.imoNumber' });
        if (!problems.some((p) => p.severity === 'error')) this.voyage.imoNumber = imoLike;
      } else if (!name && list === '' && (id.includes(' ') || id.length > 9)) {
        // Older senders put the vessel's name in 8213 and leave 8212 empty: no call sign looks like that.
        this.voyage.vesselName = component(seg, 7, 0);
      } else {
        this.voyage.callSign = id;
      }
    }
    if (nationality) {
      if (/^[A-Z]{2}$/.test(nationality)) {
        this.voyageProblems(countryProblems(nationality), { ...at, field: 'voyage.flag' });
        this.voyage.flag = nationality;
      } else {
        this.issue(
          undefined,
          'COUNTRY_UNKNOWN',
          'warning',
          { ...at, field: 'voyage.flag' },
          `The vessel's nationality "${nationality}" is not an ISO 3166 alpha-2 code; the flag is left out.`,
        );
      }
    }
  }

  private voyageProblems(problems: Problem[], at: IssueLocation): void {
    for (const p of problems) this.report.add({ ...p, location: at, record: 'voyage' });
  }

  /**
   * Reads a LOC's location as a UN/LOCODE. A value from another code list (US Schedule D,
   * national codes) is not an error in the message, only not something the model can hold.
   */
  private locode(
    seg: Segment,
    at: IssueLocation,
    field: string,
    scope: RecordScope | undefined,
  ): { code?: string; foreign?: { raw: string; list: string } } {
    const raw = component(seg, 1, 0);
    if (!raw) return {};
    const list = component(seg, 1, 1);
    const agency = component(seg, 1, 2);
    const code = normaliseLocode(raw);
    const location = { ...at, field };
    if (!/^[A-Z]{2}[A-Z0-9]{3}$/.test(code)) {
      const otherList = (agency !== '' && agency !== '6') || (list !== '' && list !== '139' && list !== '25');
      if (otherList) {
        // The reporting port gets one REQUIRED_FIELD error at the end instead.
        if (field === 'voyage.reportingPort')
          return { foreign: { raw, list: [list, agency].filter(Boolean).join('/') } };
        this.issue(
          scope,
          'LOCODE_FORMAT',
          'warning',
          location,
          `LOC+${component(seg, 0)} "${raw}" is from code list ${[list, agency].filter(Boolean).join('/')}, not a UN/LOCODE; it is left out.`,
        );
        return { foreign: { raw, list: [list, agency].filter(Boolean).join('/') } };
      }
    }
    const problems = locodeProblems(code);
    if (scope) {
      // The record is kept with its errors; a well-formed but unknown code still tells the route.
      scope.problems(problems, location);
      const error = problems.find((p) => p.severity === 'error');
      if (error && this.consignment && scope === this.consignment.record)
        noteDataQuality(this.consignment, error.code, field.replace(/^billOfLading\./, ''), raw);
      return error?.code === 'LOCODE_FORMAT' ? {} : { code };
    }
    this.voyageProblems(problems, location);
    return problems.some((p) => p.severity === 'error') ? {} : { code };
  }

  private loc(seg: Segment, at: IssueLocation): void {
    const qualifier = component(seg, 0);
    if (this.context === 'equipment') return; // where the equipment is, not the cargo's route
    const c = this.consignment;
    if (c) {
      const field = CONSIGNMENT_LOC_FIELDS[qualifier];
      if (!field) return;
      const { code } = this.locode(seg, at, `billOfLading.${field.model}`, c.record);
      if (!code) return;
      if (field.key === 'transshipment') {
        pushUnique(c.ports.transshipment, code);
      } else {
        const key = field.key as Exclude<keyof ConsignmentDraft['ports'], 'transshipment'>;
        c.ports[key] ??= code;
      }
      return;
    }
    if (this.voyageFixed) return;
    if (REPORTING_PORT_QUALIFIERS.includes(qualifier)) {
      if (this.voyage.reportingPorts.has(qualifier)) return;
      const { code, foreign } = this.locode(seg, at, 'voyage.reportingPort', undefined);
      if (code) this.voyage.reportingPorts.set(qualifier, { code, at });
      else if (foreign) this.voyage.foreignReportingPort ??= { ...foreign, at };
    } else if (PREVIOUS_PORT_QUALIFIERS.has(qualifier)) {
      const { code } = this.locode(seg, at, 'voyage.previousPortsOfCall', undefined);
      if (code) pushUnique(this.voyage.previousPorts, code);
    }
  }

  private nad(seg: Segment, at: IssueLocation): void {
    const qualifier = component(seg, 0).toUpperCase();
    const role = PARTY_ROLES[qualifier];
    if (!role) return; // other parties (drivers, importers of record ...) are not in the model
    const c = this.consignment;
    if (role === 'carrier') {
      if (!this.voyageFixed && !this.voyage.carrierFromNad) {
        const party = readParty(seg);
        if (party.name) this.voyage.carrierFromNad = party.name;
        if (party.identifier) this.voyage.carrierNadId = party.identifier;
      }
      return;
    }
    if (!c) return; // a shipper or consignee outside any consignment has no B/L to go to
    const party = readParty(seg);
    const field = `billOfLading.${role === 'notify' ? 'notifyParties' : role}`;
    if (party.country !== undefined) {
      if (!/^[A-Z]{2}$/.test(party.country)) {
        c.record.warning('COUNTRY_UNKNOWN', { ...at, field: `${field}.country` }, `Got "${party.country}".`);
        delete party.country;
      } else {
        c.record.problems(countryProblems(party.country), { ...at, field: `${field}.country` });
      }
    }
    if (!party.name) {
      if (!party.identifier) {
        c.record.warning(
          'REQUIRED_FIELD',
          { ...at, field: `${field}.name` },
          `NAD+${qualifier} has no name; the party is left out.`,
        );
        return;
      }
      c.record.warning(
        'REQUIRED_FIELD',
        { ...at, field: `${field}.name` },
        `NAD+${qualifier} has no name; its identifier is used as the name.`,
      );
      party.name = party.identifier;
    }
    const p = party as Party;
    switch (role) {
      case 'shipper': {
        // CZ (consignor) is the shipper; OS/SH stand in only when there is no CZ.
        const primary = qualifier === 'CZ';
        if (!c.shipper || (primary && !c.shipper.primary)) c.shipper = { party: p, primary };
        break;
      }
      case 'consignee':
        c.consignee ??= p;
        break;
      case 'notify':
        c.notify.push(p);
        break;
      case 'forwarder':
        c.forwarder ??= p;
        break;
    }
  }

  private cni(seg: Segment, at: IssueLocation): void {
    this.closeEquipment();
    this.closeConsignment();
    this.context = 'consignment';
    this.consignment = {
      record: this.report.record(`consignment at segment ${at.segment} (line ${at.line})`),
      start: at,
      cniNumber: component(seg, 1, 0),
      refs: new Map(),
      notify: [],
      ports: { transshipment: [] },
      containers: [],
      goods: [],
    };
  }

  private doc(seg: Segment): void {
    const c = this.consignment;
    if (!c || c.docNumber) return;
    const name = component(seg, 0, 0);
    // 1001: 705 bill of lading, 706 clean B/L, 707 ... 714 house B/L, 740 air waybill.
    if (!['705', '706', '707', '714', '740'].includes(name)) return;
    const number = component(seg, 1, 0);
    if (number) c.docNumber = { value: number, house: name === '714' };
  }

  private cpi(seg: Segment): void {
    const c = this.consignment;
    if (!c) return;
    const code = component(seg, 2).toUpperCase();
    const terms =
      code === 'P'
        ? 'prepaid'
        : code === 'C'
          ? 'collect'
          : code === 'A' || code === 'E'
            ? 'elsewhere'
            : undefined;
    if (terms) c.freightTerms ??= terms;
  }

  // ---- equipment ----

  private eqd(seg: Segment, at: IssueLocation): void {
    this.closeEquipment();
    this.goods = undefined;
    this.context = 'equipment';
    const qualifier = component(seg, 0).toUpperCase();
    const rawId = component(seg, 1, 0);
    const number = normaliseContainerNumber(rawId);
    const record = this.report.record(
      qualifier === 'CN'
        ? `container ${number || '(no number)'}`
        : `equipment ${rawId || '(no id)'} (EQD+${qualifier})`,
    );
    const draft: EquipmentDraft = {
      record,
      at,
      declared: { status: false, shipperOwned: false },
      inConsignment: this.consignment,
    };
    this.equipment = draft;
    if (qualifier !== 'CN') {
      record.error(
        'EQUIPMENT_NOT_CONTAINER',
        { ...at, field: 'container' },
        `EQD+${qualifier || '(no qualifier)'} ${rawId || '(no id)'} is not an ISO container (equipment qualifier ${qualifier || 'missing'}, e.g. a truck, trailer or rail car); it is not kept and cannot be screened as a container.`,
      );
      if (number) this.nonContainers.add(number);
      return;
    }
    if (!number) {
      record.error(
        'REQUIRED_FIELD',
        { ...at, field: 'container.number' },
        'EQD+CN without a container number; it cannot be attributed and is set aside (its consignment is kept).',
      );
      return;
    }
    // A container named again (e.g. in each B/L it carries goods for) is checked once.
    const seen = this.containers.has(number);
    const container: Container = { number, seals: [], status: 'full', shipperOwned: false };
    if (!seen) {
      // A malformed number is kept (the container is still assessed) with the error on it.
      const problems = containerNumberProblems(number);
      record.problems(problems, { ...at, field: 'container.number' });
      for (const p of problems)
        if (p.severity === 'error') noteDataQuality(container, p.code, 'number', rawId);
    }
    const isoType = component(seg, 2, 0).toUpperCase();
    if (isoType) {
      if (!seen) record.problems(isoTypeProblems(isoType), { ...at, field: 'container.isoType' });
      container.isoType = isoType;
    }
    // 8077 equipment supplier: 1 = shipper supplied, 2 = carrier supplied.
    const supplier = component(seg, 3);
    if (supplier === '1' || supplier === '2') {
      container.shipperOwned = supplier === '1';
      draft.declared.shipperOwned = true;
    }
    // 8169 full/empty indicator: 4 = empty, 5 = full (6, 7, 8: full variants of LCL/FCL).
    const fullEmpty = component(seg, 5);
    if (fullEmpty === '4') container.status = 'empty';
    if (fullEmpty) draft.declared.status = true;
    draft.container = container;
  }

  private sel(seg: Segment): void {
    if (this.context !== 'equipment') return;
    const seal = component(seg, 0);
    const c = this.equipment?.container;
    if (seal && c) pushUnique(c.seals, seal);
  }

  private mea(seg: Segment, at: IssueLocation): void {
    const purpose = component(seg, 0).toUpperCase();
    const property = component(seg, 1, 0).toUpperCase();
    const unit = component(seg, 2, 0);
    const rawValue = component(seg, 2, 1);
    const kind = measureKind(purpose, property, unit);
    if (!kind) return;
    const target =
      this.context === 'equipment'
        ? this.equipment?.container
        : this.context === 'goods'
          ? this.goods
          : undefined;
    if (!target) return;
    if (this.context === 'equipment' && kind !== 'vgm') return; // the model holds only the VGM
    if (this.context === 'goods' && kind === 'vgm') return;
    const scope = this.scope;
    const field =
      kind === 'vgm'
        ? 'container.verifiedGrossMassKg'
        : kind === 'gross'
          ? 'goods.grossWeightKg'
          : 'goods.volumeM3';
    const value = parseEdifactNumber(rawValue);
    if (value === undefined) {
      this.issue(
        scope,
        'NUMBER_INVALID',
        'warning',
        { ...at, field },
        `MEA value "${rawValue}" is not a number; it is left out.`,
      );
      return;
    }
    const converted = kind === 'volume' ? volumeToM3(value, unit || 'MTQ') : massToKg(value, unit || 'KGM');
    if (converted === undefined) {
      this.issue(
        scope,
        'NUMBER_INVALID',
        'warning',
        { ...at, field },
        `MEA unit "${unit}" is not recognised; the value is left out.`,
      );
      return;
    }
    if (converted < 0) {
      this.issue(
        scope,
        'WEIGHT_IMPOSSIBLE',
        'warning',
        { ...at, field },
        `Negative value ${rawValue}; it is left out.`,
      );
      return;
    }
    if (kind === 'vgm') {
      (target as Container).verifiedGrossMassKg = converted;
      if (this.equipment) this.equipment.vgmAt = at;
    } else if (kind === 'gross') {
      const g = target as GoodsDraft;
      if (g.grossWeightKg === undefined) {
        g.grossWeightKg = converted;
        g.grossAt = at;
      }
    } else {
      (target as GoodsDraft).volumeM3 ??= converted;
    }
  }

  private closeEquipment(): void {
    const e = this.equipment;
    if (!e) return;
    this.equipment = undefined;
    if (this.context === 'equipment') this.context = this.consignment ? 'consignment' : 'header';
    const container = e.container;
    if (container && e.vgmAt) {
      // The same plausibility rule as the CSV and JSON intake (record-checks.ts).
      const vgm = containerProblems(container).filter((p) => p.field === 'verifiedGrossMassKg');
      e.record.problems(vgm, { ...e.vgmAt, field: 'container.verifiedGrossMassKg' });
      for (const p of vgm)
        if (p.severity === 'error')
          noteDataQuality(container, p.code, 'verifiedGrossMassKg', container.verifiedGrossMassKg);
    }
    if (!container) {
      // Not a container (a truck, a trailer) or no number: nothing to assess as a container.
      e.record.setAside();
      return;
    }
    e.record.keep();
    if (this.sink?.knownContainers) {
      if (e.inConsignment) pushUnique(e.inConsignment.containers, container.number);
      return;
    }
    const existing = this.containers.get(container.number);
    if (existing) {
      const differences = containerDifferences(existing, container, e.declared);
      if (differences.length > 0) {
        this.report.warning(
          'DUPLICATE_CONTAINER',
          { ...e.at, field: 'container' },
          `${container.number} is declared again with a different ${differences.join(', ')}; the first declaration (${this.containerAt.get(container.number)?.label}) is kept.`,
          `container ${container.number}`,
        );
      } else if (existing.seals.length === 0 && container.seals.length > 0) {
        existing.seals = container.seals;
      }
    } else {
      this.containers.set(container.number, container);
      this.containerAt.set(container.number, { at: e.at, label: `line ${e.at.line}` });
    }
    if (e.inConsignment) pushUnique(e.inConsignment.containers, container.number);
  }

  // ---- goods ----

  private gid(seg: Segment, at: IssueLocation): void {
    this.closeEquipment();
    const c = this.consignment;
    if (!c) {
      this.report.add({
        code: 'EDI_SYNTAX',
        severity: 'warning',
        message: 'GID outside a consignment (no CNI before it); the goods item was ignored.',
        location: at,
      });
      this.goods = undefined;
      return;
    }
    this.context = 'goods';
    const goods: GoodsDraft = { at, description: [], marks: [], containers: [] };
    const n = component(seg, 0);
    if (/^\d{1,6}$/.test(n) && Number(n) > 0) goods.lineNumber = Number(n);
    const count = component(seg, 1, 0);
    if (count) this.packageCount(goods, count, c.record, at);
    const type = component(seg, 1, 1) || component(seg, 1, 4);
    if (type) goods.packageType = type;
    c.goods.push(goods);
    this.goods = goods;
  }

  private packageCount(goods: GoodsDraft, raw: string, scope: RecordScope, at: IssueLocation): void {
    const n = parseEdifactNumber(raw);
    if (n === undefined || n < 0 || !Number.isInteger(n)) {
      scope.warning(
        'NUMBER_INVALID',
        { ...at, field: 'goods.packageCount' },
        `Package count "${raw}" is not a whole number; it is left out.`,
      );
      return;
    }
    goods.packageCount = n;
  }

  private pac(seg: Segment, at: IssueLocation): void {
    const g = this.context === 'goods' ? this.goods : undefined;
    const c = this.consignment;
    if (!g || !c) return;
    const count = component(seg, 0);
    if (count && g.packageCount === undefined) this.packageCount(g, count, c.record, at);
    const type = component(seg, 2, 0) || component(seg, 2, 3);
    if (type && !g.packageType) g.packageType = type;
  }

  private ftx(seg: Segment): void {
    const g = this.context === 'goods' ? this.goods : undefined;
    if (!g) return;
    const qualifier = component(seg, 0).toUpperCase();
    if (qualifier === 'AAA') g.description.push(...components(seg, 3));
  }

  private cst(seg: Segment, at: IssueLocation): void {
    const g = this.context === 'goods' ? this.goods : undefined;
    if (!g || g.hsCode !== undefined) return;
    for (let e = 1; e < seg.elements.length; e++) {
      const raw = component(seg, e, 0);
      // C246 also carries customs procedure or preference codes (letters): the tariff code is digits.
      if (!/^[\d.\s]+$/.test(raw)) continue;
      this.hsCode(g, normaliseHsCode(raw), at);
      return;
    }
  }

  private pia(seg: Segment, at: IssueLocation): void {
    const g = this.context === 'goods' ? this.goods : undefined;
    if (!g || g.hsCode !== undefined) return;
    for (let e = 1; e < seg.elements.length; e++) {
      const type = component(seg, e, 1).toUpperCase();
      // 7143 item type: HS = Harmonised System, plus national tariff variants.
      if (type === 'HS' || type === 'HTS' || type === 'CG' || type === 'CCG') {
        this.hsCode(g, normaliseHsCode(component(seg, e, 0)), at);
        return;
      }
    }
  }

  private hsCode(g: GoodsDraft, code: string, at: IssueLocation): void {
    const scope = this.consignment?.record;
    if (!scope) return;
    const problems = hsCodeProblems(code);
    scope.problems(problems, { ...at, field: 'goods.hsCode' });
    const error = problems.find((p) => p.severity === 'error');
    if (error) noteDataQuality(g, error.code, 'hsCode', code);
    // Kept when the model can hold it (4 to 10 digits): prefix rules still see the heading.
    if (/^\d{4,10}$/.test(code)) g.hsCode = code;
  }

  private sgp(seg: Segment): void {
    const g = this.context === 'goods' ? this.goods : undefined;
    if (!g) return;
    const number = normaliseContainerNumber(component(seg, 0, 0));
    if (number) pushUnique(g.containers, number);
  }

  private dgs(seg: Segment, at: IssueLocation): void {
    const g = this.context === 'goods' ? this.goods : undefined;
    if (!g || g.dangerousGoodsUn !== undefined) return;
    const raw = component(seg, 2, 0);
    if (!raw) return;
    const un = raw.toUpperCase().replace(/^UN\s*/, '');
    if (!/^\d{4}$/.test(un)) {
      this.consignment?.record.error(
        'DG_UN_NUMBER',
        { ...at, field: 'goods.dangerousGoodsUn' },
        `Got "${raw}"; it is left out.`,
      );
      noteDataQuality(g, 'DG_UN_NUMBER', 'dangerousGoodsUn', raw);
      return;
    }
    g.dangerousGoodsUn = un;
  }

  // ---- consignment end ----

  private closeConsignment(): void {
    const c = this.consignment;
    if (!c) return;
    this.consignment = undefined;
    this.goods = undefined;
    const ref = (q: string) => c.refs.get(q)?.value;
    let number: string | undefined;
    let type: 'master' | 'house' = 'master';
    let masterNumber: string | undefined;
    if (ref('BH')) {
      number = ref('BH');
      type = 'house';
      masterNumber = ref('MB') ?? ref('BM');
    } else if (ref('BM')) {
      number = ref('BM');
      if (ref('MB') && ref('MB') !== number) {
        type = 'house';
        masterNumber = ref('MB');
      }
    } else {
      number = ref('AAM') || c.cniNumber || c.docNumber?.value || undefined;
      if (c.docNumber?.house || ref('MB')) {
        type = 'house';
        masterNumber = ref('MB');
      }
    }
    if (!number) {
      c.record.label = `consignment at segment ${c.start.segment} (line ${c.start.line})`;
      const attributable =
        c.containers.length > 0 ||
        c.goods.length > 0 ||
        c.shipper !== undefined ||
        c.consignee !== undefined ||
        c.notify.length > 0 ||
        c.forwarder !== undefined;
      if (!attributable) {
        c.record.error(
          'REQUIRED_FIELD',
          { ...c.start, field: 'billOfLading.number' },
          'The consignment has no bill of lading number (RFF+BM/BH/AAM, CNI or DOC) and declares nothing; it is set aside.',
        );
        c.record.setAside();
        return;
      }
      // Its parties and goods are still screened: it is kept under a number made from its position.
      number = `NO-BL-NUMBER-SEGMENT-${c.start.segment ?? 0}`;
      c.record.error(
        'REQUIRED_FIELD',
        { ...c.start, field: 'billOfLading.number' },
        `The consignment has no bill of lading number (RFF+BM/BH/AAM, CNI or DOC); it is kept as ${number}.`,
      );
      noteDataQuality(c, 'REQUIRED_FIELD', 'number');
    }
    const label = `B/L ${number}`;
    c.record.label = label;
    const goods: GoodsItem[] = [];
    const usedLines = new Set<number>();
    let next = 1;
    for (const g of c.goods) {
      let line = g.lineNumber;
      if (line === undefined || usedLines.has(line)) {
        while (usedLines.has(next)) next++;
        line = next;
      }
      usedLines.add(line);
      const description = g.description.join(' ');
      if (!description) {
        c.record.warning(
          'REQUIRED_FIELD',
          { ...g.at, field: 'goods.description' },
          `Goods item ${line} has no description (FTX+AAA).`,
        );
      }
      const item: GoodsItem = { lineNumber: line, description, containers: g.containers };
      if (g.dataQuality) item.dataQuality = g.dataQuality;
      if (g.hsCode !== undefined) item.hsCode = g.hsCode;
      if (g.packageCount !== undefined) item.packageCount = g.packageCount;
      if (g.packageType !== undefined) item.packageType = g.packageType;
      if (g.grossWeightKg !== undefined) item.grossWeightKg = g.grossWeightKg;
      if (g.volumeM3 !== undefined) item.volumeM3 = g.volumeM3;
      if (g.marks.length > 0) item.marks = g.marks.join(' ');
      if (g.dangerousGoodsUn !== undefined) item.dangerousGoodsUn = g.dangerousGoodsUn;
      if (g.grossAt) {
        const weight = goodsItemProblems(item).filter((p) => p.field === 'grossWeightKg');
        c.record.problems(weight, { ...g.grossAt, field: 'goods.grossWeightKg' });
        for (const p of weight)
          if (p.severity === 'error') noteDataQuality(item, p.code, 'grossWeightKg', item.grossWeightKg);
      }
      goods.push(item);
    }
    const p = c.ports;
    const bl: BillOfLading = {
      number,
      type,
      notifyParties: c.notify,
      transshipmentPorts: [...p.transshipment],
      containers: c.containers,
      goods,
    };
    if (masterNumber && masterNumber !== number) bl.masterNumber = masterNumber;
    if (c.shipper) bl.shipper = c.shipper.party;
    if (c.consignee) bl.consignee = c.consignee;
    if (c.forwarder) bl.forwarder = c.forwarder;
    const receipt = p.receipt ?? p.departure;
    if (receipt) bl.placeOfReceipt = receipt;
    // 76 = original port of loading; a different 9 is then where it was loaded on this vessel.
    const loading = p.originalLoading ?? p.loading;
    if (loading) bl.portOfLoading = loading;
    if (
      p.originalLoading &&
      p.loading &&
      p.loading !== p.originalLoading &&
      !bl.transshipmentPorts.includes(p.loading)
    ) {
      bl.transshipmentPorts.push(p.loading);
    }
    if (p.discharge) bl.portOfDischarge = p.discharge;
    const delivery = p.delivery ?? p.destination;
    if (delivery) bl.placeOfDelivery = delivery;
    if (c.freightTerms) bl.freightTerms = c.freightTerms;
    if (c.dataQuality) bl.dataQuality = c.dataQuality;
    c.record.keep();
    if (this.sink) this.handOn(bl);
    else this.billsOfLading.push(bl);
  }

  // ---- end of text ----

  finish(): ManifestInput | undefined {
    if (this.report.isFileRejected) return undefined;
    if (!this.started || this.messagesRead === 0) {
      this.report.fileError('EDI_NO_INTERCHANGE', 'No CUSCAR message (UNH) was found in the text.');
      return undefined;
    }
    if (this.inMessage) {
      this.truncatedMessage({ segment: this.segNo, line: this.lastLine });
    } else if (this.interchangeOpen && !this.afterUnz) {
      this.report.warning(
        'EDI_TRUNCATED',
        { segmentTag: 'UNZ' },
        'The interchange ends without UNZ; every message in it is complete.',
      );
    }
    if (this.lastUnterminated) {
      this.report.warning(
        'EDI_SYNTAX',
        { line: this.lastLine },
        'The last segment has no segment terminator.',
      );
    }
    this.resolveLinks();
    return {
      voyage: this.buildVoyage(),
      billsOfLading: this.billsOfLading,
      containers: [...this.containers.values()],
    };
  }

  /**
   * Goods stowed in equipment that is not a container (a truck, reported at its EQD) lose that
   * link: the model's links name containers. Undeclared or rejected containers keep theirs and
   * are reported by the cross-record checks of the intake (GOODS_CONTAINER_UNKNOWN).
   */
  private resolveLinks(): void {
    if (this.nonContainers.size === 0) return;
    const dropped = (n: string) => this.nonContainers.has(n) && !this.containers.has(n);
    for (const bl of this.billsOfLading) {
      for (const goods of bl.goods) {
        if (goods.containers.some(dropped)) goods.containers = goods.containers.filter((n) => !dropped(n));
      }
    }
  }

  private buildVoyage(): ManifestInput['voyage'] {
    const v = this.voyage;
    let reportingPort: string | undefined;
    for (const q of REPORTING_PORT_QUALIFIERS) {
      const found = v.reportingPorts.get(q);
      if (found) {
        reportingPort = found.code;
        break;
      }
    }
    if (!reportingPort && this.options.reportingPort) {
      reportingPort = normaliseLocode(this.options.reportingPort);
      this.report.warning(
        'REQUIRED_FIELD',
        { field: 'voyage.reportingPort' },
        `The message names no reporting port as a UN/LOCODE (LOC+${REPORTING_PORT_QUALIFIERS.join('/')}); the configured port ${reportingPort} is used.`,
      );
    }
    if (!reportingPort || !/^[A-Z]{2}[A-Z0-9]{3}$/.test(reportingPort)) {
      const foreign = v.foreignReportingPort;
      this.report.add({
        code: 'REQUIRED_FIELD',
        severity: 'error',
        record: 'voyage',
        location: { ...(foreign?.at ?? v.tdtAt ?? {}), field: 'voyage.reportingPort' },
        message: foreign
          ? `The reporting port "${foreign.raw}" is from code list ${foreign.list}, not a UN/LOCODE; the voyage is kept with the placeholder ${UNKNOWN_PORT}. Give the PCU's port (UN/LOCODE) to profile this manifest.`
          : `No reporting port (LOC+${REPORTING_PORT_QUALIFIERS.join('/')} with a UN/LOCODE); the voyage is kept with the placeholder ${UNKNOWN_PORT}.`,
      });
      reportingPort = UNKNOWN_PORT;
    }
    let vesselName = v.vesselName;
    if (!vesselName) {
      vesselName = v.callSign ?? v.imoNumber;
      this.report.add({
        code: 'REQUIRED_FIELD',
        severity: vesselName ? 'warning' : 'error',
        record: 'voyage',
        location: { ...(v.tdtAt ?? { segmentTag: 'TDT' }), field: 'voyage.vesselName' },
        message: vesselName
          ? `No vessel name in TDT; the ${v.callSign ? 'call sign' : 'IMO number'} ${vesselName} is used.`
          : `No vessel name (TDT C222); the voyage is kept with the placeholder ${UNKNOWN_TEXT}.`,
      });
      vesselName ??= UNKNOWN_TEXT;
    }
    let voyageNumber = v.voyageNumber;
    if (!voyageNumber) {
      voyageNumber = v.documentNumber;
      this.report.add({
        code: 'REQUIRED_FIELD',
        severity: voyageNumber ? 'warning' : 'error',
        record: 'voyage',
        location: { ...(v.bgmAt ?? v.tdtAt ?? { segmentTag: 'TDT' }), field: 'voyage.voyageNumber' },
        message: voyageNumber
          ? `No voyage number in TDT or RFF+VON; the message's document number ${voyageNumber} (BGM) is used.`
          : `No voyage number (TDT, RFF+VON or BGM); the voyage is kept with the placeholder ${UNKNOWN_TEXT}.`,
      });
      voyageNumber ??= UNKNOWN_TEXT;
    }
    const voyage: ManifestInput['voyage'] = {
      vesselName,
      voyageNumber,
      reportingPort,
      previousPortsOfCall: v.previousPorts.filter((p) => p !== reportingPort),
    };
    if (v.imoNumber) voyage.imoNumber = v.imoNumber;
    if (v.callSign) voyage.callSign = v.callSign;
    if (v.flag) voyage.flag = v.flag;
    const carrier = v.carrier ?? v.carrierFromNad ?? v.carrierCode ?? v.carrierNadId;
    if (carrier) voyage.carrier = carrier;
    if (v.eta) voyage.eta = v.eta;
    return voyage;
  }
}

/**
 * Appends a value not yet in the list. Lists are short in real messages; past 32 entries a Set
 * keyed by the list keeps a hostile file (a million SGPs in one goods item) linear.
 */
const listSets = new WeakMap<string[], Set<string>>();
function pushUnique(list: string[], value: string): void {
  if (list.length < 32) {
    if (!list.includes(value)) list.push(value);
    return;
  }
  let set = listSets.get(list);
  if (!set) {
    set = new Set(list);
    listSets.set(list, set);
  }
  if (!set.has(value)) {
    set.add(value);
    list.push(value);
  }
}

const CONSIGNMENT_LOC_FIELDS: Record<
  string,
  { key: keyof ConsignmentDraft['ports']; model: string } | undefined
> = {
  '88': { key: 'receipt', model: 'placeOfReceipt' },
  '5': { key: 'departure', model: 'placeOfReceipt' },
  '9': { key: 'loading', model: 'portOfLoading' },
  '76': { key: 'originalLoading', model: 'portOfLoading' },
  '13': { key: 'transshipment', model: 'transshipmentPorts' },
  '11': { key: 'discharge', model: 'portOfDischarge' },
  '12': { key: 'discharge', model: 'portOfDischarge' },
  '7': { key: 'delivery', model: 'placeOfDelivery' },
  '8': { key: 'destination', model: 'placeOfDelivery' },
};

/**
 * NAD: 3035 qualifier + C082 id + C058 name and address lines + C080 party name + C059 street
 * + 3164 city + C819 country sub-entity + 3251 postcode + 3207 country.
 */
function readParty(seg: Segment): { name: string; address?: string; country?: string; identifier?: string } {
  const identifier = component(seg, 1, 0);
  const lines = components(seg, 2);
  const nameParts = components(seg, 3);
  let name: string;
  const addressParts: string[] = [];
  if (nameParts.length > 0) {
    name = nameParts.join(' ');
    if (lines.length > 0) addressParts.push(lines.join(' '));
  } else {
    name = lines[0] ?? '';
    if (lines.length > 1) addressParts.push(lines.slice(1).join(' '));
  }
  const street = components(seg, 4).join(' ');
  if (street) addressParts.push(street);
  const city = component(seg, 5);
  if (city) addressParts.push(city);
  const subEntity = component(seg, 6, 3) || component(seg, 6, 0);
  const postcode = component(seg, 7);
  const region = [subEntity, postcode].filter(Boolean).join(' ');
  if (region) addressParts.push(region);
  const party: { name: string; address?: string; country?: string; identifier?: string } = { name };
  if (addressParts.length > 0) party.address = addressParts.join(', ');
  const country = component(seg, 8).toUpperCase();
  if (country) party.country = country;
  if (identifier) party.identifier = identifier;
  return party;
}

/** What an MEA measures: by its property (6313), else its purpose (6311), else its unit. */
function measureKind(
  purpose: string,
  property: string,
  unit: string,
): 'gross' | 'volume' | 'vgm' | undefined {
  if (property === 'VGM' || purpose === 'VGM') return 'vgm';
  if (['G', 'AAB', 'AAD', 'WT', 'GW'].includes(property)) return 'gross';
  if (['AAW', 'ABJ', 'VOL', 'AAX'].includes(property)) return 'volume';
  if (property !== '') return undefined; // net weight, tare, length ...: not in the model
  if (purpose === 'WT') return 'gross';
  if (purpose === 'VOL') return 'volume';
  if (isMassUnit(unit)) return 'gross';
  if (isVolumeUnit(unit)) return 'volume';
  return undefined;
}

function containerDifferences(
  first: Container,
  again: Container,
  declared: { status: boolean; shipperOwned: boolean },
): string[] {
  const out: string[] = [];
  if (first.isoType && again.isoType && first.isoType !== again.isoType) out.push('size/type');
  if (declared.status && first.status !== again.status) out.push('full/empty status');
  if (declared.shipperOwned && first.shipperOwned !== again.shipperOwned) out.push('owner');
  if (
    first.seals.length > 0 &&
    again.seals.length > 0 &&
    (first.seals.length !== again.seals.length || first.seals.some((s) => !again.seals.includes(s)))
  ) {
    out.push('seals');
  }
  if (
    first.verifiedGrossMassKg !== undefined &&
    again.verifiedGrossMassKg !== undefined &&
    first.verifiedGrossMassKg !== again.verifiedGrossMassKg
  ) {
    out.push('VGM');
  }
  return out;
}
