import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULTS, ENV, INDEXES, S3_PREFIXES } from '../../functions/adapters/resource-settings.ts';
import type { StageConfig } from '../config.ts';
import type { FlaggedStore } from './flagged-store.ts';
import {
  grantIndexQuery,
  grantItemActions,
  grantPeekMessages,
  grantReadPrefix,
  grantWritePrefix,
} from './grants.ts';
import { PipelineFunction } from './pipeline-function.ts';

export interface StallDetectorProps {
  /** The key of the table and the bucket. */
  readonly dataKey: IKey;
  readonly store: FlaggedStore;
  /** The profiling DLQ: chunks there mark their manifest stalled (read, never deleted). */
  readonly profilingDeadLetterQueue: IQueue;
  /** The intake DLQ: uploads there without a manifest record get a rejected one (read, never deleted). */
  readonly intakeDeadLetterQueue: IQueue;
  /** The pipeline bucket: uploads are read (hashed) under `incoming/`, reports written under `reports/`. */
  readonly bucket: IBucket;
  readonly dataRetentionDays: number;
  readonly config: StageConfig;
  /** Minutes without progress after which a manifest is stalled. */
  readonly stallAfterMinutes?: number;
}

/**
 * The scheduled stall detector: every few minutes it reads the unfinished manifests (a sparse
 * index, so it never scans) and the profiling DLQ (read, never emptied), marks `stalled` with
 * the reason those without progress for `stallAfterMinutes` or with a chunk in the DLQ, and
 * emits the ManifestsStalled gauge that the monitoring alarm watches. It also reads the intake
 * DLQ: an upload there without a manifest record gets a rejected one with an INGEST_FAILED
 * report (UploadsFailed counts them).
 */
export class StallDetector extends Construct {
  readonly detector: PipelineFunction;
  readonly schedule: Rule;
  readonly stallAfterMinutes: number;

  constructor(scope: Construct, id: string, props: StallDetectorProps) {
    super(scope, id);
    this.stallAfterMinutes = props.stallAfterMinutes ?? DEFAULTS.stallAfterMinutes;
    this.detector = new PipelineFunction(this, 'Detector', {
      entry: 'functions/stall-detector/handler.ts',
      description: 'PCU Targeting stall detector: unfinished manifests without progress become stalled',
      serviceName: 'stall-detector',
      // Reading (hashing) a few uploads of the intake DLQ at their size cap takes seconds each.
      timeout: Duration.seconds(180),
      memorySize: 256,
      config: props.config,
      environment: {
        [ENV.tableName]: props.store.table.tableName,
        [ENV.stallAfterMinutes]: String(this.stallAfterMinutes),
        [ENV.profilingDlqUrl]: props.profilingDeadLetterQueue.queueUrl,
        [ENV.intakeDlqUrl]: props.intakeDeadLetterQueue.queueUrl,
        [ENV.bucketName]: props.bucket.bucketName,
        [ENV.retentionDays]: String(props.dataRetentionDays),
        [ENV.maxManifestBytes]: String(DEFAULTS.maxManifestBytes),
      },
    });
    grantIndexQuery(this.detector, props.store.table, props.dataKey, [INDEXES.unfinishedManifests.indexName]);
    // The conditional update from received/queued to stalled; the rejected record of an intake-DLQ
    // upload (a conditional put) and the note that it was handled (get, put).
    grantItemActions(this.detector, props.store.table, props.dataKey, [
      'GetItem',
      'PutItem',
      'UpdateItem',
      'BatchWriteItem',
    ]);
    grantPeekMessages(this.detector, props.profilingDeadLetterQueue);
    grantPeekMessages(this.detector, props.intakeDeadLetterQueue);
    grantReadPrefix(this.detector, props.bucket, props.dataKey, S3_PREFIXES.incoming);
    grantWritePrefix(this.detector, props.bucket, props.dataKey, S3_PREFIXES.reports);
    this.schedule = new Rule(this, 'Schedule', {
      description: 'Runs the stall detector',
      schedule: Schedule.rate(Duration.minutes(DEFAULTS.stallCheckMinutes)),
      targets: [new LambdaFunction(this.detector.lambda, { retryAttempts: 0 })],
    });
  }
}
