/**
 * Plays S3 event notifications: every object created under `incoming/` in the pipeline
 * bucket becomes an SQS message on the intake queue, in the JSON shape S3 sends (keys
 * URL-encoded with `+` for a space, as S3 does), so the ingest handler sees what it sees on AWS.
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { S3_PREFIXES } from '../functions/adapters/resource-settings.ts';
import type { S3ObjectCreated } from './emulators.ts';

/** S3 encodes notification keys like a form value: segments URL-encoded, spaces as `+`. */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}

export function s3NotificationBody(event: S3ObjectCreated, region: string, now = new Date()): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: now.toISOString(),
        eventName: event.eventName,
        userIdentity: { principalId: 'local' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'incoming-manifests',
          bucket: {
            name: event.bucket,
            ownerIdentity: { principalId: 'local' },
            arn: `arn:aws:s3:::${event.bucket}`,
          },
          object: {
            key: encodeS3EventKey(event.key),
            size: event.size,
            eTag: event.eTag,
            sequencer: event.sequencer,
          },
        },
      },
    ],
  });
}

export function forwardObjectCreated(options: {
  sqs: SQSClient;
  bucket: string;
  queueUrl: string;
  region: string;
  onError?: (err: unknown) => void;
}): (event: S3ObjectCreated) => void {
  return (event) => {
    if (event.bucket !== options.bucket || !event.key.startsWith(S3_PREFIXES.incoming)) return;
    options.sqs
      .send(
        new SendMessageCommand({
          QueueUrl: options.queueUrl,
          MessageBody: s3NotificationBody(event, options.region),
        }),
      )
      .catch((err) => options.onError?.(err));
  };
}
