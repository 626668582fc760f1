import { dynamoDocumentClient, s3Client } from '#adapters/aws-clients.ts';
import { createDeadLetters } from '#adapters/dead-letters.ts';
import { createManifestRecords } from '#adapters/manifest-records.ts';
import { createManifestStore } from '#adapters/manifest-store.ts';
import { DEFAULTS, ENV } from '#adapters/resource-settings.ts';
import { sqsClient } from '#adapters/sqs-client.ts';
import { numberEnv, pipelineConfig, requiredEnv } from '../commons/pipeline-config.ts';
import { createObservability, withPowertools } from '../commons/powertools.ts';
import { createStallDetector } from './detect-stalls.ts';

/** Schedule -> stall detector. Thin: wiring only; the work is in detect-stalls.ts. */
const observability = createObservability('stall-detector');
let detect: ReturnType<typeof createStallDetector> | undefined;

export const handler = withPowertools(observability, async () => {
  if (!detect) {
    const config = pipelineConfig();
    detect = createStallDetector({
      manifestRecords: createManifestRecords({ doc: dynamoDocumentClient(), table: config.table }),
      deadLetters: createDeadLetters({ sqs: sqsClient(), queueUrl: requiredEnv(ENV.profilingDlqUrl) }),
      intake: {
        deadLetters: createDeadLetters({ sqs: sqsClient(), queueUrl: requiredEnv(ENV.intakeDlqUrl) }),
        manifestStore: createManifestStore({ s3: s3Client(), bucket: config.bucket }),
        maxManifestBytes: config.maxManifestBytes,
        retentionDays: config.retentionDays,
      },
      stallAfterMinutes: numberEnv(ENV.stallAfterMinutes, DEFAULTS.stallAfterMinutes),
      observability,
    });
  }
  return detect();
});
