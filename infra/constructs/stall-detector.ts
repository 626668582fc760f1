import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULTS, ENV, INDEXES } from '../../functions/adapters/pipeline-resources.ts';
import type { StageConfig } from '../config.ts';
import type { FlaggedStore } from './flagged-store.ts';
import { grantIndexQuery, grantItemActions, grantPeekMessages } from './grants.ts';
import { PipelineFunction } from './pipeline-function.ts';

export interface StallDetectorProps {
  /** The key of the table. */
  readonly dataKey: IKey;
  readonly store: FlaggedStore;
  /** The profiling DLQ: chunks there mark their manifest stalled (read, never deleted). */
  readonly profilingDeadLetterQueue: IQueue;
  readonly config: StageConfig;
  /** Minutes without progress after which a manifest is stalled. */
  readonly stallAfterMinutes?: number;
}

/**
 * The scheduled stall detector: every few minutes it reads the unfinished manifests (a sparse
 * index, so it never scans) and the profiling DLQ (read, never emptied), marks `stalled` with
 * the reason those without progress for `stallAfterMinutes` or with a chunk in the DLQ, and
 * emits the ManifestsStalled gauge that the monitoring alarm watches.
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
      timeout: Duration.seconds(60),
      memorySize: 256,
      config: props.config,
      environment: {
        [ENV.tableName]: props.store.table.tableName,
        [ENV.stallAfterMinutes]: String(this.stallAfterMinutes),
        [ENV.profilingDlqUrl]: props.profilingDeadLetterQueue.queueUrl,
      },
    });
    grantIndexQuery(this.detector, props.store.table, props.dataKey, [INDEXES.unfinishedManifests.indexName]);
    // The conditional update from received/queued to stalled.
    grantItemActions(this.detector, props.store.table, props.dataKey, ['UpdateItem']);
    grantPeekMessages(this.detector, props.profilingDeadLetterQueue);
    this.schedule = new Rule(this, 'Schedule', {
      description: 'Runs the stall detector',
      schedule: Schedule.rate(Duration.minutes(DEFAULTS.stallCheckMinutes)),
      targets: [new LambdaFunction(this.detector.lambda, { retryAttempts: 0 })],
    });
  }
}
