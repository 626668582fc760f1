import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnRoute,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  CfnUserPoolGroup,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULTS, ENV, INDEXES, S3_PREFIXES } from '../functions/adapters/resource-settings.ts';
import { PORT_GROUP_PREFIX, ROLES } from '../functions/api/access.ts';
import { API_ROUTES, type ApiFunctionName, type ApiRouteDefinition } from '../functions/api/route-table.ts';
import type { StageConfig } from './config.ts';
import {
  grantIndexQuery,
  grantItemActions,
  grantReadPrefix,
  grantSendMessages,
  grantWritePrefix,
} from './constructs/grants.ts';
import { PipelineFunction } from './constructs/pipeline-function.ts';

export interface AnalystApiProps {
  /** The single table (manifest records + flagged containers). */
  readonly table: ITable;
  /** The pipeline bucket: uploads go to `incoming/`, reports are read from `reports/`. */
  readonly bucket: IBucket;
  /** The customer-managed key of the table and (unless `bucketKey` is given) of the bucket. */
  readonly key: IKey;
  readonly bucketKey?: IKey;
  /** The intake queue: a resume request goes there for the ingest function to re-queue the missing chunks. */
  readonly intakeQueue: IQueue;
  readonly config: StageConfig;
  /** Port groups to create now (`port:NLRTM`); more can be added later with `aws cognito-idp create-group`. */
  readonly ports?: readonly string[];
  /** Largest manifest an upload URL is signed for (bytes). */
  readonly maxUploadBytes?: number;
  /**
   * Browser origins allowed to call the API (a web front end); none by default: the CLI and
   * server-side clients need no CORS.
   */
  readonly corsOrigins?: readonly string[];
  /**
   * The web console's origin (`https://d123.cloudfront.net`): adds its Cognito app client
   * (managed login, authorization code with PKCE) and the user pool domain, and limits the
   * API's CORS to that origin.
   */
  readonly consoleOrigin?: string;
  /** Steady-state requests per second and burst for the whole API. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/** Function settings per group of routes: each group gets only the grants its routes need. */
const FUNCTIONS: Record<ApiFunctionName, { description: string; memorySize: number }> = {
  query: {
    description: 'Analyst API: manifests, flagged containers, statistics (read-only)',
    memorySize: 512,
  },
  decide: { description: 'Analyst API: record decisions on flagged containers', memorySize: 256 },
  upload: { description: 'Analyst API: presigned manifest uploads', memorySize: 256 },
  resume: { description: 'Analyst API: resume an unfinished manifest (admin)', memorySize: 256 },
  openapi: { description: 'Analyst API: the public OpenAPI document', memorySize: 128 },
  lists: { description: 'Analyst API: the watchlists and their refresh status (read-only)', memorySize: 256 },
  clearances: { description: 'Analyst API: clearances of watchlist hits (not this entry)', memorySize: 256 },
};

/**
 * The analyst and officer HTTP API: a Cognito user pool (groups officer, analyst, admin and
 * one `port:{LOCODE}` group per port), a JWT authorizer on every route except the OpenAPI
 * document, and one least-privilege function per group of routes, all from the route table
 * in functions/api/route-table.ts.
 */
export class AnalystApi extends Construct {
  readonly api: HttpApi;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly authorizer: HttpJwtAuthorizer;
  /** With `consoleOrigin`: the console's app client and the managed login's base URL. */
  readonly consoleClient?: UserPoolClient;
  readonly loginDomain?: string;
  readonly accessLogs: LogGroup;
  readonly functions: Record<ApiFunctionName, PipelineFunction>;

  constructor(scope: Construct, id: string, props: AnalystApiProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const bucketKey = props.bucketKey ?? props.key;

    this.userPool = new UserPool(this, 'Users', {
      userPoolName: `pcu-targeting-${config.stage}`,
      // Accounts are created by an administrator for the officers and analysts of a PCU.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Optional so a PCU without smartphones can still sign in; TOTP only (no SMS costs or SIM swaps).
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: config.retainData,
      removalPolicy,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional by design: some Port Control Units have no phones for officers; TOTP is offered to every user, threat protection (PLUS plan, full function) blocks risky sign-ins, and the password policy is strong.',
    });

    this.userPoolClient = this.userPool.addClient('Cli', {
      userPoolClientName: 'pcu-cli',
      // A public client (CLI, browser): no client secret to leak. SRP for apps; USER_PASSWORD_AUTH
      // (over TLS) so `aws cognito-idp initiate-auth` works for people at a terminal.
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      // No hosted UI or redirects: nothing signs in through a browser callback.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });

    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: GROUP_DESCRIPTIONS[role],
      });
    }
    for (const port of props.ports ?? []) {
      new CfnUserPoolGroup(this, `Group-port-${port}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: `${PORT_GROUP_PREFIX}${port}`,
        description: `Sees the manifests and flagged containers of ${port}`,
      });
    }

    if (props.consoleOrigin) {
      // A public browser client: no secret; code flow only (the console sends a PKCE challenge).
      this.consoleClient = this.userPool.addClient('Console', {
        userPoolClientName: 'pcu-console',
        generateSecret: false,
        authFlows: {},
        oAuth: {
          flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
          scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
          callbackUrls: [`${props.consoleOrigin}/`],
          logoutUrls: [`${props.consoleOrigin}/`],
        },
        supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
        preventUserExistenceErrors: true,
        accessTokenValidity: Duration.hours(1),
        idTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.hours(12),
        enableTokenRevocation: true,
      });
      const domain = this.userPool.addDomain('Login', {
        cognitoDomain: { domainPrefix: `pcu-targeting-${config.stage}-${stack.account}` },
        managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
      });
      new CfnManagedLoginBranding(this, 'LoginBranding', {
        userPoolId: this.userPool.userPoolId,
        clientId: this.consoleClient.userPoolClientId,
        useCognitoProvidedValues: true,
      });
      this.loginDomain = domain.baseUrl();
    }

    const issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    this.authorizer = new HttpJwtAuthorizer('CognitoJwt', issuer, {
      jwtAudience: [
        this.userPoolClient.userPoolClientId,
        ...(this.consoleClient ? [this.consoleClient.userPoolClientId] : []),
      ],
      identitySource: ['$request.header.Authorization'],
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetentionDays, removalPolicy });
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    const corsOrigins = props.consoleOrigin ? [props.consoleOrigin] : (props.corsOrigins ?? []);
    this.api = new HttpApi(this, 'Api', {
      apiName: `pcu-targeting-${config.stage}`,
      description: `PCU Targeting (${config.stage}): analyst and officer API`,
      createDefaultStage: false,
      ...(corsOrigins.length > 0 && {
        corsPreflight: {
          allowOrigins: [...corsOrigins],
          allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PATCH],
          allowHeaders: ['authorization', 'content-type', 'if-match'],
          exposeHeaders: ['etag'],
          maxAge: Duration.hours(1),
        },
      }),
    });
    this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // Who called what and the outcome; never bodies, query strings or tokens.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            sub: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    const environment = {
      [ENV.tableName]: props.table.tableName,
      [ENV.bucketName]: props.bucket.bucketName,
      [ENV.maxManifestBytes]: String(props.maxUploadBytes ?? DEFAULTS.maxManifestBytes),
    };
    const make = (name: ApiFunctionName) =>
      new PipelineFunction(this, `${name[0]?.toUpperCase()}${name.slice(1)}Function`, {
        entry: `functions/api/${name}-handler.ts`,
        description: FUNCTIONS[name].description,
        serviceName: `api-${name}`,
        timeout: Duration.seconds(10),
        memorySize: FUNCTIONS[name].memorySize,
        environment,
        config,
      });
    this.functions = {
      query: make('query'),
      decide: make('decide'),
      upload: make('upload'),
      resume: make('resume'),
      openapi: make('openapi'),
      lists: make('lists'),
      clearances: make('clearances'),
    };

    // query: read items, query one manifest's partition (its inspection list) and the indexes
    // the listings use; presign/read validation reports.
    grantItemActions(this.functions.query, props.table, props.key, ['GetItem', 'BatchGetItem', 'Query']);
    grantIndexQuery(this.functions.query, props.table, props.key, [
      INDEXES.byPortDate.indexName,
      INDEXES.byPortStatus.indexName,
      INDEXES.byPortScore.indexName,
      INDEXES.byContainer.indexName,
      INDEXES.bySearchTerm.indexName,
    ]);
    grantReadPrefix(this.functions.query, props.bucket, bucketKey, S3_PREFIXES.reports);
    // decide: read the item, then the conditional update.
    grantItemActions(this.functions.decide, props.table, props.key, ['GetItem', 'UpdateItem']);
    // upload: the presigned PUT carries this role's permission, limited to incoming/.
    grantWritePrefix(this.functions.upload, props.bucket, bucketKey, S3_PREFIXES.incoming);
    // resume: the conditional update of the manifest record, then a message to the intake queue.
    grantItemActions(this.functions.resume, props.table, props.key, ['GetItem', 'UpdateItem']);
    grantSendMessages(this.functions.resume, props.intakeQueue);
    this.functions.resume.lambda.addEnvironment(ENV.intakeQueueUrl, props.intakeQueue.queueUrl);
    // lists: the snapshot pointer, the live snapshot's header line and the list status, all under config/.
    grantReadPrefix(this.functions.lists, props.bucket, bucketKey, S3_PREFIXES.config);
    // clearances: read the flag a hit is cleared from; create clearances and audit entries
    // (conditional puts), revoke (conditional update), list a port's partition.
    grantItemActions(this.functions.clearances, props.table, props.key, [
      'GetItem',
      'PutItem',
      'UpdateItem',
      'Query',
    ]);

    for (const route of API_ROUTES as readonly ApiRouteDefinition[]) {
      const fn = this.functions[route.function];
      const routes = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.operationId}Integration`, fn.lambda),
        ...(route.public ? {} : { authorizer: this.authorizer as IHttpRouteAuthorizer }),
      });
      if (route.public) {
        for (const r of routes) {
          const cfn = r.node.defaultChild;
          if (cfn instanceof CfnRoute) {
            Validations.of(r).acknowledge({
              id: 'AwsSolutions-APIG4',
              reason:
                'GET /openapi.json is public on purpose: it is the API contract (also committed in the open-source repository), holds no data and no port names, and clients need it before signing in.',
            });
          }
        }
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'pcu --api URL' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }
}

const GROUP_DESCRIPTIONS: Record<(typeof ROLES)[number], string> = {
  officer: 'Uploads manifests and records inspection outcomes (inspected-clear, inspected-seizure)',
  analyst: 'Uploads manifests, triages flagged containers (assigned, released, open), reads statistics',
  admin: 'Every port and every action (add port:{LOCODE} groups to give others ports)',
};
