import type { Context, SQSEvent } from 'aws-lambda';
import { dynamoDocumentClient, s3Client } from '#adapters/aws-clients.ts';
import { createLocationsFileStore } from '#adapters/locations-file-store.ts';
import { createManifestRecords } from '#adapters/manifest-records.ts';
import { createManifestStore } from '#adapters/manifest-store.ts';
import { createProfilingQueue } from '#adapters/profiling-queue.ts';
import { ENV, MANIFEST_SIZE_CAPS } from '#adapters/resource-settings.ts';
import { sqsClient } from '#adapters/sqs-client.ts';
import { readManifestForIntake } from '#core/manifest/parse-manifest.ts';
import { pipelineConfig, requiredEnv } from '../commons/pipeline-config.ts';
import { createObservability, processSqsBatch, withPowertools } from '../commons/powertools.ts';
import { createDeploymentLocationsLoader } from './deployment-locations.ts';
import { createIngestRecordHandler } from './ingest-manifest.ts';

/** Intake queue -> ingest. Thin: wiring only; the work is in ingest-manifest.ts. */
const observability = createObservability('ingest');
let ingestRecord: ReturnType<typeof createIngestRecordHandler> | undefined;

function recordHandler() {
  if (ingestRecord) return ingestRecord;
  const config = pipelineConfig();
  const manifestStore = createManifestStore({ s3: s3Client(), bucket: config.bucket });
  ingestRecord = createIngestRecordHandler({
    manifestStore,
    manifestRecords: createManifestRecords({ doc: dynamoDocumentClient(), table: config.table }),
    profilingQueue: createProfilingQueue({
      sqs: sqsClient(),
      queueUrl: requiredEnv(ENV.profilingQueueUrl),
      manifestStore,
    }),
    // The deployment's locations are current before a manifest is validated (not for test events).
    readManifest: async (source, options) => {
      await locationsLoader()();
      return readManifestForIntake(source, options);
    },
    chunkSize: config.chunkSize,
    retentionDays: config.retentionDays,
    maxManifestBytes: config.maxManifestBytes,
    maxBytesPerFormat: MANIFEST_SIZE_CAPS,
    observability,
  });
  return ingestRecord;
}

let refreshLocations: (() => Promise<void>) | undefined;

function locationsLoader() {
  refreshLocations ??= createDeploymentLocationsLoader({
    store: createLocationsFileStore({ s3: s3Client(), bucket: pipelineConfig().bucket }),
    logger: observability.logger,
  });
  return refreshLocations;
}

export const handler = withPowertools(observability, (event: SQSEvent, context: Context) =>
  processSqsBatch(event, context, (record) => recordHandler()(record), observability.logger),
);
