import { dynamoDocumentClient, s3Client } from '#adapters/aws-clients.ts';
import { DEFAULTS, ENV } from '#adapters/resource-settings.ts';
import { numberEnv, pipelineConfig } from '../commons/pipeline-config.ts';
import { createObservability, withPowertools } from '../commons/powertools.ts';
import { parsePorts, refreshDepsFor } from './refresh-wiring.ts';
import { createRefreshRun } from './run-refresh.ts';

/** Schedule (EventBridge) -> list refresh. Thin: wiring only; the work is in refresh-lists.ts. */
const observability = createObservability('list-refresh');
let run: ReturnType<typeof createRefreshRun> | undefined;

export const handler = withPowertools(observability, async () => {
  if (!run) {
    const config = pipelineConfig();
    run = createRefreshRun(
      refreshDepsFor({
        s3: s3Client(),
        doc: dynamoDocumentClient(),
        bucket: config.bucket,
        table: config.table,
        sourceUrl: process.env[ENV.listSourceUrl] || undefined,
        ports: parsePorts(process.env[ENV.ports]),
        days: numberEnv(ENV.rescreenDays, DEFAULTS.rescreenDays),
        retentionDays: config.retentionDays,
      }),
      observability,
    );
  }
  return run();
});
