import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, GraphWidget, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  DEFAULTS,
  ENV,
  INDEXES,
  METRIC_NAMES,
  METRICS_NAMESPACE,
  S3_PREFIXES,
} from '../../functions/adapters/resource-settings.ts';
import type { StageConfig } from '../config.ts';
import type { FlaggedStore } from './flagged-store.ts';
import { grantIndexQuery, grantItemActions, grantReadPrefix, grantWritePrefix } from './grants.ts';
import type { Monitoring } from './monitoring.ts';
import { PipelineFunction } from './pipeline-function.ts';

export interface ListRefreshProps {
  readonly dataKey: IKey;
  readonly store: FlaggedStore;
  /** The pipeline bucket: snapshots and list status under config/, stored uploads under incoming/. */
  readonly bucket: IBucket;
  readonly monitoring: Monitoring;
  readonly config: StageConfig;
}

const SERVICE = 'list-refresh';

/**
 * The scheduled list refresh (functions/refresh/): every few hours it downloads the OFAC SDN
 * and UN consolidated lists, publishes a new config snapshot when they changed, and re-screens
 * the manifests of the configured ports received in the last `rescreenDays` days against the
 * added and changed entries. A list that cannot be downloaded or is refused (unparsable,
 * implausibly shrunk) keeps its edition serving and counts in ListRefreshFailed, which alarms.
 */
export class ListRefresh extends Construct {
  readonly refresher: PipelineFunction;
  readonly schedule: Rule;
  readonly failedAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ListRefreshProps) {
    super(scope, id);
    const { config } = props;
    this.refresher = new PipelineFunction(this, 'Refresher', {
      entry: 'functions/refresh/handler.ts',
      description: 'PCU Targeting list refresh: new OFAC and UN editions, new snapshot, re-screening',
      serviceName: SERVICE,
      // Two snapshots of the full lists in memory (the live one and the new one) plus the
      // re-read manifests; the download, build and re-screening take minutes, not seconds.
      timeout: Duration.minutes(15),
      memorySize: 3008,
      config,
      environment: {
        [ENV.tableName]: props.store.table.tableName,
        [ENV.bucketName]: props.bucket.bucketName,
        [ENV.retentionDays]: String(config.dataRetentionDays),
        [ENV.rescreenDays]: String(config.rescreenDays),
        [ENV.ports]: config.ports.join(','),
        ...(config.listSourceUrl && { [ENV.listSourceUrl]: config.listSourceUrl }),
      },
    });
    // Snapshots, the pointer and the list status; the stored uploads it re-reads.
    grantReadPrefix(this.refresher, props.bucket, props.dataKey, S3_PREFIXES.config);
    grantWritePrefix(this.refresher, props.bucket, props.dataKey, S3_PREFIXES.config);
    grantReadPrefix(this.refresher, props.bucket, props.dataKey, S3_PREFIXES.incoming);
    // Manifests by port and date (the records by key), open flags by port; flag updates and the flag recount.
    grantIndexQuery(this.refresher, props.store.table, props.dataKey, [
      INDEXES.byPortDate.indexName,
      INDEXES.byPortStatus.indexName,
    ]);
    grantItemActions(this.refresher, props.store.table, props.dataKey, [
      'Query',
      'BatchGetItem',
      'UpdateItem',
    ]);
    this.schedule = new Rule(this, 'Schedule', {
      description: 'Runs the list refresh',
      schedule: Schedule.rate(Duration.hours(DEFAULTS.listRefreshHours)),
      targets: [new LambdaFunction(this.refresher.lambda, { retryAttempts: 0 })],
    });

    const failed = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: METRIC_NAMES.listRefreshFailed,
      dimensionsMap: { service: SERVICE },
      statistic: 'Sum',
      period: Duration.hours(DEFAULTS.listRefreshHours),
      label: 'lists refused or not downloadable',
    });
    props.monitoring.addWidgets(
      new GraphWidget({ title: 'List refresh failures', width: 12, left: [failed] }),
    );
    this.failedAlarm = props.monitoring.addAlarm(
      new Alarm(this, 'ListRefreshFailed', {
        alarmDescription:
          'A watchlist could not be refreshed: its download failed, or the new edition did not parse or had fewer than 90% of the entries in use. The edition in use keeps serving. Run pcu lists status for the reason; fix the source (LIST_SOURCE_URL) or wait for the next edition.',
        metric: failed,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // No data means the refresh did not run at all: the function's error alarm covers that.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    props.monitoring.watchFunction('ListRefresh', this.refresher.lambda);
  }
}
