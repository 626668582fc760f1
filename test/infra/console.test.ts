/**
 * The web console on AWS: a private bucket behind CloudFront with origin access control,
 * HTTPS only, security headers (CSP without inline script, HSTS, no framing), Cognito
 * managed login with a public code-flow client, and the API's CORS limited to the console.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../console/build.ts';
import { synthStage } from './synth-stage.ts';

type Synth = ReturnType<typeof synthStage>;
let dev: Synth;
let prod: Synth;
let template: Template;

const resources = (t: Template, type: string) =>
  Object.values(t.findResources(type)) as { Properties: Record<string, any> }[];

beforeAll(async () => {
  await ensureConsoleBuilt();
  dev = synthStage('dev', {}, (stack) => stack.addWebConsole());
  prod = synthStage('prod', {}, (stack) => stack.addWebConsole());
  template = dev.template;
}, 120_000);

describe('web console hosting', () => {
  it('serves a private bucket only through CloudFront with origin access control, HTTPS only', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', Compress: true }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
        CustomErrorResponses: [
          Match.objectLike({ ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html' }),
          Match.objectLike({ ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html' }),
        ],
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
      }),
    });
    const consoleBucketPolicy = resources(template, 'AWS::S3::BucketPolicy').find((p) =>
      JSON.stringify(p.Properties).includes('cloudfront.amazonaws.com'),
    );
    const statements = consoleBucketPolicy?.Properties.PolicyDocument.Statement as any[];
    const read = statements.find((s) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(read.Action).toBe('s3:GetObject');
    expect(JSON.stringify(read.Condition)).toContain('AWS:SourceArn');
    expect(
      statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('SecureTransport')),
    ).toBe(true);
  });

  it('sends a CSP without inline script, HSTS and frame-ancestors none', () => {
    const [policy] = resources(template, 'AWS::CloudFront::ResponseHeadersPolicy');
    const headers = policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 730 * 86400,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(headers.FrameOptions.FrameOption).toBe('DENY');
  });

  it('signs in through Cognito managed login with a public authorization-code client', () => {
    const clients = resources(template, 'AWS::Cognito::UserPoolClient');
    const console = clients.find((c) => c.Properties.ClientName === 'pcu-console');
    expect(console?.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: expect.arrayContaining(['openid']),
    });
    expect(JSON.stringify(console?.Properties.CallbackURLs)).toMatch(
      /WebConsoleDistribution\w*","DomainName"/,
    );
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
    // The API accepts the console's tokens, and only the console's origin in a browser.
    const [authorizer] = resources(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer?.Properties.JwtConfiguration.Audience).toHaveLength(2);
    const [api] = resources(template, 'AWS::ApiGatewayV2::Api');
    expect(api?.Properties.CorsConfiguration.AllowOrigins).toHaveLength(1);
    expect(JSON.stringify(api?.Properties.CorsConfiguration.AllowOrigins)).toMatch(
      /WebConsoleDistribution\w*","DomainName"/,
    );
  });

  it('deploys the build with its config.json, and lets the console PUT presigned uploads', () => {
    template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const uploads = resources(template, 'AWS::S3::Bucket').find((b) => b.Properties.CorsConfiguration);
    expect(uploads?.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({ AllowedMethods: ['PUT'], AllowedOrigins: [expect.anything()] }),
    ]);
    template.hasOutput('ConsoleUrl', { Value: Match.anyValue() });
  });
});

describe('cdk-nag AwsSolutions with the web console', () => {
  it.each([
    ['dev', () => dev],
    ['prod', () => prod],
  ] as const)('finds nothing unacknowledged in %s', (_stage, synthesized) => {
    const report = new AwsSolutionsChecks().validateScope(synthesized().app);
    const findings = report.violations.map(
      (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });
});
