import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { METRIC_NAMES, METRICS_NAMESPACE } from '#adapters/resource-settings.ts';

/**
 * Lambda plumbing shared by the SQS-triggered functions: one Powertools logger and metrics
 * instance per function, the middy chain, and partial batch responses.
 *
 * Logging rule: log ids, keys, counts and issue codes only; never a party name or address
 * (they are personal data), so nothing from a manifest's parties is ever passed to the logger.
 */
export function createObservability(serviceName: string) {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    serviceName,
    // Its warnings (e.g. an invocation with no metric) go through the structured logger and its level.
    logger,
  });
  return { logger, metrics };
}
export type Observability = ReturnType<typeof createObservability>;

export { METRIC_NAMES, MetricUnit };

/** Wraps a handler in middy with the logger context and metrics flushing. */
export function withPowertools<TEvent, TResult>(
  observability: Observability,
  handler: (event: TEvent, context: Context) => Promise<TResult>,
) {
  return middy(handler)
    .use(injectLambdaContext(observability.logger))
    .use(logMetrics(observability.metrics, { throwOnEmptyMetrics: false }));
}

/**
 * Processes every record of an SQS batch independently and reports only the failed ones
 * (the event source mapping must enable ReportBatchItemFailures). Never throws for a batch
 * whose records all failed: the response lists them all, which SQS treats the same way.
 */
export async function processSqsBatch(
  event: SQSEvent,
  context: Context | undefined,
  recordHandler: (record: SQSRecord) => Promise<unknown>,
  logger?: Pick<Logger, 'error'>,
): Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  const handleAndLog = async (record: SQSRecord) => {
    try {
      return await recordHandler(record);
    } catch (err) {
      // Only the error's class and message: they name keys, ids and codes, never manifest content.
      logger?.error('message failed; SQS will redeliver it', {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: { name: (err as Error)?.name, message: (err as Error)?.message },
      });
      throw err;
    }
  };
  return processPartialResponse(event, handleAndLog, processor, {
    ...(context ? { context } : {}),
    throwOnFullBatchFailure: false,
  });
}
