import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { DEFAULTS, METRIC_NAMES, METRICS_NAMESPACE } from '../../functions/adapters/resource-settings.ts';
import type { StageConfig } from '../config.ts';
import type { WorkQueue } from './work-queue.ts';

export interface MonitoringProps {
  readonly config: StageConfig;
}

/**
 * Alarms (sent to the stage's alarm topic) and one dashboard. Other constructs register
 * what they own with `watchQueue` and `watchFunction`; the analyst API does the same.
 */
export class Monitoring extends Construct {
  /** The stage's own encrypted alarm topic. */
  readonly alarmTopic: Topic;
  /** Extra existing topic alarms are also sent to (e.g. an organisation's on-call topic). */
  readonly externalAlarmTopic?: ITopic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const key = new Key(this, 'AlarmTopicKey', {
      description: `PCU Targeting ${props.config.stage}: alarm topic encryption`,
      enableKeyRotation: true,
      removalPolicy: props.config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // CloudWatch alarms publish to an encrypted topic only if CloudWatch may use its key.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `PCU Targeting ${props.config.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.config.alarmEmail) {
      this.alarmTopic.addSubscription(new EmailSubscription(props.config.alarmEmail));
    }
    if (props.config.alarmTopicArn) {
      this.externalAlarmTopic = Topic.fromTopicArn(this, 'ExternalAlarmTopic', props.config.alarmTopicArn);
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `pcu-targeting-${props.config.stage}`,
      defaultInterval: Duration.hours(6),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# PCU Targeting (${props.config.stage})\nManifests in, containers profiled and flagged; queues, DLQs and Lambda health below.`,
        width: 24,
        height: 2,
      }),
    );
    const pipelineMetric = (metricName: string, label: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        statistic: 'Sum',
        period: Duration.minutes(5),
        label,
      });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Pipeline throughput',
        width: 12,
        left: [
          pipelineMetric(METRIC_NAMES.manifestsReceived, 'manifests received'),
          pipelineMetric(METRIC_NAMES.recordsRejected, 'records rejected'),
        ],
        right: [
          pipelineMetric(METRIC_NAMES.containersProfiled, 'containers profiled'),
          pipelineMetric(METRIC_NAMES.containersFlagged, 'containers flagged'),
        ],
      }),
      new GraphWidget({
        title: 'Processing time (ms)',
        width: 12,
        left: [
          new Metric({
            namespace: METRICS_NAMESPACE,
            metricName: METRIC_NAMES.processingTime,
            statistic: 'p95',
            period: Duration.minutes(5),
            label: 'p95',
          }),
        ],
      }),
    );
  }

  /** Sends an alarm (and its recovery) to the stage's alarm targets and keeps it in `alarms`. */
  addAlarm(alarm: Alarm): Alarm {
    const action = new SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    if (this.externalAlarmTopic) {
      alarm.addAlarmAction(new SnsAction(this.externalAlarmTopic));
      alarm.addOkAction(new SnsAction(this.externalAlarmTopic));
    }
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * Alarms when any message lands in the DLQ, and when the oldest message of the queue is
   * older than `maxAge` (the consumer is failing, throttled or too slow).
   */
  watchQueue(label: string, workQueue: WorkQueue, maxAge: Duration): void {
    const dlqVisible = workQueue.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: 'Maximum',
      label: `${label} DLQ messages`,
    });
    this.addAlarm(
      new Alarm(this, `${label}DeadLetters`, {
        alarmDescription: `${label}: a message reached the dead-letter queue after ${workQueue.maxReceiveCount} failed receives. Inspect it, fix the cause, then redrive it.`,
        metric: dlqVisible,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    const oldest = workQueue.queue.metricApproximateAgeOfOldestMessage({
      period: Duration.minutes(1),
      statistic: 'Maximum',
      label: `${label} oldest message (s)`,
    });
    this.addAlarm(
      new Alarm(this, `${label}OldestMessageAge`, {
        alarmDescription: `${label}: the oldest message has waited more than ${maxAge.toMinutes()} minutes.`,
        metric: oldest,
        threshold: maxAge.toSeconds(),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `${label} queue`,
        width: 12,
        left: [
          workQueue.queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(1),
            label: 'visible',
          }),
          workQueue.queue.metricApproximateNumberOfMessagesNotVisible({
            period: Duration.minutes(1),
            label: 'in flight',
          }),
          dlqVisible,
        ],
        right: [oldest],
      }),
    );
  }

  /** Alarms on any error of the function; graphs invocations, errors, throttles and duration. */
  watchFunction(label: string, fn: IFunction): void {
    const errors = fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum', label: 'errors' });
    this.addAlarm(
      new Alarm(this, `${label}Errors`, {
        alarmDescription: `${label}: the function failed (uncaught error, timeout or out of memory). See its log group.`,
        metric: errors,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    const invocations = fn.metricInvocations({ period: Duration.minutes(5), label: 'invocations' });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `${label} function`,
        width: 12,
        left: [
          invocations,
          errors,
          fn.metricThrottles({ period: Duration.minutes(5), label: 'throttles' }),
          new MathExpression({
            expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
            usingMetrics: { invocations, errors },
            label: 'error rate (%)',
            period: Duration.minutes(5),
          }),
        ],
        right: [
          fn.metricDuration({ period: Duration.minutes(5), statistic: 'p95', label: 'duration p95 (ms)' }),
        ],
      }),
    );
  }

  /**
   * Alarms while any manifest is `stalled` (no progress for `stallAfterMinutes`, or a chunk in
   * the profiling DLQ): the ManifestsStalled gauge the stall detector emits on every run.
   */
  watchStalledManifests(detectorServiceName: string, stallAfterMinutes: number): Alarm {
    const stalled = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: METRIC_NAMES.manifestsStalled,
      dimensionsMap: { service: detectorServiceName },
      statistic: 'Maximum',
      period: Duration.minutes(DEFAULTS.stallCheckMinutes),
      label: 'manifests stalled',
    });
    this.dashboard.addWidgets(new GraphWidget({ title: 'Manifests stalled', width: 12, left: [stalled] }));
    return this.addAlarm(
      new Alarm(this, 'ManifestsStalled', {
        alarmDescription: `A manifest is stalled: no progress for ${stallAfterMinutes} minutes, or a chunk failed for good (profiling DLQ). pcu manifests list shows it with the reason; fix the cause, then pcu manifests resume ID (admin).`,
        metric: stalled,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // No data means the detector did not run: its own error alarm covers that.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /**
   * Alarms when an upload is recorded as rejected with INGEST_FAILED: the ingest began its last
   * attempt after failed ones, or the stall detector found it in the intake DLQ.
   */
  watchFailedUploads(serviceNames: string[]): Alarm {
    const failed = serviceNames.map(
      (service) =>
        new Metric({
          namespace: METRICS_NAMESPACE,
          metricName: METRIC_NAMES.uploadsFailed,
          dimensionsMap: { service },
          statistic: 'Sum',
          period: Duration.minutes(DEFAULTS.stallCheckMinutes),
          label: `uploads failed (${service})`,
        }),
    );
    const total = new MathExpression({
      expression: failed.map((_, i) => `FILL(m${i}, 0)`).join(' + '),
      usingMetrics: Object.fromEntries(failed.map((metric, i) => [`m${i}`, metric])),
      period: Duration.minutes(DEFAULTS.stallCheckMinutes),
      label: 'uploads failed',
    });
    this.dashboard.addWidgets(new GraphWidget({ title: 'Uploads failed', width: 12, left: failed }));
    return this.addAlarm(
      new Alarm(this, 'UploadsFailed', {
        alarmDescription:
          'An upload could not be processed (the ingest crashed, timed out or ran out of memory on every attempt): its manifest is rejected with INGEST_FAILED (pcu manifests list). Read the ingest log, fix the cause, then redrive the intake DLQ; a successful run replaces the record.',
        metric: total,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  addWidgets(...widgets: IWidget[]): void {
    this.dashboard.addWidgets(...widgets);
  }
}
