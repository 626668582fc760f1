import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  INDEXES,
  INGEST_HEAP_MB,
  indexProjection,
  QUEUES,
  TTL_ATTRIBUTE,
} from '../../functions/adapters/pipeline-resources.ts';
import type { PipelineStack } from '../../infra/pipeline-stack.ts';
import { FAKE_SNAPSHOT_VERSION, logicalId, synthStage } from './synth-stage.ts';

type Cfn = any;

type Resource = { Type: string; Properties: Record<string, Cfn>; DeletionPolicy?: string };

function resources(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

const getAtt = (id: string, attr = 'Arn') => ({ 'Fn::GetAtt': [id, attr] });

const ON_CALL_TOPIC = 'arn:aws:sns:eu-west-1:111122223333:on-call';

// One synth per stage for the whole file: synthesis is the slow part.
let dev: ReturnType<typeof synthStage>;
let prod: ReturnType<typeof synthStage>;
beforeAll(() => {
  dev = synthStage('dev');
  prod = synthStage('prod', { alarmEmail: 'pcu-ops@example.org', alarmTopicArn: ON_CALL_TOPIC });
});

describe('intake: upload -> notification -> intake queue -> ingest', () => {
  it('notifies the intake queue of every object created under incoming/ and nowhere else', () => {
    const { template, stack } = dev;
    const notifications = Object.values(resources(template, 'Custom::S3BucketNotifications'));
    expect(notifications).toHaveLength(1);
    const config = notifications[0]!.Properties.NotificationConfiguration;
    expect(config).toEqual({
      QueueConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
          QueueArn: getAtt(logicalId(stack, stack.intake.intakeQueue.queue)),
        },
      ],
    });
    expect(notifications[0]!.Properties.BucketName).toEqual({ Ref: logicalId(stack, stack.intake.bucket) });
  });

  it('lets only this bucket send to the intake queue', () => {
    const { template, stack } = dev;
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(stack, stack.intake.intakeQueue.queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['sqs:SendMessage']),
            Principal: { Service: 's3.amazonaws.com' },
            Condition: { ArnLike: { 'aws:SourceArn': getAtt(logicalId(stack, stack.intake.bucket)) } },
          }),
        ]),
      },
    });
  });

  it('triggers ingest from the intake queue and profile from the profiling queue, with partial batch responses', () => {
    const { template, stack } = dev;
    const mappings = Object.values(resources(template, 'AWS::Lambda::EventSourceMapping')).map(
      (m) => m.Properties,
    );
    const byQueue = (queue: Cfn) =>
      mappings.find(
        (m) => JSON.stringify(m.EventSourceArn) === JSON.stringify(getAtt(logicalId(stack, queue))),
      );
    const ingest = byQueue(stack.intake.intakeQueue.queue);
    const profile = byQueue(stack.profiling.profilingQueue.queue);
    expect(ingest?.FunctionName).toEqual({ Ref: logicalId(stack, stack.intake.ingest.lambda) });
    expect(profile?.FunctionName).toEqual({ Ref: logicalId(stack, stack.profiling.profile.lambda) });
    expect(profile?.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(ingest?.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(profile?.BatchSize).toBe(QUEUES.profiling.batchSize);
    expect(ingest?.BatchSize).toBe(QUEUES.intake.batchSize);
    expect(profile?.ScalingConfig?.MaximumConcurrency).toBeGreaterThanOrEqual(2);
    expect(mappings).toHaveLength(2);
  });

  it('gives the ingest function the profiling queue, bucket and table it writes to', () => {
    const { template, stack } = dev;
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('ingest'),
      Environment: {
        Variables: Match.objectLike({
          PROFILING_QUEUE_URL: { Ref: logicalId(stack, stack.profiling.profilingQueue.queue) },
          BUCKET_NAME: { Ref: logicalId(stack, stack.intake.bucket) },
          TABLE_NAME: { Ref: logicalId(stack, stack.flaggedStore.table) },
          RETENTION_DAYS: String(stack.config.dataRetentionDays),
          // The heap limit the per-format size caps were measured with.
          NODE_OPTIONS: `--enable-source-maps --max-old-space-size=${INGEST_HEAP_MB}`,
        }),
      },
    });
  });
});

describe('queues', () => {
  const workQueues = (stack: PipelineStack) => [
    { name: 'intake', work: stack.intake.intakeQueue, fn: stack.intake.ingest.lambda },
    { name: 'profiling', work: stack.profiling.profilingQueue, fn: stack.profiling.profile.lambda },
  ];

  it('dead-letters a message after 5 failed receives, on every work queue', () => {
    const { template, stack } = dev;
    const queues = resources(template, 'AWS::SQS::Queue');
    for (const { work } of workQueues(stack)) {
      const queue = queues[logicalId(stack, work.queue)]!;
      expect(queue.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: getAtt(logicalId(stack, work.deadLetterQueue)),
        maxReceiveCount: 5,
      });
    }
    // Two work queues + their two DLQs, and nothing else.
    expect(Object.keys(queues)).toHaveLength(4);
  });

  it('keeps a message invisible for at least 6x its consumer timeout', () => {
    const { template, stack } = dev;
    const queues = resources(template, 'AWS::SQS::Queue');
    const functions = resources(template, 'AWS::Lambda::Function');
    for (const { work, fn } of workQueues(stack)) {
      const visibility = queues[logicalId(stack, work.queue)]!.Properties.VisibilityTimeout;
      const timeout = functions[logicalId(stack, fn)]!.Properties.Timeout;
      expect(timeout).toBeGreaterThan(0);
      expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
    }
  });

  it('encrypts every queue with a customer-managed key and refuses plain HTTP', () => {
    const { template, stack } = dev;
    for (const [id, queue] of Object.entries(resources(template, 'AWS::SQS::Queue'))) {
      expect(queue.Properties.KmsMasterKeyId, id).toEqual(getAtt(logicalId(stack, stack.queueKey)));
    }
    const policies = Object.values(resources(template, 'AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});

describe('pipeline bucket', () => {
  it('is KMS-encrypted with a rotating customer key, versioned, private and logged', () => {
    const { template, stack } = dev;
    const bucket = resources(template, 'AWS::S3::Bucket')[logicalId(stack, stack.intake.bucket)]!.Properties;
    expect(
      bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
    ).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: getAtt(logicalId(stack, stack.dataKey)),
    });
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.LoggingConfiguration.DestinationBucketName).toEqual({
      Ref: logicalId(stack, stack.intake.accessLogBucket),
    });
    for (const key of Object.values(resources(template, 'AWS::KMS::Key'))) {
      expect(key.Properties.EnableKeyRotation).toBe(true);
    }
  });

  it('refuses requests without TLS, on the pipeline and the access-log bucket', () => {
    const { template } = dev;
    const policies = Object.values(resources(template, 'AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('expires uploads, chunks and reports by prefix, and old versions everywhere', () => {
    const { template, stack } = prod;
    const rules: Cfn[] = resources(template, 'AWS::S3::Bucket')[logicalId(stack, stack.intake.bucket)]!
      .Properties.LifecycleConfiguration.Rules;
    const byPrefix = (prefix: string) => rules.find((r) => r.Prefix === prefix);
    expect(byPrefix('incoming/')).toMatchObject({
      Status: 'Enabled',
      ExpirationInDays: stack.config.incomingRetentionDays,
    });
    expect(byPrefix('chunks/')).toMatchObject({
      Status: 'Enabled',
      ExpirationInDays: stack.config.chunkRetentionDays,
    });
    expect(byPrefix('reports/')).toMatchObject({ ExpirationInDays: stack.config.dataRetentionDays });
    expect(byPrefix('config/')).toBeUndefined();
    const noncurrent = rules.find((r) => r.NoncurrentVersionExpiration);
    expect(noncurrent.Prefix).toBeUndefined();
    expect(noncurrent.NoncurrentVersionExpiration.NoncurrentDays).toBe(
      stack.config.noncurrentVersionRetentionDays,
    );
  });
});

describe('flagged store', () => {
  it('is on-demand, KMS-encrypted, point-in-time recoverable, with TTL and the shared key design', () => {
    const { template, stack } = dev;
    const tables = Object.values(resources(template, 'AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(1);
    const table = tables[0]!.Properties;
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: getAtt(logicalId(stack, stack.dataKey)),
    });
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(table.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    const indexes = Object.fromEntries(table.GlobalSecondaryIndexes.map((i: Cfn) => [i.IndexName, i]));
    expect(Object.keys(indexes).sort()).toEqual(
      Object.values(INDEXES)
        .map((i) => i.indexName)
        .sort(),
    );
    for (const index of Object.values(INDEXES)) {
      expect(indexes[index.indexName].KeySchema).toEqual([
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ]);
      expect(indexes[index.indexName].Projection).toEqual(indexProjection(index));
    }
    // The flag lists read summaries: no index holds the stored consignment or the decisions.
    for (const list of [INDEXES.byPortDate, INDEXES.byPortStatus, INDEXES.byPortScore]) {
      expect(indexes[list.indexName].Projection.ProjectionType).toBe('INCLUDE');
      expect(indexes[list.indexName].Projection.NonKeyAttributes).not.toContain('consignment');
      expect(indexes[list.indexName].Projection.NonKeyAttributes).not.toContain('decisionHistory');
    }
  });
});

describe('monitoring', () => {
  /** Alarms as { metric, threshold, ... } whichever form CDK rendered (plain or MetricStat). */
  const alarms = (template: Template) =>
    Object.values(resources(template, 'AWS::CloudWatch::Alarm')).map((a) => {
      const p = a.Properties;
      const metric = p.MetricName
        ? { MetricName: p.MetricName, Namespace: p.Namespace, Dimensions: p.Dimensions }
        : p.Metrics.find((m: Cfn) => m.MetricStat).MetricStat.Metric;
      return { ...p, ...metric };
    });
  const dimensionRef = (alarm: Cfn) => JSON.stringify(alarm.Dimensions?.[0]?.Value);

  it('alarms on the first message in each dead-letter queue', () => {
    const { template, stack } = dev;
    for (const dlq of [
      stack.intake.intakeQueue.deadLetterQueue,
      stack.profiling.profilingQueue.deadLetterQueue,
    ]) {
      const alarm = alarms(template).find(
        (a) =>
          a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          dimensionRef(a) === JSON.stringify(getAtt(logicalId(stack, dlq), 'QueueName')),
      );
      expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    }
  });

  it('alarms when the oldest message of the intake or profiling queue waits too long', () => {
    const { template, stack } = dev;
    const expected = [
      [stack.intake.intakeQueue.queue, stack.config.intakeMaxAgeMinutes],
      [stack.profiling.profilingQueue.queue, stack.config.profilingMaxAgeMinutes],
    ] as const;
    for (const [queue, minutes] of expected) {
      const alarm = alarms(template).find(
        (a) =>
          a.MetricName === 'ApproximateAgeOfOldestMessage' &&
          dimensionRef(a) === JSON.stringify(getAtt(logicalId(stack, queue), 'QueueName')),
      );
      expect(alarm?.Threshold).toBe(minutes * 60);
    }
  });

  it('alarms on Cfn error of the ingest and profile functions', () => {
    const { template, stack } = dev;
    for (const fn of [stack.intake.ingest.lambda, stack.profiling.profile.lambda]) {
      const alarm = alarms(template).find(
        (a) => a.MetricName === 'Errors' && dimensionRef(a) === JSON.stringify({ Ref: logicalId(stack, fn) }),
      );
      expect(alarm).toMatchObject({ Threshold: 1, Namespace: 'AWS/Lambda' });
    }
  });

  it('alarms while a manifest is stalled, on the gauge the scheduled stall detector emits', () => {
    const { template, stack } = dev;
    const alarm = alarms(template).find((a) => a.MetricName === 'ManifestsStalled');
    expect(alarm).toMatchObject({
      Namespace: 'PcuTargeting',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [{ Name: 'service', Value: 'stall-detector' }],
    });
    expect(JSON.stringify(alarm)).toContain('Maximum');
    const detector = logicalId(stack, stack.stallDetector.detector.lambda);
    const rules = Object.values(resources(template, 'AWS::Events::Rule'));
    expect(rules).toContainEqual(
      expect.objectContaining({
        Properties: expect.objectContaining({
          ScheduleExpression: 'rate(5 minutes)',
          Targets: [expect.objectContaining({ Arn: getAtt(detector, 'Arn') })],
        }),
      }),
    );
  });

  it('alarms when an upload is recorded as INGEST_FAILED, by the ingest or by the stall detector', () => {
    const { template } = dev;
    const alarm = Object.values(resources(template, 'AWS::CloudWatch::Alarm')).find((a) =>
      JSON.stringify(a.Properties.Metrics ?? []).includes('UploadsFailed'),
    )?.Properties;
    expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    const services = ((alarm?.Metrics ?? []) as Cfn[])
      .filter((m) => m.MetricStat)
      .map((m) => [m.MetricStat.Metric.MetricName, m.MetricStat.Metric.Dimensions[0].Value]);
    expect(services).toEqual([
      ['UploadsFailed', 'ingest'],
      ['UploadsFailed', 'stall-detector'],
    ]);
    expect(alarm?.Metrics.find((m: Cfn) => m.Expression)?.Expression).toBe('FILL(m0, 0) + FILL(m1, 0)');
  });

  it('sends every alarm and recovery to the encrypted alarm topic, mailed to the configured address', () => {
    const { template, stack } = prod;
    const topicRef = { Ref: logicalId(stack, stack.monitoring.alarmTopic) };
    const all = alarms(template);
    expect(all).toHaveLength(11);
    for (const alarm of all) {
      // The stage's own topic, and the organisation's on-call topic given with -c alarmTopicArn.
      expect(alarm.AlarmActions).toEqual([topicRef, ON_CALL_TOPIC]);
      expect(alarm.OKActions).toEqual([topicRef, ON_CALL_TOPIC]);
    }
    expect(alarms(dev.template)[0]!.AlarmActions).toEqual([
      { Ref: logicalId(dev.stack, dev.stack.monitoring.alarmTopic) },
    ]);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'pcu-ops@example.org',
      TopicArn: topicRef,
    });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('lets CloudWatch use the alarm topic key (otherwise encrypted alarms are silently dropped)', () => {
    const { template } = dev;
    const keys = Object.values(resources(template, 'AWS::KMS::Key'));
    const statements = keys.flatMap((k) => k.Properties.KeyPolicy.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Effect: 'Allow' }),
    );
  });
});

describe('functions', () => {
  it('run Node.js 24 on ARM64 with a log group that expires, and no managed policies', () => {
    const { template, stack } = prod;
    const ours = Object.entries(resources(template, 'AWS::Lambda::Function')).filter(([, f]) =>
      String(f.Properties.Description ?? '').startsWith('PCU Targeting'),
    );
    expect(ours.map(([id]) => id).sort()).toEqual(
      [
        stack.intake.ingest.lambda,
        stack.profiling.profile.lambda,
        stack.defaultConfig.installer.lambda,
        stack.stallDetector.detector.lambda,
        stack.listRefresh.refresher.lambda,
      ]
        .map((f) => logicalId(stack, f))
        .sort(),
    );
    const logGroups = resources(template, 'AWS::Logs::LogGroup');
    const roles = resources(template, 'AWS::IAM::Role');
    for (const [, fn] of ours) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      const logGroup = logGroups[fn.Properties.LoggingConfig.LogGroup.Ref]!;
      expect(logGroup.Properties.RetentionInDays).toBe(stack.config.logRetentionDays);
      const role = roles[fn.Properties.Role['Fn::GetAtt'][0]]!;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  const statementsOf = (stack: PipelineStack, template: Template, role: Cfn) => {
    const policies = Object.values(resources(template, 'AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(logicalId(stack, role)),
    );
    return policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Cfn[]);
  };
  const s3Grants = (statements: Cfn[], action: string) =>
    statements
      .filter((s) => [s.Action].flat().includes(action))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => r['Fn::Join']?.[1]?.[1])
      .sort();

  it('let the stall detector read the unfinished-manifests index and the uploads, write records and reports, and only look into the DLQs', () => {
    const { template, stack } = dev;
    const statements = statementsOf(stack, template, stack.stallDetector.detector.role);
    const actions = statements.flatMap((st) => [st.Action].flat()).filter((a) => a.startsWith('dynamodb:'));
    // BatchWriteItem: the search terms of the manifest records it writes.
    expect(actions.sort()).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(JSON.stringify(statements)).toContain(`/index/${INDEXES.unfinishedManifests.indexName}`);
    // It hashes the uploads in the intake DLQ and writes their INGEST_FAILED reports.
    expect(s3Grants(statements, 's3:GetObject')).toEqual(['/incoming/*']);
    expect(s3Grants(statements, 's3:PutObject')).toEqual(['/reports/*']);
    // It looks into both DLQs and leaves the messages there for operators.
    const sqsActions = statements.flatMap((st) => [st.Action].flat()).filter((a) => a.startsWith('sqs:'));
    expect([...new Set(sqsActions)]).toEqual(['sqs:ReceiveMessage']);
    for (const dlq of [
      stack.profiling.profilingQueue.deadLetterQueue,
      stack.intake.intakeQueue.deadLetterQueue,
    ])
      expect(JSON.stringify(statements)).toContain(JSON.stringify(getAtt(logicalId(stack, dlq))));
    for (const s of statements) for (const action of [s.Action].flat()) expect(action).not.toMatch(/\*/);
  });

  it('grant each function only the prefixes it needs', () => {
    const { template, stack } = dev;
    const ingest = statementsOf(stack, template, stack.intake.ingest.role);
    expect(s3Grants(ingest, 's3:GetObject')).toEqual(['/config/locations.csv', '/incoming/*']);
    expect(s3Grants(ingest, 's3:PutObject')).toEqual(['/chunks/*', '/reports/*']);
    const profile = statementsOf(stack, template, stack.profiling.profile.role);
    expect(s3Grants(profile, 's3:GetObject')).toEqual(['/chunks/*', '/config/*']);
    expect(s3Grants(profile, 's3:PutObject')).toEqual([]);
    const installer = statementsOf(stack, template, stack.defaultConfig.installer.role);
    expect(s3Grants(installer, 's3:PutObject')).toEqual(['/config/current.json', '/config/snapshots/*']);
    expect(s3Grants(installer, 's3:GetObject')).toEqual([]);
    // Nothing anywhere gets a wildcard action.
    for (const s of [...ingest, ...profile, ...installer]) {
      for (const action of [s.Action].flat()) expect(action).not.toMatch(/\*/);
    }
  });

  it('let only ingest send chunks, and never let the pipeline delete flags', () => {
    const { template, stack } = dev;
    const actions = (role: Cfn) => statementsOf(stack, template, role).flatMap((s) => [s.Action].flat());
    expect(actions(stack.intake.ingest.role)).toContain('sqs:SendMessage');
    expect(actions(stack.profiling.profile.role)).not.toContain('sqs:SendMessage');
    for (const role of [stack.intake.ingest.role, stack.profiling.profile.role]) {
      expect(actions(role)).not.toContain('dynamodb:DeleteItem');
      expect(actions(role)).not.toContain('dynamodb:Scan');
    }
  });
});

describe('default configuration', () => {
  it('installs the synth-time snapshot through a custom resource keyed by its version', () => {
    const { template, stack } = dev;
    template.hasResourceProperties('Custom::PcuDefaultConfig', {
      ServiceToken: getAtt(logicalId(stack, stack.defaultConfig.installer.lambda)),
      BucketName: { Ref: logicalId(stack, stack.intake.bucket) },
      Version: FAKE_SNAPSHOT_VERSION,
    });
  });
});

describe('stages', () => {
  it('prod retains the data, queued messages, keys and logs when the stack is deleted', () => {
    const { template } = prod;
    for (const type of [
      'AWS::S3::Bucket',
      'AWS::DynamoDB::Table',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
      'AWS::SQS::Queue',
    ]) {
      for (const [id, resource] of Object.entries(resources(template, type))) {
        expect(resource.DeletionPolicy, `${type} ${id}`).toBe('Retain');
      }
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  it('dev removes everything, emptying its buckets first', () => {
    const { template } = dev;
    for (const type of ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::SQS::Queue']) {
      for (const [id, resource] of Object.entries(resources(template, type))) {
        expect(resource.DeletionPolicy, `${type} ${id}`).toBe('Delete');
      }
    }
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 2);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it.each(['dev', 'prod'] as const)('finds nothing unacknowledged in %s', (stage) => {
    const { app } = stage === 'dev' ? dev : prod;
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.map(
      (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });
});

describe('with the analyst API attached', () => {
  it('puts every API function and the API 5xx rate under alarms, and stays cdk-nag clean', () => {
    const { app, stack, template } = synthStage('dev', {}, (s) => s.addAnalystApi());
    const api = stack.analystApi!;
    const alarmed = Object.values(resources(template, 'AWS::CloudWatch::Alarm')).map((a) =>
      JSON.stringify(a.Properties),
    );
    for (const fn of Object.values(api.functions)) {
      expect(alarmed.some((a) => a.includes('"Errors"') && a.includes(logicalId(stack, fn.lambda)))).toBe(
        true,
      );
    }
    expect(alarmed.some((a) => a.includes('5xx') || a.includes('5XX'))).toBe(true);
    expect(stack.addAnalystApi()).toBe(api);
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});
