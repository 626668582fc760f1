import { type CfnElement, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CONSOLE_DIST } from '../../console/build.ts';
import type { StageConfig } from '../config.ts';

export interface WebConsoleProps {
  readonly config: StageConfig;
}

/**
 * The web console on AWS: its static build in a private bucket, served only through
 * CloudFront with origin access control, HTTPS only, with the security headers the local
 * stack sends too (a CSP without inline script, HSTS, frame-ancestors 'none'). `connect()`
 * deploys the build with the `/config.json` that points it at the API and the Cognito
 * managed login, and lets the console's origin PUT to the upload bucket.
 */
export class WebConsole extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  /** `https://d1234.cloudfront.net`: the console's origin (API CORS, Cognito callback). */
  readonly origin: string;
  private readonly config: StageConfig;

  constructor(scope: Construct, id: string, props: WebConsoleProps) {
    super(scope, id);
    this.config = props.config;
    const removalPolicy = props.config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // CloudFront standard logs need ACLs on their bucket; nothing else is written there.
    this.logBucket = new Bucket(this, 'LogBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(props.config.logRetentionDays) }],
      removalPolicy,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket of the console (CloudFront and S3 logs): logging it into itself would loop.',
    });

    this.bucket = new Bucket(this, 'Bucket', {
      // The build is public code (this repository) and holds no data: S3-managed keys suffice.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      removalPolicy,
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `PCU Targeting (${props.config.stage}): web console`,
      defaultRootObject: 'index.html',
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        compress: true,
        responseHeadersPolicy: this.headersPolicy(),
      },
      // The console routes in the browser: a deep link (/flag/...) gets index.html.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: Port Control Units work in many countries (Kazakhstan, Ecuador, West Africa ...) and travel; access is controlled by Cognito sign-in and the API, not by location.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves only the static console (public code, no data); the data is behind the API, which is throttled and authorised per port. A WAF web ACL can be attached per deployment where the cost is justified.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate does not allow a minimum TLS version; viewers are redirected to HTTPS. A deployment with its own domain sets a certificate and TLSv1.2_2021.',
      },
    );
  }

  private headersPolicy(): ResponseHeadersPolicy {
    const region = Stack.of(this).region;
    const suffix = Stack.of(this).urlSuffix;
    return new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'PCU Targeting console: CSP without inline script, HSTS, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            // The API, the presigned PUT to the upload bucket, the Cognito token endpoint.
            `connect-src 'self' https://*.execute-api.${region}.${suffix} https://*.s3.${region}.${suffix} https://*.auth.${region}.amazoncognito.com`,
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'",
          ].join('; '),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
  }

  /**
   * Deploys the build and its `/config.json` (API URL, Cognito managed login), and lets the
   * console's origin PUT presigned uploads to `uploadBucket`.
   */
  connect(props: {
    apiUrl: string;
    loginDomain: string;
    clientId: string;
    uploadBucket: Bucket;
  }): BucketDeployment {
    props.uploadBucket.addCorsRule({
      allowedOrigins: [this.origin],
      allowedMethods: [HttpMethods.PUT],
      allowedHeaders: ['*'],
      exposedHeaders: ['ETag'],
      maxAge: 3000,
    });
    const deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(CONSOLE_DIST),
        Source.jsonData('config.json', {
          auth: 'cognito',
          apiUrl: props.apiUrl,
          loginDomain: props.loginDomain,
          clientId: props.clientId,
          redirectUri: `${this.origin}/`,
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      prune: true,
      memoryLimit: 256,
    });
    // The provider function is one per stack, beside this construct, not inside it; cdk-nag
    // reports each wildcard as its own finding, acknowledged one by one.
    const stack = Stack.of(this);
    const provider = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    const token = (value: string, name: string) => (Token.isUnresolved(value) ? `<AWS::${name}>` : value);
    const bucketId = stack.resolve(stack.getLogicalId(this.bucket.node.defaultChild as CfnElement)) as string;
    const assets = `cdk-hnb659fds-assets-${token(stack.account, 'AccountId')}-${token(stack.region, 'Region')}/*`;
    const wildcards = [
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Resource::*',
      `Resource::<${bucketId}.Arn>/*`,
      `Resource::arn:aws:s3:::${assets}`,
      `Resource::arn:<AWS::Partition>:s3:::${assets}`,
    ];
    Validations.of(provider ?? deployment).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's BucketDeployment provider uses AWSLambdaBasicExecutionRole for its own logs only; it runs at deploy time.",
      },
      ...wildcards.map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          "CDK's BucketDeployment provider copies the build from the CDK asset bucket into the console bucket (objects of those two buckets only) and invalidates the distribution (CloudFront invalidations take no resource ARN).",
      })),
      {
        id: 'AwsSolutions-L1',
        reason:
          "The runtime of CDK's BucketDeployment provider is chosen by aws-cdk-lib and upgraded with it.",
      },
    );
    return deployment;
  }
}
