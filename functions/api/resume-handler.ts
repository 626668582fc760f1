import { dynamoDocumentClient } from '#adapters/aws-clients.ts';
import { createManifestRecords } from '#adapters/manifest-records.ts';
import { ENV } from '#adapters/resource-settings.ts';
import { createResumeRequests } from '#adapters/resume-requests.ts';
import { sqsClient } from '#adapters/sqs-client.ts';
import { requiredEnv } from '../commons/pipeline-config.ts';
import { apiConfig } from './api-config.ts';
import { apiLambda } from './api-lambda.ts';
import type { RouteHandler } from './dispatch.ts';
import { type ResumeDeps, resumeManifestRoute } from './resume-route.ts';

/** POST /manifests/{id}/resume (conditional UpdateItem on the record + SendMessage to the intake queue). */
export const resumeRoutes: Record<string, RouteHandler<ResumeDeps>> = {
  'POST /manifests/{id}/resume': resumeManifestRoute,
};

export const handler = apiLambda('api-resume', resumeRoutes, (): ResumeDeps => {
  const config = apiConfig();
  return {
    records: createManifestRecords({ doc: dynamoDocumentClient(), table: config.table }),
    requests: createResumeRequests({ sqs: sqsClient(), queueUrl: requiredEnv(ENV.intakeQueueUrl) }),
    now: () => new Date(),
  };
});
