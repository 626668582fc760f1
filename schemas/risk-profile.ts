import * as z from 'zod';
import { HIDDEN_CHARACTER_KINDS } from './hidden-characters.ts';
import { CountryCode, Locode, PartyRole } from './manifest.ts';
import { FIELD_OPERATORS, FIELD_PATHS, LANE_SEVERITY, LANES } from './risk-profile-constants.ts';
import { IssueCode } from './validation-report.ts';

/**
 * Risk profiles: the declarative rules file an analyst edits (YAML or JSON). A profile set is
 * compiled once per version into closures (functions/core/profiling/compile-profiles.ts) and
 * every container is scored against it. docs/risk-profiles.md documents the format; the JSON
 * Schema for editors is generated from these schemas into schemas/json/risk-profile.schema.json.
 */

/** ASYCUDA-style selectivity lanes, from the most to the least severe. */
export const Lane = z.enum(LANES);
export type Lane = z.infer<typeof Lane>;
/** The path vocabulary of field conditions (documented in risk-profile-constants.ts). */
export { FIELD_PATHS, LANE_SEVERITY };
export const FieldPath = z.enum(FIELD_PATHS);
export type FieldPath = z.infer<typeof FieldPath>;

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
const StringList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const MatchMode = z
  .enum(['any', 'all'])
  .default('any')
  .describe('any: at least one value of the path satisfies; all: every value does (and there is one)');

const fieldBase = {
  field: FieldPath.describe('Where to look: see the path vocabulary in docs/risk-profiles.md'),
  match: MatchMode.optional(),
};
/** String comparisons are case-insensitive and ignore surrounding spaces unless `caseSensitive`. */
const caseSensitive = z.boolean().optional();

export const EqualsCondition = z.strictObject({ ...fieldBase, equals: Scalar, caseSensitive });
export const InCondition = z.strictObject({ ...fieldBase, in: z.array(Scalar).min(1), caseSensitive });
export const PrefixCondition = z.strictObject({
  ...fieldBase,
  prefix: StringList.describe('e.g. HS codes: ["2939", "2914"]'),
  caseSensitive,
});
export const RegexCondition = z.strictObject({
  ...fieldBase,
  regex: z.string().min(1).describe('JavaScript regular expression, searched anywhere in the value'),
  caseSensitive,
});
export const RangeCondition = z.strictObject({
  ...fieldBase,
  range: z
    .strictObject({ min: z.number().optional(), max: z.number().optional() })
    .describe('inclusive numeric range; give min, max or both'),
});
export const MissingCondition = z.strictObject({
  ...fieldBase,
  missing: z.boolean().describe('true: the value is absent or empty; false: it is present'),
});
export { FIELD_OPERATORS };

const ListFilter = z
  .array(z.string().min(1))
  .optional()
  .describe('watchlist names to consider (default: all)');

/** Built-in indicators: the CCP risk indicators a programmer would otherwise hand-code. */
export const WatchlistPartyIndicator = z.strictObject({
  watchlistParty: z.strictObject({
    role: z.enum([...PartyRole.options, 'any']).default('any'),
    minScore: z.number().min(0).max(1).optional().describe('default: the screening alert threshold'),
    lists: ListFilter,
    sameCountry: z
      .boolean()
      .optional()
      .describe('only matches whose entry lists the country the party declares (identity corroborated)'),
  }),
});
export const WatchlistContainerIndicator = z.strictObject({
  watchlistContainer: z.union([z.literal(true), z.strictObject({ lists: ListFilter })]),
});
export const WatchlistVesselIndicator = z.strictObject({
  watchlistVessel: z.union([z.literal(true), z.strictObject({ lists: ListFilter })]),
});
export const ConveyanceKindName = z.enum(['aircraft', 'truck', 'trailer', 'wagon']);
export const WatchlistConveyanceIndicator = z.strictObject({
  watchlistConveyance: z.union([
    z.literal(true),
    z.strictObject({
      lists: ListFilter,
      kinds: z
        .array(ConveyanceKindName)
        .min(1)
        .optional()
        .describe('which conveyance identifiers count: aircraft, truck, trailer, wagon (default: all)'),
    }),
  ]),
});
export const IdentifierInvalidIndicator = z.strictObject({
  identifierInvalid: z.union([
    z.literal(true),
    z.strictObject({
      kinds: z
        .array(z.enum(['wagon', 'uld', 'airWaybill']))
        .min(1)
        .optional()
        .describe('which identifiers count: wagon numbers, ULD ids, air waybill numbers (default: all)'),
    }),
  ]),
});
export const ShipperIsConsigneeIndicator = z.strictObject({ shipperIsConsignee: z.literal(true) });
export const ConsolidationIndicator = z.strictObject({
  consolidation: z.strictObject({
    minHouses: z.number().int().positive().default(10).describe('house documents in the unit (default 10)'),
    maxHouseKg: z
      .number()
      .positive()
      .default(5)
      .describe('a house weighing at most this is small (default 5 kg)'),
    smallShare: z
      .number()
      .min(0)
      .max(1)
      .default(0.8)
      .describe('share of the houses that must be small (default 0.8)'),
    origins: z
      .array(z.string().min(2))
      .min(1)
      .optional()
      .describe('hub UN/LOCODEs or ISO countries the houses must be received or loaded at (most of them)'),
  }),
});
export const EquipmentChangeIndicator = z.strictObject({ equipmentChange: z.literal(true) });
export const RouteLeg = z.enum([
  'receipt',
  'loading',
  'transshipment',
  'discharge',
  'delivery',
  'previousCall',
]);
export type RouteLeg = z.infer<typeof RouteLeg>;
export const RouteIndicator = z.strictObject({
  route: z.strictObject({
    ports: z.array(Locode).optional(),
    countries: z.array(CountryCode).optional(),
    legs: z
      .array(RouteLeg)
      .min(1)
      .optional()
      .describe('which legs count (default: receipt, loading, transshipment)'),
  }),
});
export const VagueDescriptionIndicator = z.strictObject({
  vagueDescription: z.union([
    z.literal(true),
    z.strictObject({
      extraTerms: z.array(z.string().min(1)).optional().describe('more vague words or phrases'),
    }),
  ]),
});
export const ConsigneeToOrderIndicator = z.strictObject({
  consigneeToOrder: z.union([
    z.literal(true),
    z.strictObject({ includeMissing: z.boolean().default(true).describe('a missing consignee counts too') }),
  ]),
});
export const WeightCheck = z.enum(['maxGross', 'belowTare', 'vgmMismatch', 'perPackage']);
export type WeightCheck = z.infer<typeof WeightCheck>;
export const WeightImplausibleIndicator = z.strictObject({
  weightImplausible: z.union([
    z.literal(true),
    z.strictObject({
      checks: z.array(WeightCheck).min(1).optional().describe('default: all checks'),
      mismatchRatio: z
        .number()
        .positive()
        .optional()
        .describe('vgmMismatch: tolerated relative difference between VGM and cargo + tare (default 0.25)'),
      perPackageKg: z
        .strictObject({ min: z.number().nonnegative().optional(), max: z.number().positive().optional() })
        .optional()
        .describe('plausible gross kg per package (default 0.05 to 30000)'),
    }),
  ]),
});
export const HiddenCharactersIndicator = z.strictObject({
  hiddenCharacters: z.union([
    z.literal(true),
    z.strictObject({
      role: z.enum([...PartyRole.options, 'any']).default('any'),
      kinds: z
        .array(z.enum(HIDDEN_CHARACTER_KINDS))
        .min(1)
        .optional()
        .describe('which kinds count (default: all)'),
    }),
  ]),
});
export const InvalidCheckDigitIndicator = z.strictObject({ invalidCheckDigit: z.literal(true) });
export const ShipperOwnedIndicator = z.strictObject({ shipperOwned: z.literal(true) });
export const DataQualityLevel = z.enum(['container', 'billOfLading', 'goods']);
export type DataQualityLevel = z.infer<typeof DataQualityLevel>;
export const DataQualityIndicator = z.strictObject({
  dataQuality: z.union([
    z.literal(true).describe('any field error kept on the container, its B/Ls or their goods'),
    z.strictObject({
      codes: z
        .array(IssueCode)
        .min(1)
        .optional()
        .describe('validation codes that count, e.g. [HS_FORMAT, WEIGHT_IMPOSSIBLE] (default: any)'),
      fields: z
        .array(z.string().min(1))
        .min(1)
        .optional()
        .describe(
          'fields that count, as field paths (goods.hsCode, container.verifiedGrossMassKg, shipper.name, billOfLading.portOfLoading); a prefix such as "shipper" counts all its fields (default: any)',
        ),
      levels: z
        .array(DataQualityLevel)
        .min(1)
        .optional()
        .describe('records whose errors count: container, billOfLading, goods (default: all)'),
    }),
  ]),
});

export type FieldCondition =
  | z.infer<typeof EqualsCondition>
  | z.infer<typeof InCondition>
  | z.infer<typeof PrefixCondition>
  | z.infer<typeof RegexCondition>
  | z.infer<typeof RangeCondition>
  | z.infer<typeof MissingCondition>;
export type IndicatorCondition =
  | z.infer<typeof WatchlistPartyIndicator>
  | z.infer<typeof WatchlistContainerIndicator>
  | z.infer<typeof WatchlistVesselIndicator>
  | z.infer<typeof RouteIndicator>
  | z.infer<typeof VagueDescriptionIndicator>
  | z.infer<typeof ConsigneeToOrderIndicator>
  | z.infer<typeof WeightImplausibleIndicator>
  | z.infer<typeof HiddenCharactersIndicator>
  | z.infer<typeof InvalidCheckDigitIndicator>
  | z.infer<typeof ShipperOwnedIndicator>
  | z.infer<typeof DataQualityIndicator>
  | z.infer<typeof WatchlistConveyanceIndicator>
  | z.infer<typeof IdentifierInvalidIndicator>
  | z.infer<typeof ShipperIsConsigneeIndicator>
  | z.infer<typeof ConsolidationIndicator>
  | z.infer<typeof EquipmentChangeIndicator>;
export type Condition =
  | FieldCondition
  | IndicatorCondition
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };
type ConditionInput =
  | z.input<typeof EqualsCondition>
  | z.input<typeof InCondition>
  | z.input<typeof PrefixCondition>
  | z.input<typeof RegexCondition>
  | z.input<typeof RangeCondition>
  | z.input<typeof MissingCondition>
  | z.input<typeof WatchlistPartyIndicator>
  | z.input<typeof WatchlistContainerIndicator>
  | z.input<typeof WatchlistVesselIndicator>
  | z.input<typeof RouteIndicator>
  | z.input<typeof VagueDescriptionIndicator>
  | z.input<typeof ConsigneeToOrderIndicator>
  | z.input<typeof WeightImplausibleIndicator>
  | z.input<typeof HiddenCharactersIndicator>
  | z.input<typeof InvalidCheckDigitIndicator>
  | z.input<typeof ShipperOwnedIndicator>
  | z.input<typeof DataQualityIndicator>
  | z.input<typeof EquipmentChangeIndicator>
  | z.input<typeof ConsolidationIndicator>
  | z.input<typeof ShipperIsConsigneeIndicator>
  | z.input<typeof IdentifierInvalidIndicator>
  | z.input<typeof WatchlistConveyanceIndicator>
  | { all: ConditionInput[] }
  | { any: ConditionInput[] }
  | { not: ConditionInput };

/**
 * The condition variants by their distinguishing key, so that a broken condition can be
 * explained against the variant the analyst meant (see explainRuleIssues in the profiler).
 */
export const CONDITION_VARIANTS = {
  equals: EqualsCondition,
  in: InCondition,
  prefix: PrefixCondition,
  regex: RegexCondition,
  range: RangeCondition,
  missing: MissingCondition,
  watchlistParty: WatchlistPartyIndicator,
  watchlistContainer: WatchlistContainerIndicator,
  watchlistVessel: WatchlistVesselIndicator,
  route: RouteIndicator,
  vagueDescription: VagueDescriptionIndicator,
  consigneeToOrder: ConsigneeToOrderIndicator,
  weightImplausible: WeightImplausibleIndicator,
  hiddenCharacters: HiddenCharactersIndicator,
  invalidCheckDigit: InvalidCheckDigitIndicator,
  shipperOwned: ShipperOwnedIndicator,
  dataQuality: DataQualityIndicator,
  watchlistConveyance: WatchlistConveyanceIndicator,
  identifierInvalid: IdentifierInvalidIndicator,
  shipperIsConsignee: ShipperIsConsigneeIndicator,
  consolidation: ConsolidationIndicator,
  equipmentChange: EquipmentChangeIndicator,
} as const;

export const Condition: z.ZodType<Condition, ConditionInput> = z.lazy(() =>
  z.union([
    EqualsCondition,
    InCondition,
    PrefixCondition,
    RegexCondition,
    RangeCondition,
    MissingCondition,
    WatchlistPartyIndicator,
    WatchlistContainerIndicator,
    WatchlistVesselIndicator,
    RouteIndicator,
    VagueDescriptionIndicator,
    ConsigneeToOrderIndicator,
    WeightImplausibleIndicator,
    HiddenCharactersIndicator,
    InvalidCheckDigitIndicator,
    ShipperOwnedIndicator,
    DataQualityIndicator,
    WatchlistConveyanceIndicator,
    IdentifierInvalidIndicator,
    ShipperIsConsigneeIndicator,
    ConsolidationIndicator,
    EquipmentChangeIndicator,
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ not: Condition }),
  ]),
);

/** YAML writes dates unquoted (2026-01-01), which the yaml package reads as a string by default. */
const IsoDate = z.iso.date().describe('YYYY-MM-DD');

export const RuleOutcome = z
  .strictObject({
    weight: z
      .number()
      .min(-1000)
      .max(1000)
      .optional()
      .describe('added to the container score when the rule hits'),
    lane: Lane.optional().describe('the lane the rule sends the container to (the most severe lane wins)'),
  })
  .refine((o) => o.weight !== undefined || o.lane !== undefined, {
    message: 'an outcome needs a weight, a lane or both',
  });
export type RuleOutcome = z.infer<typeof RuleOutcome>;

export const Rule = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a rule id is letters, digits, ".", "_" or "-"')
    .describe('stable id, shown in every hit and used for hit-rate statistics'),
  description: z.string().min(1).describe('shown to officers as the reason'),
  enabled: z.boolean().default(true),
  validFrom: IsoDate.optional().describe('first day the rule applies (inclusive)'),
  validTo: IsoDate.optional().describe('last day the rule applies (inclusive)'),
  ports: z.array(Locode).default([]).describe('reporting ports the rule applies to; empty = all'),
  when: Condition,
  outcome: RuleOutcome,
});
export type Rule = z.infer<typeof Rule>;
export type RuleInput = z.input<typeof Rule>;

export const PortSettings = z.strictObject({
  threshold: z.number().describe('a container whose score reaches this is flagged'),
});

export const RandomSelection = z.strictObject({
  rate: z.number().min(0).max(1).describe('share of containers selected at random, e.g. 0.01'),
  lane: Lane.default('yellow'),
  weight: z.number().default(0),
});

export const ProfileSet = z.strictObject({
  version: z
    .union([z.string().min(1), z.number()])
    .transform(String)
    .describe('changes whenever the rules change; part of the random-selection seed'),
  description: z.string().optional(),
  defaultThreshold: z.number().default(50).describe('flagging score threshold for ports not listed in ports'),
  ports: z.record(Locode, PortSettings).default({}).describe('per reporting port settings'),
  randomSelection: RandomSelection.default({ rate: 0, lane: 'yellow', weight: 0 }),
  rules: z.array(Rule),
});
export type ProfileSet = z.infer<typeof ProfileSet>;
export type ProfileSetInput = z.input<typeof ProfileSet>;

/** The JSON Schema published for rule-file editors (schemas/json/risk-profile.schema.json). */
export function riskProfileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ProfileSet, { io: 'input' }) as Record<string, unknown>;
}
