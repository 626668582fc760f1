import * as z from 'zod';
import { DEFAULTS } from '../functions/adapters/resource-settings.ts';

/** The values CloudWatch Logs accepts for a log group's retention, in days. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

const days = z.int().min(1).max(3650);

export const StageConfigSchema = z
  .object({
    stage: z.enum(STAGES),
    /** prod keeps buckets, table and keys when the stack is deleted; dev removes everything. */
    retainData: z.boolean(),
    /** How long flagged containers, manifest records and validation reports are kept. */
    dataRetentionDays: days,
    /** Uploaded manifests are parsed within minutes; the original is kept this long for audit. */
    incomingRetentionDays: days,
    /** Oversized profiling chunks only live until the profile Lambda has read them. */
    chunkRetentionDays: days,
    /** Overwritten or deleted object versions (versioning protects against accidents, not forever). */
    noncurrentVersionRetentionDays: days,
    /** S3 server access logs. */
    accessLogRetentionDays: days,
    logRetentionDays: z.number().refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
      message: `must be one of the CloudWatch Logs retention values: ${LOG_RETENTION_DAYS.join(', ')}`,
    }),
    /** Where alarms are sent: an e-mail address subscribed to the stage's alarm topic ... */
    alarmEmail: z.email().optional(),
    /** ... and/or an existing SNS topic (e.g. the organisation's on-call topic). */
    alarmTopicArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'must be an SNS topic ARN')
      .optional(),
    /** A manifest waiting longer than this in the intake queue means ingest is stuck or too slow. */
    intakeMaxAgeMinutes: z.int().min(1).max(1440),
    profilingMaxAgeMinutes: z.int().min(1).max(1440),
    /** Upper bound on concurrent Lambda invocations per SQS event source (protects DynamoDB and the account's pool). */
    ingestMaxConcurrency: z.int().min(2).max(1000),
    profileMaxConcurrency: z.int().min(2).max(1000),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']),
    /** List refresh: a mirror of the public lists (layout of data/watchlists/); unset = the official addresses. */
    listSourceUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** List refresh: manifests received in this many days are re-screened against new list entries. */
    rescreenDays: days,
    /** Ports (UN/LOCODE without the space) whose `port:{LOCODE}` user groups are created at deploy. */
    ports: z.array(
      z.string().regex(/^[A-Z]{2}[A-Z0-9]{3}$/, 'must be UN/LOCODEs without the space, e.g. NLRTM'),
    ),
  })
  .strict();
export type StageConfig = z.infer<typeof StageConfigSchema>;

const STAGE_DEFAULTS: Record<Stage, StageConfig> = {
  dev: {
    stage: 'dev',
    retainData: false,
    dataRetentionDays: 30,
    incomingRetentionDays: 7,
    chunkRetentionDays: 2,
    noncurrentVersionRetentionDays: 7,
    accessLogRetentionDays: 30,
    logRetentionDays: 14,
    intakeMaxAgeMinutes: 15,
    profilingMaxAgeMinutes: 15,
    ingestMaxConcurrency: 5,
    profileMaxConcurrency: 10,
    logLevel: 'DEBUG',
    rescreenDays: DEFAULTS.rescreenDays,
    ports: [],
  },
  prod: {
    stage: 'prod',
    retainData: true,
    dataRetentionDays: DEFAULTS.retentionDays,
    incomingRetentionDays: 90,
    chunkRetentionDays: 2,
    noncurrentVersionRetentionDays: 30,
    accessLogRetentionDays: 365,
    logRetentionDays: 90,
    intakeMaxAgeMinutes: 15,
    profilingMaxAgeMinutes: 10,
    ingestMaxConcurrency: 10,
    profileMaxConcurrency: 50,
    logLevel: 'INFO',
    rescreenDays: DEFAULTS.rescreenDays,
    ports: [],
  },
};

/** Context keys (`cdk deploy -c key=value`) that may override a stage default. */
export const OVERRIDABLE_KEYS = [
  'alarmEmail',
  'alarmTopicArn',
  'dataRetentionDays',
  'incomingRetentionDays',
  'logRetentionDays',
  'ingestMaxConcurrency',
  'profileMaxConcurrency',
  'logLevel',
  'ports',
  'listSourceUrl',
  'rescreenDays',
] as const;

export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

/**
 * The validated configuration of a stage: its defaults with any overrides applied.
 * Context values arrive as strings from the command line, so numeric overrides are coerced.
 */
export function stageConfig(stage: unknown, overrides: Record<string, unknown> = {}): StageConfig {
  const parsedStage = z.enum(STAGES).safeParse(stage ?? 'dev');
  if (!parsedStage.success) {
    throw new StageConfigError(`Unknown stage ${JSON.stringify(stage)}: use -c stage=${STAGES.join('|')}`);
  }
  const merged: Record<string, unknown> = { ...STAGE_DEFAULTS[parsedStage.data] };
  for (const key of OVERRIDABLE_KEYS) {
    const value = overrides[key];
    if (value === undefined || value === '') continue;
    const current = STAGE_DEFAULTS.dev[key as keyof StageConfig];
    if (typeof value === 'string' && typeof current === 'number' && /^\d+$/.test(value)) {
      merged[key] = Number(value);
    } else if (typeof value === 'string' && Array.isArray(current)) {
      // `-c ports=NLRTM,BEANR`
      merged[key] = value
        .split(',')
        .map((item) => item.trim().toUpperCase())
        .filter(Boolean);
    } else {
      merged[key] = value;
    }
  }
  const result = StageConfigSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new StageConfigError(`Invalid configuration for stage ${parsedStage.data}: ${problems}`);
  }
  return result.data;
}
