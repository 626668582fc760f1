import { DEFAULTS, ENV } from '#adapters/resource-settings.ts';
import { numberEnv, requiredEnv } from '../commons/pipeline-config.ts';

/** What the API functions read from their environment (set by infra/analyst-api.ts and the local stack). */
export function apiConfig() {
  return {
    bucket: requiredEnv(ENV.bucketName),
    table: requiredEnv(ENV.tableName),
    maxUploadBytes: numberEnv(ENV.maxManifestBytes, DEFAULTS.maxManifestBytes),
  };
}
