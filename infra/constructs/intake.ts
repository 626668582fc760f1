import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEFAULTS,
  ENV,
  INGEST_HEAP_MB,
  LOCATIONS_FILE_KEY,
  QUEUES,
  S3_PREFIXES,
} from '../../functions/adapters/resource-settings.ts';
import type { StageConfig } from '../config.ts';
import type { FlaggedStore } from './flagged-store.ts';
import { grantItemActions, grantReadPrefix, grantSendMessages, grantWritePrefix } from './grants.ts';
import { PipelineFunction } from './pipeline-function.ts';
import { WorkQueue } from './work-queue.ts';

/**
 * S3 notifications are configured at deploy time by a singleton Lambda that CDK adds to the
 * stack; its role carries the AWS managed policy that lets it write its own logs.
 */
function acknowledgeNotificationsHandler(scope: Construct): void {
  const handler = Stack.of(scope).node.children.find((child) =>
    child.node.id.startsWith('BucketNotificationsHandler'),
  );
  if (!handler) return;
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      'CDK-provided deploy-time handler that only sets the bucket notification configuration; the managed policy grants nothing but CloudWatch Logs writes, and a hand-made role would need a log-group wildcard instead',
  });
}

export interface IntakeProps {
  /** The key of the pipeline's data at rest (bucket, table). */
  readonly dataKey: IKey;
  /**
   * The key of the queues. Separate from the data key: S3 may only use the queue key on behalf
   * of this bucket, and that key policy naming the bucket would otherwise form a cycle with the
   * bucket's own reference to its key.
   */
  readonly queueKey: IKey;
  readonly store: FlaggedStore;
  readonly config: StageConfig;
}

/**
 * Where manifests arrive: the pipeline bucket (`incoming/{port}/`, `reports/`, `chunks/`,
 * `config/`), its access-log bucket, the intake queue fed by ObjectCreated under `incoming/`,
 * and the ingest function that parses each manifest and hands its containers on.
 */
export class Intake extends Construct {
  readonly bucket: Bucket;
  readonly accessLogBucket: Bucket;
  readonly intakeQueue: WorkQueue;
  readonly ingest: PipelineFunction;

  constructor(scope: Construct, id: string, props: IntakeProps) {
    super(scope, id);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Server access logs cannot be delivered to an SSE-KMS bucket, hence S3-managed keys here.
    this.accessLogBucket = new Bucket(this, 'AccessLogBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [
        { id: 'expire-access-logs', expiration: Duration.days(config.accessLogRetentionDays) },
      ],
      removalPolicy,
      autoDeleteObjects: !config.retainData,
    });

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.dataKey,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'pipeline-bucket/',
      lifecycleRules: [
        {
          id: 'expire-incoming',
          prefix: S3_PREFIXES.incoming,
          expiration: Duration.days(config.incomingRetentionDays),
        },
        {
          id: 'expire-chunks',
          prefix: S3_PREFIXES.chunks,
          expiration: Duration.days(config.chunkRetentionDays),
        },
        {
          id: 'expire-reports',
          prefix: S3_PREFIXES.reports,
          expiration: Duration.days(config.dataRetentionDays),
        },
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(config.noncurrentVersionRetentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
      ],
      removalPolicy,
      autoDeleteObjects: !config.retainData,
    });

    this.intakeQueue = new WorkQueue(this, 'IntakeQueue', {
      key: props.queueKey,
      visibilityTimeout: Duration.seconds(QUEUES.intake.visibilityTimeoutSeconds),
      maxReceiveCount: QUEUES.intake.maxReceiveCount,
      retentionDays: QUEUES.intake.retentionDays,
      dlqRetentionDays: QUEUES.intake.dlqRetentionDays,
      removalPolicy,
    });
    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.intakeQueue.queue), {
      prefix: S3_PREFIXES.incoming,
    });
    acknowledgeNotificationsHandler(this);

    this.ingest = new PipelineFunction(this, 'Ingest', {
      entry: 'functions/ingest/handler.ts',
      description: 'PCU Targeting ingest: parse, validate and chunk an uploaded manifest',
      serviceName: 'ingest',
      timeout: Duration.seconds(QUEUES.intake.consumerTimeoutSeconds),
      memorySize: QUEUES.intake.ingestMemoryMb,
      config,
      environment: {
        [ENV.bucketName]: this.bucket.bucketName,
        [ENV.tableName]: props.store.table.tableName,
        [ENV.retentionDays]: String(config.dataRetentionDays),
        [ENV.chunkSize]: String(QUEUES.profiling.chunkSize),
        [ENV.maxManifestBytes]: String(DEFAULTS.maxManifestBytes),
        // The heap limit the size caps were measured with (MANIFEST_SIZE_CAPS): V8 collects
        // before the process outgrows the function's memory.
        NODE_OPTIONS: `--enable-source-maps --max-old-space-size=${INGEST_HEAP_MB}`,
      },
    });
    this.ingest.lambda.addEventSource(
      new SqsEventSource(this.intakeQueue.queue, {
        batchSize: QUEUES.intake.batchSize,
        maxBatchingWindow:
          QUEUES.intake.maxBatchingWindowSeconds > 0
            ? Duration.seconds(QUEUES.intake.maxBatchingWindowSeconds)
            : undefined,
        reportBatchItemFailures: true,
        maxConcurrency: config.ingestMaxConcurrency,
      }),
    );
    grantReadPrefix(this.ingest, this.bucket, props.dataKey, S3_PREFIXES.incoming);
    // The deployment's locations file (stations and crossings UN/LOCODE lacks), for validation:
    // this one key (its kms:Decrypt comes with the incoming/ grant).
    this.ingest.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(LOCATIONS_FILE_KEY)],
      }),
    );
    grantWritePrefix(this.ingest, this.bucket, props.dataKey, S3_PREFIXES.reports);
    grantWritePrefix(this.ingest, this.bucket, props.dataKey, S3_PREFIXES.chunks);
    // The manifest record: created once per content hash (conditional put), then updated.
    grantItemActions(this.ingest, props.store.table, props.dataKey, [
      'GetItem',
      'PutItem',
      'UpdateItem',
      'BatchWriteItem',
    ]);
  }

  /** Lets the ingest function send container chunks to the profiling queue. */
  sendChunksTo(queue: IQueue): void {
    this.ingest.lambda.addEnvironment(ENV.profilingQueueUrl, queue.queueUrl);
    grantSendMessages(this.ingest, queue);
  }
}
