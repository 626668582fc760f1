import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { AnalystApi, type AnalystApiProps } from './analyst-api.ts';
import type { StageConfig } from './config.ts';
import { WebConsole } from './constructs/console.ts';
import { DefaultConfig } from './constructs/default-config.ts';
import { FlaggedStore } from './constructs/flagged-store.ts';
import { Intake } from './constructs/intake.ts';
import { ListRefresh } from './constructs/list-refresh.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Profiling } from './constructs/profiling.ts';
import { StallDetector } from './constructs/stall-detector.ts';
import type { DefaultSnapshot } from './default-snapshot.ts';

export interface PipelineStackProps extends StackProps {
  readonly config: StageConfig;
  /** The compiled default configuration (see infra/default-snapshot.ts). */
  readonly defaultSnapshot: DefaultSnapshot;
}

/**
 * One stage of PCU Targeting: manifests arrive in the intake bucket, are parsed by ingest,
 * profiled in chunks, and the flagged containers land in the flagged store. Later parts
 * (the analyst API) attach to the readonly constructs exposed here.
 */
export class PipelineStack extends Stack {
  readonly config: StageConfig;
  /** Customer-managed key of the data at rest: the pipeline bucket and the table. */
  readonly dataKey: Key;
  /** Customer-managed key of the intake and profiling queues and their DLQs. */
  readonly queueKey: Key;
  readonly flaggedStore: FlaggedStore;
  readonly intake: Intake;
  readonly profiling: Profiling;
  readonly defaultConfig: DefaultConfig;
  readonly monitoring: Monitoring;
  readonly stallDetector: StallDetector;
  readonly listRefresh: ListRefresh;
  /** Set by `addAnalystApi()`. */
  analystApi?: AnalystApi;
  /** Set by `addWebConsole()`. */
  webConsole?: WebConsole;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;
    Tags.of(this).add('project', 'pcu-targeting');
    Tags.of(this).add('stage', config.stage);

    const keyProps = {
      enableKeyRotation: true,
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(config.retainData ? 30 : 7),
    };
    this.dataKey = new Key(this, 'DataKey', {
      ...keyProps,
      alias: `alias/pcu-targeting-${config.stage}-data`,
      description: `PCU Targeting ${config.stage}: manifests, reports, config and flagged containers`,
    });
    this.queueKey = new Key(this, 'QueueKey', {
      ...keyProps,
      alias: `alias/pcu-targeting-${config.stage}-queues`,
      description: `PCU Targeting ${config.stage}: intake and profiling queues`,
    });

    this.flaggedStore = new FlaggedStore(this, 'FlaggedStore', { key: this.dataKey, config });
    this.intake = new Intake(this, 'Intake', {
      dataKey: this.dataKey,
      queueKey: this.queueKey,
      store: this.flaggedStore,
      config,
    });
    this.profiling = new Profiling(this, 'Profiling', {
      dataKey: this.dataKey,
      queueKey: this.queueKey,
      bucket: this.intake.bucket,
      store: this.flaggedStore,
      config,
    });
    this.intake.sendChunksTo(this.profiling.profilingQueue.queue);
    this.defaultConfig = new DefaultConfig(this, 'DefaultConfig', {
      bucket: this.intake.bucket,
      key: this.dataKey,
      snapshot: props.defaultSnapshot,
      config,
    });

    this.monitoring = new Monitoring(this, 'Monitoring', { config });
    this.monitoring.watchQueue(
      'Intake',
      this.intake.intakeQueue,
      Duration.minutes(config.intakeMaxAgeMinutes),
    );
    this.monitoring.watchQueue(
      'Profiling',
      this.profiling.profilingQueue,
      Duration.minutes(config.profilingMaxAgeMinutes),
    );
    this.monitoring.watchFunction('Ingest', this.intake.ingest.lambda);
    this.monitoring.watchFunction('Profile', this.profiling.profile.lambda);
    this.stallDetector = new StallDetector(this, 'StallDetector', {
      dataKey: this.dataKey,
      store: this.flaggedStore,
      profilingDeadLetterQueue: this.profiling.profilingQueue.deadLetterQueue,
      intakeDeadLetterQueue: this.intake.intakeQueue.deadLetterQueue,
      bucket: this.intake.bucket,
      dataRetentionDays: config.dataRetentionDays,
      config,
    });
    this.monitoring.watchFunction('StallDetector', this.stallDetector.detector.lambda);
    this.monitoring.watchStalledManifests('stall-detector', this.stallDetector.stallAfterMinutes);
    this.monitoring.watchFailedUploads(['ingest', 'stall-detector']);
    this.listRefresh = new ListRefresh(this, 'ListRefresh', {
      dataKey: this.dataKey,
      store: this.flaggedStore,
      bucket: this.intake.bucket,
      monitoring: this.monitoring,
      config,
    });

    // What operators need after a deploy (README, "Deploy to AWS"): where to upload and publish, what to watch.
    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output(
      'BucketName',
      this.intake.bucket.bucketName,
      'Upload manifests to incoming/{PORT}/; pcu publish --bucket',
    );
    output('TableName', this.flaggedStore.table.tableName, 'Manifest records and flagged containers');
    output(
      'IntakeDeadLetterQueueUrl',
      this.intake.intakeQueue.deadLetterQueue.queueUrl,
      'Manifests that failed 5 times',
    );
    output(
      'ProfilingDeadLetterQueueUrl',
      this.profiling.profilingQueue.deadLetterQueue.queueUrl,
      'Container chunks that failed 5 times',
    );
    output('AlarmTopicArn', this.monitoring.alarmTopic.topicArn, 'Subscribe on-call e-mail or chat here');
    output('DashboardName', this.monitoring.dashboard.dashboardName, 'CloudWatch dashboard');
    output('DefaultConfigVersion', this.defaultConfig.version, 'Snapshot version of the bundled defaults');
  }

  /**
   * The analyst and officer HTTP API (issue 5) on this stage's table and bucket, with its
   * functions under the same alarms as the pipeline's.
   */
  addAnalystApi(
    props: Partial<Omit<AnalystApiProps, 'table' | 'bucket' | 'key' | 'config' | 'intakeQueue'>> = {},
  ): AnalystApi {
    if (this.analystApi) return this.analystApi;
    const api = new AnalystApi(this, 'AnalystApi', {
      table: this.flaggedStore.table,
      bucket: this.intake.bucket,
      key: this.dataKey,
      intakeQueue: this.intake.intakeQueue.queue,
      config: this.config,
      ports: this.config.ports,
      ...props,
    });
    for (const [name, fn] of Object.entries(api.functions)) {
      this.monitoring.watchFunction(`Api${name[0]?.toUpperCase()}${name.slice(1)}`, fn.lambda);
    }
    // 5xx the functions never saw: integration failures, timeouts at the gateway.
    this.monitoring.addAlarm(
      new Alarm(this.monitoring, 'ApiServerErrors', {
        alarmDescription: 'Analyst API: requests answered with a 5xx. See the API access log group.',
        metric: api.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 5,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    this.analystApi = api;
    return api;
  }

  /**
   * The web console (issue 9) on S3 + CloudFront, signing in through Cognito managed login,
   * with the analyst API (created here, its CORS limited to the console's origin).
   */
  addWebConsole(): WebConsole {
    if (this.webConsole) return this.webConsole;
    if (this.analystApi)
      throw new Error('addWebConsole() creates the analyst API: call it instead of addAnalystApi()');
    const webConsole = new WebConsole(this, 'WebConsole', { config: this.config });
    const api = this.addAnalystApi({ consoleOrigin: webConsole.origin });
    webConsole.connect({
      apiUrl: api.api.apiEndpoint,
      loginDomain: api.loginDomain as string,
      clientId: api.consoleClient?.userPoolClientId as string,
      uploadBucket: this.intake.bucket,
    });
    new CfnOutput(this, 'ConsoleUrl', { value: webConsole.origin, description: 'The web console' });
    this.webConsole = webConsole;
    return webConsole;
  }
}
