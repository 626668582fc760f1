import { SQSClient } from '@aws-sdk/client-sqs';
import { SINGLE_CALL_RETRY } from './sdk-retry.ts';

/**
 * The SQS client, created once per container instance; the endpoint comes from
 * AWS_ENDPOINT_URL_SQS. Requests go to that endpoint, not to the host inside a queue URL: on
 * AWS both are the same, while emulators hand out queue URLs on host names (such as
 * `sqs.us-east-1.localhost`) that need not resolve.
 */
let sqs: SQSClient | undefined;

export function sqsClient(): SQSClient {
  sqs ??= new SQSClient({ ...SINGLE_CALL_RETRY, useQueueUrlAsEndpoint: false });
  return sqs;
}
