import { DEFAULTS, ENV, QUEUES } from '#adapters/resource-settings.ts';

/** Reads the pipeline's environment once per container instance; a missing variable is a deploy error. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`environment variable ${name} must be a positive number`);
  return value;
}

export function pipelineConfig() {
  return {
    bucket: requiredEnv(ENV.bucketName),
    table: requiredEnv(ENV.tableName),
    retentionDays: numberEnv(ENV.retentionDays, DEFAULTS.retentionDays),
    chunkSize: numberEnv(ENV.chunkSize, QUEUES.profiling.chunkSize),
    maxManifestBytes: numberEnv(ENV.maxManifestBytes, DEFAULTS.maxManifestBytes),
    snapshotRefreshSeconds: numberEnv(ENV.snapshotRefreshSeconds, DEFAULTS.snapshotRefreshSeconds),
  };
}
