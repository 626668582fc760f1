import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3EventRecord } from 'aws-lambda';
import type { ManifestRecords, ResumeRequest } from './manifest-records.ts';
import { encodeS3EventKey, type ResumeMessage } from './pipeline-resources.ts';

/**
 * Resume requests for unfinished manifests, sent to the intake queue: the ingest function
 * re-reads the stored file, re-chunks it deterministically and queues only the chunks not
 * done. Going through the intake queue keeps the parser (and its memory) in the ingest
 * function, with the intake queue's retries and DLQ.
 */
export interface ResumeRequests {
  send(message: ResumeMessage): Promise<void>;
}

export function createResumeRequests(options: { sqs: SQSClient; queueUrl: string }): ResumeRequests {
  return {
    async send(message) {
      await options.sqs.send(
        new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: JSON.stringify(message) }),
      );
    },
  };
}

export type ManifestResume = ResumeRequest & { chunksToRequeue: number };

/**
 * Moves an unfinished manifest back to `queued` and asks ingest to re-queue its missing
 * chunks. Idempotent: a complete (or rejected) manifest is left alone, and a second request
 * only re-sends chunks that profiling counts once anyway.
 */
export async function resumeManifest(
  deps: { records: ManifestRecords; requests: ResumeRequests },
  manifestId: string,
  requestedBy: string,
  at: string,
): Promise<ManifestResume> {
  const request = await deps.records.requestResume(manifestId, at);
  if (request.outcome !== 'resumed') {
    return { ...request, chunksToRequeue: 0 };
  }
  const { record } = request;
  const [sourceKey] = record.sourceKeys;
  if (sourceKey === undefined) {
    await deps.records.markStalled(manifestId, 'cannot resume: the record names no uploaded file', at);
    return { ...request, chunksToRequeue: 0 };
  }
  await deps.requests.send({
    pcuResume: {
      manifestId,
      port: record.port,
      sourceKey,
      ...(record.sourceBytes !== undefined && { sourceBytes: record.sourceBytes }),
      requestedBy,
    },
  });
  return { ...request, chunksToRequeue: Math.max(0, record.chunkCount - record.chunksDone.length) };
}

export type ResumeOf = ResumeMessage['pcuResume'];

export function isResumeMessage(body: unknown): body is ResumeMessage {
  const resume = (body as Partial<ResumeMessage> | undefined)?.pcuResume;
  return (
    typeof resume === 'object' &&
    resume !== null &&
    typeof resume.manifestId === 'string' &&
    typeof resume.sourceKey === 'string' &&
    typeof resume.port === 'string'
  );
}

/**
 * The S3 notification record a resume stands for: the stored file, as if uploaded again (the
 * ingest path is then the same as for a re-upload of the same file).
 */
export function resumeEventRecord(resume: ResumeOf): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'pcu:resume',
    awsRegion: '',
    eventTime: new Date(0).toISOString(),
    eventName: 'ObjectCreated:Resume',
    userIdentity: { principalId: resume.requestedBy },
    requestParameters: { sourceIPAddress: '' },
    responseElements: { 'x-amz-request-id': '', 'x-amz-id-2': '' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'resume',
      bucket: { name: '', ownerIdentity: { principalId: '' }, arn: '' },
      object: {
        key: encodeS3EventKey(resume.sourceKey),
        size: resume.sourceBytes ?? 0,
        eTag: '',
        sequencer: '',
      },
    },
  };
}
