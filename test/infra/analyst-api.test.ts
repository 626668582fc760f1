import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { API_ROUTES } from '../../functions/api/route-table.ts';
import { type Stage, stageConfig } from '../../infra/config.ts';
import { PipelineStack } from '../../infra/pipeline-stack.ts';

/** The pipeline stack with the analyst API wired in as the app wires it (bundling skipped). */
function synth(stage: Stage) {
  const dir = mkdtempSync(join(tmpdir(), 'pcu-api-infra-'));
  const file = join(dir, 'snapshot.json');
  writeFileSync(file, '{"format":"pcu-config-snapshot/1"}\n{}');
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const config = stageConfig(stage);
  const stack = new PipelineStack(app, `PcuTargeting-${stage}`, {
    config,
    defaultSnapshot: { version: '0123456789abcdef', file },
    env: { account: '111122223333', region: 'eu-west-1' },
  });
  const api = stack.addAnalystApi({ ports: ['NLRTM', 'BEANR'] });
  return { app, stack, api, template: Template.fromStack(stack) };
}

const dev = synth('dev');
const prod = synth('prod');

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
const resources = (template: Template, type: string) =>
  template.findResources(type) as Record<string, Resource>;

describe('AnalystApi', () => {
  const { template } = dev;

  it('creates exactly the routes of the route table', () => {
    const keys = Object.values(resources(template, 'AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    expect(keys.sort()).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('every route has the JWT authorizer except GET /openapi.json', () => {
    const authorizers = resources(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(Object.values(authorizers)).toHaveLength(1);
    const [authorizerId, authorizer] = Object.entries(authorizers)[0] as [string, Resource];
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [expect.anything()], Issuer: expect.anything() },
    });
    for (const route of Object.values(resources(template, 'AWS::ApiGatewayV2::Route'))) {
      if (route.Properties.RouteKey === 'GET /openapi.json') {
        expect(route.Properties.AuthorizationType).toBe('NONE');
        continue;
      }
      expect(route.Properties.AuthorizationType, String(route.Properties.RouteKey)).toBe('JWT');
      expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    }
  });

  it('the user pool: admin-created accounts, strong passwords, optional TOTP, threat protection, groups', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    const groups = Object.values(resources(template, 'AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['admin', 'analyst', 'officer', 'port:BEANR', 'port:NLRTM']);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']),
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('logs access and throttles the stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('\\$context.requestId'),
      },
    });
  });

  it('one Node.js 24 ARM64 function per route group, each with only its grants', () => {
    const { stack, api } = dev;
    const policyOf = (fn: keyof typeof api.functions) => {
      const roleId = stack.resolve(stack.getLogicalId(api.functions[fn].role.node.defaultChild as never));
      const policies = Object.values(resources(template, 'AWS::IAM::Policy')).filter((p) =>
        (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
      );
      return policies.flatMap(
        (p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
      );
    };
    const actions = (fn: keyof typeof api.functions) =>
      [...new Set(policyOf(fn).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))]
        .filter((a) => !a.startsWith('logs:') && !a.startsWith('kms:'))
        .sort();
    expect(actions('query')).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      's3:GetObject',
    ]);
    // The inspection list queries one manifest's partition of the table itself, not an index.
    const tableQuery = policyOf('query').filter(
      (st) => [st.Action].flat().includes('dynamodb:Query') && !JSON.stringify(st).includes('/index/'),
    );
    expect(tableQuery).toHaveLength(1);
    expect(actions('decide')).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(actions('upload')).toEqual(['s3:AbortMultipartUpload', 's3:PutObject']);
    expect(actions('openapi')).toEqual([]);
    for (const fn of Object.values(api.functions)) {
      const id = stack.resolve(stack.getLogicalId(fn.lambda.node.defaultChild as never));
      const props = (template.toJSON().Resources[id] as Resource).Properties;
      expect(props.Runtime).toBe('nodejs24.x');
      expect(props.Architectures).toEqual(['arm64']);
    }
  });

  it('no CORS unless origins are given', () => {
    const api = Object.values(resources(template, 'AWS::ApiGatewayV2::Api'))[0];
    expect(api?.Properties.CorsConfiguration).toBeUndefined();
  });

  it('prod keeps the user pool when the stack is deleted', () => {
    const pools = Object.values(resources(prod.template, 'AWS::Cognito::UserPool'));
    expect(pools[0]?.DeletionPolicy).toBe('Retain');
    expect(pools[0]?.Properties.DeletionProtection).toBe('ACTIVE');
  });
});

describe('cdk-nag AwsSolutions with the analyst API', () => {
  it.each([
    ['dev', dev],
    ['prod', prod],
  ] as const)('finds nothing unacknowledged in %s', (_stage, synthesized) => {
    const report = new AwsSolutionsChecks().validateScope(synthesized.app);
    const findings = report.violations.map(
      (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings.filter((f) => f.includes('AnalystApi'))).toEqual([]);
  });
});
