import { SQSClient } from '@aws-sdk/client-sqs';

/** The SQS client, created once per container instance; the endpoint comes from AWS_ENDPOINT_URL_SQS. */
let sqs: SQSClient | undefined;

export function sqsClient(): SQSClient {
  sqs ??= new SQSClient({});
  return sqs;
}
