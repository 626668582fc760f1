import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, ENV, INDEXES } from '../../functions/adapters/pipeline-resources.ts';
import type { PipelineStack } from '../../infra/pipeline-stack.ts';
import { logicalId, synthStage } from './synth-stage.ts';

type Cfn = any;

let synth: ReturnType<typeof synthStage>;
beforeAll(() => {
  synth = synthStage('prod', {
    ports: 'NLRTM,BEANR',
    listSourceUrl: 'https://lists.example.org/mirror/',
    rescreenDays: '14',
  });
});

function statementsOf(stack: PipelineStack, template: Template): Cfn[] {
  const role = logicalId(stack, stack.listRefresh.refresher.role);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: Cfn) => JSON.stringify(p.Properties.Roles).includes(role))
    .flatMap((p: Cfn) => p.Properties.PolicyDocument.Statement);
}

describe('list refresh', () => {
  it('runs on a schedule with the ports, the days and the mirror of the stage', () => {
    const { template, stack } = synth;
    const fn =
      template.findResources('AWS::Lambda::Function')[logicalId(stack, stack.listRefresh.refresher.lambda)];
    const env = fn?.Properties.Environment.Variables;
    expect(env[ENV.ports]).toBe('NLRTM,BEANR');
    expect(env[ENV.rescreenDays]).toBe('14');
    expect(env[ENV.listSourceUrl]).toBe('https://lists.example.org/mirror/');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: `rate(${DEFAULTS.listRefreshHours} hours)`,
    });
  });

  it('may read and write config/, read the uploads, query two indexes, read and update items, and nothing else', () => {
    const { template, stack } = synth;
    const statements = statementsOf(stack, template);
    const s3 = (action: string) =>
      statements
        .filter((s) => [s.Action].flat().includes(action))
        .flatMap((s) => [s.Resource].flat())
        .map((r) => r['Fn::Join']?.[1]?.[1])
        .sort();
    expect(s3('s3:GetObject')).toEqual(['/config/*', '/incoming/*']);
    expect(s3('s3:PutObject')).toEqual(['/config/*']);
    const dynamo = statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('dynamodb:'));
    expect([...new Set(dynamo)].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    const text = JSON.stringify(statements);
    expect(text).toContain(`/index/${INDEXES.byPortDate.indexName}`);
    expect(text).toContain(`/index/${INDEXES.byPortStatus.indexName}`);
  });

  it('alarms on the first list refused or not downloadable, to the stage alarm topic', () => {
    const { template, stack } = synth;
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((a: Cfn) =>
      JSON.stringify(a.Properties.Metrics ?? []).includes('ListRefreshFailed'),
    ) as Cfn;
    expect(alarm?.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: logicalId(stack, stack.monitoring.alarmTopic) }],
    });
    expect(alarm.Properties.Metrics[0].MetricStat.Metric.Dimensions).toEqual([
      { Name: 'service', Value: 'list-refresh' },
    ]);
  });
});
