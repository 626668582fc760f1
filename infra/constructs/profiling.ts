import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DEFAULTS, ENV, QUEUES, S3_PREFIXES } from '../../functions/adapters/resource-settings.ts';
import type { StageConfig } from '../config.ts';
import type { FlaggedStore } from './flagged-store.ts';
import { grantItemActions, grantReadPrefix } from './grants.ts';
import { PipelineFunction } from './pipeline-function.ts';
import { WorkQueue } from './work-queue.ts';

export interface ProfilingProps {
  /** The key of the bucket and table. */
  readonly dataKey: IKey;
  /** The key of the queues. */
  readonly queueKey: IKey;
  /** The pipeline bucket: config snapshots and oversized chunks are read from it. */
  readonly bucket: IBucket;
  readonly store: FlaggedStore;
  readonly config: StageConfig;
}

/**
 * The profiling queue (container chunks from ingest) and the profile function that scores
 * each chunk against the published snapshot and writes flagged containers and progress.
 */
export class Profiling extends Construct {
  readonly profilingQueue: WorkQueue;
  readonly profile: PipelineFunction;

  constructor(scope: Construct, id: string, props: ProfilingProps) {
    super(scope, id);
    const { config } = props;
    this.profilingQueue = new WorkQueue(this, 'ProfilingQueue', {
      key: props.queueKey,
      visibilityTimeout: Duration.seconds(QUEUES.profiling.visibilityTimeoutSeconds),
      maxReceiveCount: QUEUES.profiling.maxReceiveCount,
      retentionDays: QUEUES.profiling.retentionDays,
      dlqRetentionDays: QUEUES.profiling.dlqRetentionDays,
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.profile = new PipelineFunction(this, 'Profile', {
      entry: 'functions/profile/handler.ts',
      description: 'PCU Targeting profile: score a chunk of containers and store the flagged ones',
      serviceName: 'profile',
      timeout: Duration.seconds(QUEUES.profiling.consumerTimeoutSeconds),
      memorySize: QUEUES.profiling.profileMemoryMb,
      config,
      environment: {
        [ENV.bucketName]: props.bucket.bucketName,
        [ENV.tableName]: props.store.table.tableName,
        [ENV.retentionDays]: String(config.dataRetentionDays),
        [ENV.snapshotRefreshSeconds]: String(DEFAULTS.snapshotRefreshSeconds),
      },
    });
    this.profile.lambda.addEventSource(
      new SqsEventSource(this.profilingQueue.queue, {
        batchSize: QUEUES.profiling.batchSize,
        maxBatchingWindow: Duration.seconds(QUEUES.profiling.maxBatchingWindowSeconds),
        // One failing chunk is retried (and dead-lettered) on its own; the rest of the batch is done.
        reportBatchItemFailures: true,
        maxConcurrency: config.profileMaxConcurrency,
      }),
    );
    grantReadPrefix(this.profile, props.bucket, props.dataKey, S3_PREFIXES.config);
    grantReadPrefix(this.profile, props.bucket, props.dataKey, S3_PREFIXES.chunks);
    // Flags and chunk progress are written with UpdateItem only (if_not_exists keeps an
    // officer's decision); GetItem reads the manifest record; Query counts the flag items of a
    // manifest when its last chunk is done (the recount).
    grantItemActions(this.profile, props.store.table, props.dataKey, [
      'GetItem',
      'UpdateItem',
      'Query',
      'BatchWriteItem',
    ]);
  }
}
