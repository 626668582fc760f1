import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SINGLE_CALL_RETRY } from './sdk-retry.ts';

/**
 * SDK clients, created once per container instance. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SQS` variables (the
 * SDK reads them itself), so the same code runs against AWS and the local emulators.
 * Path-style S3 addressing is used when an S3 endpoint is configured: emulators serve
 * buckets on one host name. The SQS client lives in sqs-client.ts so the profile Lambda,
 * which never sends to SQS, does not load it at cold start.
 */
let s3: S3Client | undefined;
let dynamo: DynamoDBDocumentClient | undefined;

export function s3Client(): S3Client {
  s3 ??= new S3Client({
    ...SINGLE_CALL_RETRY,
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL),
  });
  return s3;
}

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  dynamo ??= DynamoDBDocumentClient.from(new DynamoDBClient({ ...SINGLE_CALL_RETRY }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return dynamo;
}

/** Where a command-line caller points the SDK: a region, and an endpoint for the local emulators. */
export type ClientTarget = { region?: string; endpoint?: string };

/** An S3 client for the CLI: path-style addressing when an endpoint (an emulator) is given. */
export function s3ClientFor(target: ClientTarget): S3Client {
  return new S3Client({
    ...SINGLE_CALL_RETRY,
    ...(target.region ? { region: target.region } : {}),
    ...(target.endpoint ? { endpoint: target.endpoint, forcePathStyle: true } : {}),
  });
}

/** A DynamoDB document client for the CLI, marshalling as the Lambdas do. */
export function dynamoDocumentClientFor(target: ClientTarget): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      ...SINGLE_CALL_RETRY,
      ...(target.region ? { region: target.region } : {}),
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    }),
    { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } },
  );
}
