import * as z from 'zod';
import { ContainerAssessment } from './assessment.ts';
import { EquipmentKind, TransportDocumentType, TransportMode } from './manifest.ts';
import { Lane } from './risk-profile.ts';
import { FLAG_STATUSES, MANIFEST_STATUSES } from './statuses.ts';

/**
 * The analyst and officer HTTP API: request and response contracts. The handlers validate
 * with these schemas and `schemas/json/openapi.json` is generated from them, so the document
 * integrators read cannot drift from what the handlers accept.
 *
 * Query strings arrive as strings: numeric parameters are parsed from digits here (a `limit`
 * of `ten` is a 400 naming `limit`, never a silent default).
 */

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------
export const API_ERROR_CODES = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  version_conflict: 409,
  unprocessable: 422,
  internal: 500,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_CODES;

/** Every error the API returns has this one shape. */
export const ApiErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(API_ERROR_CODES) as [ApiErrorCode, ...ApiErrorCode[]]),
    message: z.string(),
    /** The request field that is wrong: a query parameter, a body path (`seizure.quantity`) or a header. */
    field: z.string().optional(),
    /** On a 409: the version the item has now (re-read it, then retry). */
    currentVersion: z.number().int().optional(),
    /** On a 409: who made the change you did not see, and when (`changed by maria at ...`). */
    changedBy: z.object({ subject: z.string(), username: z.string() }).optional(),
    changedAt: z.string().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

// ---------------------------------------------------------------------------------------
// Shared fields
// ---------------------------------------------------------------------------------------
export const Port = z
  .string()
  .regex(
    /^[A-Z]{2}[A-Z0-9]{3}$/,
    'must be a location code: a UN/LOCODE without the space (NLRTM) or a code of the locations file (KZAKL)',
  )
  .meta({
    description:
      "A PCU's location: a seaport, rail station or dry port, border crossing or airport, as its UN/LOCODE without the space (NLRTM, KZHOR, UZTAS) or as a code of the deployment's locations file (KZAKL).",
  });

/** How the goods travel; a manifest that does not say is a sea manifest. */
export const Mode = TransportMode.meta({
  description: 'The transport mode: sea, rail, road or air (a manifest that does not say is sea).',
});

/** The mode's identifiers of the conveyance, as declared (each one only when the manifest gives it). */
export const Conveyance = z
  .object({
    imoNumber: z.string().optional(),
    trainNumber: z.string().optional(),
    borderStation: z.string().optional(),
    truckRegistration: z.string().optional(),
    trailerRegistration: z.string().optional(),
    tirCarnet: z.string().optional(),
    flightNumber: z.string().optional(),
    aircraftRegistration: z.string().optional(),
  })
  .meta({
    description:
      "The conveyance's identifiers for its mode: sea IMO; rail train number and border station; road truck and trailer plates and TIR carnet; air flight number and aircraft registration.",
  });
export type Conveyance = z.infer<typeof Conveyance>;

/** `2026-11-27` (whole day) or an ISO 8601 UTC timestamp. */
const DateBound = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/,
    'must be a date (2026-11-27) or a UTC timestamp (2026-11-27T08:00:00Z)',
  )
  .refine(isCalendarDate, 'is not a date in the calendar (month 01-12, a day the month has, hour 00-23)');

/** `2026-02-30` or `T25:00` match the pattern but name no moment: refuse them rather than compare strings. */
function isCalendarDate(value: string): boolean {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value.slice(0, 10));
}

/** Items per page, 1 to `max` (default 25). */
const pageLimit = (max: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(max, `must be at most ${max}`))
    .optional()
    .meta({ description: `Items per page (1-${max}, default 25).` });
const Limit = pageLimit(100);
/**
 * The flag list returns summaries (a few hundred bytes each, read with a projection that
 * leaves the stored consignment behind), so a page of a port's day of flags is one request:
 * 1,000 summaries stay well under 1 MB.
 */
export const FLAGGED_LIST_MAX_LIMIT = 1000;

const Cursor = z
  .string()
  .max(2048)
  .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor returned by this API')
  .optional()
  .meta({ description: 'Opaque: the `nextCursor` of the previous page, with the same filters.' });

export const FlagStatus = z.enum(FLAG_STATUSES);
export type FlagStatus = z.infer<typeof FlagStatus>;
export const ManifestStatus = z.enum(MANIFEST_STATUSES);

export const Actor = z
  .object({ subject: z.string(), username: z.string() })
  .meta({ description: 'Who did it, from the verified token.' });
export type Actor = z.infer<typeof Actor>;

/**
 * Role groups (Cognito groups only an administrator can change). What each role may do to a
 * decision is decided in functions/core/decisions/ and documented in docs/api.md.
 */
export const ROLES = ['officer', 'analyst', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

// ---------------------------------------------------------------------------------------
// POST /uploads
// ---------------------------------------------------------------------------------------
export const UPLOAD_CONTENT_TYPES = [
  'text/csv',
  'application/json',
  'application/edifact',
  'application/xml',
  'text/xml',
  'text/plain',
  'application/octet-stream',
] as const;

export const UploadRequest = z
  .object({
    /** Optional when the caller has exactly one port. */
    port: Port.optional(),
    fileName: z
      .string()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .regex(/^[^/\\\u0000-\u001f]+$/, 'must be a plain file name (no slashes or control characters)'),
    contentType: z.enum(UPLOAD_CONTENT_TYPES),
    /** The exact size of the file in bytes; S3 refuses a body of any other length. */
    contentLength: z.number().int().positive('must be a positive number of bytes'),
  })
  .strict();
export type UploadRequest = z.infer<typeof UploadRequest>;

export const UploadResponse = z.object({
  uploadUrl: z.url(),
  method: z.literal('PUT'),
  /** Send exactly these headers with the PUT (they are part of the signature). */
  headers: z.record(z.string(), z.string()),
  key: z.string(),
  port: Port,
  expiresAt: z.string(),
  maxBytes: z.number().int(),
});
export type UploadResponse = z.infer<typeof UploadResponse>;

// ---------------------------------------------------------------------------------------
// Manifests
// ---------------------------------------------------------------------------------------
export const ManifestListQuery = z
  .object({
    port: Port.optional(),
    from: DateBound.optional(),
    to: DateBound.optional(),
    mode: Mode.optional().meta({ description: 'Only manifests of this mode (sea, rail, road, air).' }),
    cursor: Cursor,
    limit: Limit,
  })
  .strict();
export type ManifestListQuery = z.infer<typeof ManifestListQuery>;

export const ManifestCounts = z.object({
  billsOfLading: z.number().int(),
  containers: z.number().int(),
  goodsItems: z.number().int(),
  recordsRead: z.number().int(),
  /** Records kept and profiled with errors (their errors are in the report). */
  recordsWithErrors: z.number().int(),
  /** Records set aside: they name neither a container nor a B/L. */
  rejectedRecords: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
});

export const ManifestSummary = z.object({
  id: z.string(),
  port: Port,
  status: ManifestStatus,
  validationStatus: z.string().optional(),
  format: z.string().optional(),
  mode: Mode,
  /** Sea: the vessel; rail: the train; road: the truck; air: the flight (as the manifest names it). */
  vesselName: z.string().optional(),
  imoNumber: z.string().optional(),
  conveyance: Conveyance.optional(),
  voyageNumber: z.string().optional(),
  eta: z.string().optional(),
  receivedAt: z.string(),
  completedAt: z.string().optional(),
  counts: ManifestCounts.partial(),
  /** Progress: chunks expected, profiled, and failed for good (in the dead-letter queue). */
  chunkCount: z.number().int(),
  chunksDone: z.number().int(),
  chunksFailed: z.number().int(),
  containersProfiled: z.number().int(),
  containersFlagged: z.number().int(),
  /** When a chunk last finished (or the manifest was recorded, queued or resumed). */
  lastProgressAt: z.string().optional(),
  /** Set while `stalled`: since when and why (no progress for N minutes, or chunks that failed). */
  stalledAt: z.string().optional(),
  stalledReason: z.string().optional(),
  /** The last resume (an admin's request, a re-upload of the same file, or a local restart). */
  resumedAt: z.string().optional(),
  resumeCount: z.number().int().optional(),
});
export type ManifestSummary = z.infer<typeof ManifestSummary>;

export const RejectedRecord = z.object({
  record: z.string().optional(),
  /**
   * true: the record was set aside (it names neither a container nor a B/L); false: it was kept
   * and profiled, the error kept on it as data-quality evidence.
   */
  setAside: z.boolean(),
  code: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
  field: z.string().optional(),
});

export const ManifestDetail = ManifestSummary.extend({
  /** Presigned GET link to the full validation report (JSON), valid until `reportUrlExpiresAt`. */
  reportUrl: z.url().optional(),
  reportUrlExpiresAt: z.string().optional(),
  /** The errors of records, set aside or kept with errors (the first 100; the report has them all). */
  rejectedRecords: z.array(RejectedRecord),
  rejectedRecordsTruncated: z.boolean(),
});
export type ManifestDetail = z.infer<typeof ManifestDetail>;

export const ManifestPage = z.object({ items: z.array(ManifestSummary), nextCursor: z.string().optional() });

/** POST /manifests/{id}/resume: what was done (idempotent: a finished manifest is left alone). */
export const ManifestResumeResponse = z.object({
  /** `requeued`: the chunks not done are being queued again from the stored file; `complete`: nothing to do. */
  outcome: z.enum(['requeued', 'complete']),
  /** Chunks that will be queued again (chunk count - chunks done). */
  chunksToRequeue: z.number().int(),
  manifest: ManifestSummary,
});
export type ManifestResumeResponse = z.infer<typeof ManifestResumeResponse>;

// ---------------------------------------------------------------------------------------
// Flagged containers
// ---------------------------------------------------------------------------------------
export const FlaggedListQuery = z
  .object({
    port: Port.optional(),
    from: DateBound.optional(),
    to: DateBound.optional(),
    status: FlagStatus.optional(),
    lane: Lane.optional(),
    mode: Mode.optional().meta({
      description: 'Only flags of manifests of this mode (sea, rail, road, air).',
    }),
    minScore: z
      .string()
      .regex(/^\d{1,6}(\.\d{1,3})?$/, 'must be a number from 0 to 999999 (at most 3 decimals)')
      .transform(Number)
      .optional()
      .meta({ description: 'Lowest score listed (0-999999; scores are kept to 3 decimals).' }),
    container: z
      .string()
      .regex(/^[A-Za-z]{4}\s?\d{7}$/, 'must be a container number (4 letters, 7 digits)')
      .transform((c) => c.replace(/\s/g, '').toUpperCase())
      .optional()
      .meta({ description: 'A container number: searched across all your ports unless `port` is given.' }),
    sort: z
      .enum(['date', 'score'])
      .optional()
      .meta({ description: '`date` (default): newest first; `score`: highest score first.' }),
    cursor: Cursor,
    limit: pageLimit(FLAGGED_LIST_MAX_LIMIT),
  })
  .strict();
export type FlaggedListQuery = z.infer<typeof FlaggedListQuery>;

export const SeizureDetails = z
  .object({
    substance: z.string().min(1, 'must not be empty').max(200),
    quantity: z.number().positive('must be greater than 0'),
    unit: z.enum(['kg', 'g', 'l', 'pieces', 'packages']),
    description: z.string().max(2000).optional(),
  })
  .strict();
export type SeizureDetails = z.infer<typeof SeizureDetails>;

/** The outcome in force: the status last set and, for a seizure, its details; by whom, when. */
export const Decision = z
  .object({
    status: FlagStatus,
    seizure: SeizureDetails.optional(),
    by: Actor,
    at: z.string(),
  })
  .meta({ description: 'The status in force (with the seizure details of a seizure): who set it, when.' });
export type Decision = z.infer<typeof Decision>;

/**
 * One change, as kept in the history (append-only). `status` is the status after the change;
 * `previousStatus` is there when the change moved it; `seizure` when it set or corrected the
 * seizure details; `notes` is the note added with the change.
 */
export const DecisionChange = z
  .object({
    status: FlagStatus,
    previousStatus: FlagStatus.optional(),
    seizure: SeizureDetails.optional(),
    notes: z.string().optional(),
    by: Actor,
    at: z.string(),
  })
  .meta({ description: 'One change to a flag: what it set, by whom, when (oldest first in history).' });
export type DecisionChange = z.infer<typeof DecisionChange>;

/** A note: added, never edited or removed. */
export const Note = z.object({ text: z.string(), by: Actor, at: z.string() });
export type Note = z.infer<typeof Note>;

export const FlaggedSummary = z.object({
  id: z.string().meta({ description: '`{manifestId}_{containerNumber}`' }),
  manifestId: z.string(),
  containerNumber: z.string(),
  port: Port,
  mode: Mode,
  /** Sea: the vessel; rail: the train; road: the truck; air: the flight (as the manifest names it). */
  vesselName: z.string().optional(),
  voyageNumber: z.string().optional(),
  conveyance: Conveyance.optional(),
  score: z.number(),
  lane: z.string().optional(),
  status: FlagStatus,
  version: z.number().int(),
  flaggedAt: z.string(),
  profiledAt: z.string().optional(),
  /** Rule ids that hit, strongest first. */
  rules: z.array(z.string()),
});
export type FlaggedSummary = z.infer<typeof FlaggedSummary>;

const DeclaredParty = z.object({
  name: z.string(),
  address: z.string().optional(),
  country: z.string().optional(),
  identifier: z.string().optional(),
});

/** The container and its B/Ls as declared: what the inspection list shows. */
export const Consignment = z.object({
  /** The vessel's previous ports of call (UN/LOCODEs), in the manifest's order. */
  previousPortsOfCall: z.array(z.string()).optional(),
  container: z.object({
    /** Absent: an ISO 6346 container; else a rail wagon, road trailer or air ULD. */
    kind: EquipmentKind.optional(),
    number: z.string(),
    isoType: z.string().optional(),
    seals: z.array(z.string()),
    status: z.string().optional(),
    verifiedGrossMassKg: z.number().optional(),
  }),
  billsOfLading: z.array(
    z.object({
      number: z.string(),
      /** Absent: a bill of lading; else a CIM/SMGS note, a CMR or an air waybill (AWB). */
      documentType: TransportDocumentType.optional(),
      /** A house document's master (a house air waybill's master AWB). */
      masterNumber: z.string().optional(),
      pieceCount: z.number().optional(),
      grossWeightKg: z.number().optional(),
      shipper: DeclaredParty.optional(),
      consignee: DeclaredParty.optional(),
      notifyParties: z.array(DeclaredParty),
      placeOfReceipt: z.string().optional(),
      portOfLoading: z.string().optional(),
      transshipmentPorts: z.array(z.string()),
      portOfDischarge: z.string().optional(),
      placeOfDelivery: z.string().optional(),
      goods: z.array(
        z.object({
          description: z.string(),
          hsCode: z.string().optional(),
          packageCount: z.number().optional(),
          packageType: z.string().optional(),
          grossWeightKg: z.number().optional(),
        }),
      ),
      /** Goods lines not stored with the flag (a box with very many lines); the report has them all. */
      goodsOmitted: z.number().int().optional(),
    }),
  ),
  /** B/Ls not stored with the flag (a box shared by very many B/Ls). */
  billsOfLadingOmitted: z.number().int().optional(),
});
export type Consignment = z.infer<typeof Consignment>;

/** The legs of a route, in the order the goods travel (the vessel's previous calls first). */
export const RouteLeg = z.enum(['previous', 'receipt', 'loading', 'transshipment', 'discharge', 'delivery']);
export type RouteLeg = z.infer<typeof RouteLeg>;

/** A place of the consignment that a route rule of the risk profiles lists, from the flag's evidence. */
export const RouteListing = z
  .object({
    locode: z.string(),
    leg: RouteLeg,
    /** `port`: the rule lists this port; `country`: it lists the country the port is in. */
    listed: z.enum(['port', 'country']),
    /** ISO 3166 alpha-2 of the place (the UN/LOCODE's first two letters). */
    country: z.string(),
    /** The rules that list it, strongest first. */
    ruleIds: z.array(z.string()),
  })
  .meta({
    description:
      'A place of the route that a risk profile lists (a listed port, or a port in a listed country).',
  });
export type RouteListing = z.infer<typeof RouteListing>;

export const FlaggedDetail = FlaggedSummary.extend({
  /** Every hit with its evidence (watchlist entry, alias, similarity, field values). */
  assessment: ContainerAssessment.optional(),
  /** The container and its B/Ls as declared (flags written before this field have none). */
  consignment: Consignment.optional(),
  /** The places of the route the risk profiles list (the route map marks them). */
  routeListings: z.array(RouteListing),
  snapshotVersion: z.string().optional(),
  /** Every note, oldest first, with its author and time. */
  notes: z.array(Note),
  /** The outcome in force; absent while nobody has decided anything. */
  decision: Decision.optional(),
  /** Every change (status, seizure details, note), oldest first. */
  history: z.array(DecisionChange),
});
export type FlaggedDetail = z.infer<typeof FlaggedDetail>;

export const FlaggedPage = z.object({ items: z.array(FlaggedSummary), nextCursor: z.string().optional() });

/** GET /manifests/{id}/flagged: the inspection list of one vessel call, every flag in full. */
export const ManifestFlaggedQuery = z.object({ cursor: Cursor, limit: Limit }).strict();
export const ManifestFlaggedPage = z.object({
  items: z.array(FlaggedDetail),
  nextCursor: z.string().optional(),
});
export type ManifestFlaggedPage = z.infer<typeof ManifestFlaggedPage>;

/**
 * PATCH /flagged/{id}. `version` is the version read (or send it as `If-Match`); a stale
 * version gets 409. `seizure` goes with `inspected-seizure` and only with it. `notes` is a
 * new note, added to the ones there are (notes are never replaced).
 */
export const NOTE_MAX_CHARS = 4000;
export const FlaggedPatch = z
  .object({
    version: z.number().int().positive().optional(),
    status: FlagStatus.optional(),
    notes: z
      .string()
      .max(NOTE_MAX_CHARS, `must be at most ${NOTE_MAX_CHARS} characters`)
      .refine((n) => n.trim() !== '', 'must not be empty: notes are added, never cleared')
      .optional(),
    seizure: SeizureDetails.optional(),
  })
  .strict();
export type FlaggedPatch = z.infer<typeof FlaggedPatch>;

// ---------------------------------------------------------------------------------------
// Stats
// ---------------------------------------------------------------------------------------
export const StatsQuery = z
  .object({ port: Port.optional(), from: DateBound.optional(), to: DateBound.optional() })
  .strict();
export type StatsQuery = z.infer<typeof StatsQuery>;

export const RuleStats = z.object({
  ruleId: z.string(),
  description: z.string().optional(),
  /** Flagged containers where the rule hit. */
  fired: z.number().int(),
  /** ... of which were inspected (clear or seizure). */
  inspected: z.number().int(),
  seizures: z.number().int(),
  /** seizures / inspected; null before any inspection. */
  hitRate: z.number().nullable(),
});

export const StatsResponse = z.object({
  port: Port,
  from: z.string().optional(),
  to: z.string().optional(),
  manifests: z.number().int(),
  /** Containers profiled in the manifests received in the period. */
  containersProfiled: z.number().int(),
  /** Containers flagged in the period. */
  flagged: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  /** The port's time zone (IANA), in which `flaggedByDay` counts days. */
  timeZone: z.string().optional(),
  /** Flags per day at the port (`2026-12-02` in `timeZone`), oldest first: flags over time. */
  flaggedByDay: z.record(z.string(), z.number().int()).optional(),
  inspected: z.number().int(),
  seizures: z.number().int(),
  /** seizures / inspected over all rules; null before any inspection. */
  hitRate: z.number().nullable(),
  rules: z.array(RuleStats),
});
export type StatsResponse = z.infer<typeof StatsResponse>;

/** GET /lists: each watchlist in the live snapshot, its edition and its last refresh. */
export const LIST_REFRESH_OUTCOMES = ['updated', 'unchanged', 'refused', 'unavailable'] as const;
export type ListRefreshOutcomes = (typeof LIST_REFRESH_OUTCOMES)[number];
export const ListStatus = z.object({
  list: z.string().meta({ description: '`OFAC-SDN`, `UN-SC`, or a native list name' }),
  /** Entries of the list in the live snapshot. */
  entries: z.number().int(),
  /** The edition's own date (UN dateGenerated; OFAC the server's Last-Modified) when known. */
  listDate: z.string().optional(),
  /** When the refresh last tried this list, and what came of it. */
  lastRefreshAt: z.string().optional(),
  lastOutcome: z.enum(LIST_REFRESH_OUTCOMES).optional(),
  /** Why the last download was refused or failed (the live edition keeps serving). */
  lastError: z.string().optional(),
  /** When an edition of this list was last published, and what it changed. */
  lastUpdatedAt: z.string().optional(),
  lastChange: z
    .object({ added: z.number().int(), changed: z.number().int(), removed: z.number().int() })
    .optional(),
});
export type ListStatus = z.infer<typeof ListStatus>;
export const ListStatusResponse = z.object({
  /** The live config snapshot's version. */
  snapshotVersion: z.string().optional(),
  lists: z.array(ListStatus),
});
export type ListStatusResponse = z.infer<typeof ListStatusResponse>;
/** GET /lists takes no parameters. */
export const ListStatusQuery = z.object({}).strict();
// ---------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------
/** What a search looks for; `auto` picks from the query's shape (docs/api.md, "Search"). */
export const SEARCH_KINDS = ['container', 'bl', 'party', 'identifier', 'vessel', 'manifest'] as const;
export const SearchKind = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof SearchKind>;
export const SEARCH_QUERY_MAX_CHARS = 200;

export const SearchQuery = z
  .object({
    q: z
      .string()
      .trim()
      .min(2, 'must be at least 2 characters')
      .max(SEARCH_QUERY_MAX_CHARS, `must be at most ${SEARCH_QUERY_MAX_CHARS} characters`)
      .meta({
        description:
          'A container number, B/L number, party name (fuzzy) or identifier, vessel name or IMO number, or a manifest id (or its first 8+ hex digits).',
      }),
    kind: z
      .enum([...SEARCH_KINDS, 'auto'])
      .optional()
      .meta({ description: 'What to search for (default `auto`: from the shape of `q`).' }),
    port: Port.optional().meta({ description: 'One of your ports; without it, all of your ports.' }),
    limit: Limit,
  })
  .strict();
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchResult = z.object({
  /** What matched: the kind of value `q` was found as. */
  kind: SearchKind,
  /** The value that matched, as declared (a party name for `party`). */
  matched: z.string().optional(),
  /** For `party`: the screening score of the name against `q` (1 = the same words). */
  similarity: z.number().optional(),
  /** A flagged container (container, bl, party, identifier). */
  flag: FlaggedSummary.optional(),
  /** A manifest (vessel, manifest). */
  manifest: ManifestSummary.optional(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchResponse = z.object({
  q: z.string(),
  /** The kinds searched (for `auto`, those the query's shape allows). */
  kinds: z.array(SearchKind),
  /** The ports searched. */
  ports: z.array(Port),
  /** Best first: party matches by similarity, the rest newest first; at most `limit` per kind and port. */
  results: z.array(SearchResult),
});
export type SearchResponse = z.infer<typeof SearchResponse>;
