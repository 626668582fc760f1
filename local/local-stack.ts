/**
 * The whole pipeline on one machine: emulators, the same resources as the CDK stack, S3
 * notifications, event source mappings for the same ingest and profile handlers, and the
 * HTTP API with a local identity provider. Used by `npm start` and the end-to-end tests.
 */
import { mkdirSync } from 'node:fs';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type PublishResult, publishConfig } from '../cli/commands/publish.ts';
import { CONSOLE_DIST } from '../console/build.ts';
import { ENV, QUEUES } from '../functions/adapters/resource-settings.ts';
import { createSnapshotStore } from '../functions/adapters/snapshot-store.ts';
import type { RefreshReport } from '../functions/refresh/refresh-lists.ts';
import { allowConsoleUploads, consoleFiles } from './console-static.ts';
import type { Emulators } from './emulators.ts';
import { startEmulators } from './emulators.ts';
import { type EventSourceMapping, type SqsHandler, startEventSourceMapping } from './event-source-mapping.ts';
import { type LocalRoute, startHttpApi } from './http-api.ts';
import { createLocalIdentity, demoUsers, type LocalIdentity } from './identity.ts';
import { type LocalResources, provisionResources, type VisibilityOverrides } from './provision.ts';
import { type ResumeOnStartReport, startRecovery } from './resume-on-start.ts';
import { forwardObjectCreated } from './s3-notifications.ts';

// The AWS SDK warns that it will need Node 22 from 2027 (Lambda runs Node 24): keep local output readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface LocalStackOptions {
  /** Persist DynamoDB and S3 here between runs; default: in memory. */
  dataDir?: string;
  /** HTTP API port (0 = any free port). */
  port?: number;
  /** The two demo ports (UN/LOCODEs) whose officers and analysts can sign in. */
  demoPorts?: [string, string];
  /** Powertools log level for the handlers. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Pollers per queue. */
  concurrency?: number;
  /** The web console's static build served at `/` (default console/dist; built by the caller). */
  consoleDir?: string;
  /** Shorter visibility timeouts (seconds), for tests of redelivery and DLQs. */
  visibilityTimeoutSeconds?: VisibilityOverrides;
  /** Minutes without progress after which a manifest is stalled (default as on AWS). */
  stallAfterMinutes?: number;
  /**
   * Milliseconds each profiling message waits before it is handled: a slower Lambda, so a test
   * can stop the stack while a small manifest is still half profiled (default 0).
   */
  profileDelayMs?: number;
}

export interface LocalStack {
  apiUrl: string;
  identity: LocalIdentity;
  resources: LocalResources;
  emulators: Emulators;
  /** Settings for SDK clients that talk to the emulators (what the handlers use too). */
  clientConfig: {
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    endpoints: { s3: string; dynamodb: string; sqs: string };
  };
  /** Publishes watchlists and risk profiles (default: the bundled ones), as `pcu publish` does. */
  publish(options?: { watchlistPaths?: string[]; profilesPath?: string }): Promise<PublishResult>;
  /**
   * Resumes what a previous run with the same data directory left unfinished (once; `publish`
   * calls it when the config is in place). Returns what was resumed.
   */
  resumeUnfinished(): Promise<ResumeOnStartReport>;
  /**
   * One list refresh, as the scheduled Lambda runs it (functions/refresh/): the demo ports'
   * manifests are re-screened. Its status lives in the S3 emulator (the data directory).
   */
  refreshLists(options?: { sourceUrl?: string; days?: number }): Promise<RefreshReport>;
  stop(): Promise<void>;
}

export const DEFAULT_DEMO_PORTS: [string, string] = ['NLRTM', 'ECGYE'];

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const emulators = await startEmulators(options.dataDir ? { dataDir: options.dataDir } : {});
  const stoppers: (() => Promise<void>)[] = [() => emulators.stop()];
  try {
    const resources = await provisionResources(emulators, options.visibilityTimeoutSeconds);
    configureHandlerEnvironment(emulators, resources, options.logLevel ?? 'WARN');

    const sqs = new SQSClient({
      region: emulators.region,
      credentials: emulators.credentials,
      endpoint: emulators.endpoints.sqs,
      useQueueUrlAsEndpoint: false,
    });
    stoppers.unshift(async () => sqs.destroy());
    const reportError = (where: string) => (err: unknown) => {
      console.error(`local stack: ${where}:`, err instanceof Error ? err.message : err);
    };
    emulators.onObjectCreated(
      forwardObjectCreated({
        sqs,
        bucket: resources.bucketName,
        queueUrl: resources.queues.intake.url,
        region: emulators.region,
        onError: reportError('S3 notification'),
      }),
    );

    // The same handler modules as on AWS, loaded after the environment is set.
    const ingest = (await import('../functions/ingest/handler.ts')).handler as unknown as SqsHandler;
    const profileHandler = (await import('../functions/profile/handler.ts')).handler as unknown as SqsHandler;
    const delayMs = options.profileDelayMs ?? 0;
    const profile: SqsHandler =
      delayMs > 0
        ? async (event, context) => {
            await new Promise((resolve) => setTimeout(resolve, delayMs * event.Records.length));
            return profileHandler(event, context);
          }
        : profileHandler;
    const mappings: EventSourceMapping[] = [
      startEventSourceMapping({
        sqs,
        queueUrl: resources.queues.intake.url,
        queueArn: resources.queues.intake.arn,
        functionName: 'pcu-local-ingest',
        handler: ingest,
        batchSize: QUEUES.intake.batchSize,
        visibilityTimeoutSeconds: resources.queues.intake.visibilityTimeoutSeconds,
        concurrency: 1,
        region: emulators.region,
        onError: reportError('ingest poller'),
      }),
      startEventSourceMapping({
        sqs,
        queueUrl: resources.queues.profiling.url,
        queueArn: resources.queues.profiling.arn,
        functionName: 'pcu-local-profile',
        handler: profile,
        batchSize: QUEUES.profiling.batchSize,
        visibilityTimeoutSeconds: resources.queues.profiling.visibilityTimeoutSeconds,
        concurrency: options.concurrency ?? 2,
        region: emulators.region,
        onError: reportError('profile poller'),
      }),
    ];
    stoppers.unshift(async () => {
      await Promise.all(mappings.map((m) => m.stop()));
    });
    // In-flight work survives a restart: unfinished manifests are resumed (local/resume-on-start.ts).
    const recovery = await startRecovery({
      ...emulators,
      sqs,
      table: resources.tableName,
      bucket: resources.bucketName,
      intakeQueueUrl: resources.queues.intake.url,
      profilingDlqUrl: resources.queues.profiling.dlqUrl,
      intakeDlqUrl: resources.queues.intake.dlqUrl,
      resumeUnfinished: options.dataDir !== undefined,
      ...(options.stallAfterMinutes !== undefined && { stallAfterMinutes: options.stallAfterMinutes }),
      onError: reportError('stall detector'),
    });
    stoppers.unshift(() => recovery.stop());

    const identity = await createLocalIdentity({
      users: demoUsers(options.demoPorts ?? DEFAULT_DEMO_PORTS),
      ...(options.dataDir && { dataDir: options.dataDir }),
    });
    const routes = await loadApiRoutes();
    const consoleDir = options.consoleDir ?? CONSOLE_DIST;
    const api = await startHttpApi({
      routes,
      fallback: consoleFiles({ dir: consoleDir, uploadOrigin: emulators.endpoints.s3 }),
      verifyToken: (token) => identity.verify(token),
      port: options.port ?? 0,
      localRoutes: [
        {
          // Local stand-in for the Cognito hosted sign-in: a demo user name gives a signed token.
          method: 'POST',
          path: '/local/sign-in',
          async handle({ body }) {
            const request = safeJson(body);
            const username = request?.username;
            if (typeof username !== 'string' || !identity.users.some((u) => u.username === username)) {
              return {
                status: 400,
                body: { error: { code: 'UNKNOWN_USER', message: 'unknown demo user', field: 'username' } },
              };
            }
            // The console's form sends a password (checked); the CLI's one-liner may omit it.
            const password = request?.password;
            if (
              password !== undefined &&
              (typeof password !== 'string' || !identity.checkPassword(username, password))
            ) {
              return {
                status: 401,
                body: {
                  error: {
                    code: 'unauthenticated',
                    message: 'wrong user name or password',
                    field: 'password',
                  },
                },
              };
            }
            return { status: 200, body: { token: await identity.signIn(username) } };
          },
        },
      ],
    });
    stoppers.unshift(() => api.stop());
    await allowUploadsFrom(emulators, resources.bucketName, api.url);

    return {
      apiUrl: api.url,
      identity,
      resources,
      emulators,
      resumeUnfinished: () => recovery.resume(),
      clientConfig: {
        region: emulators.region,
        credentials: emulators.credentials,
        endpoints: emulators.endpoints,
      },
      async publish(publishOptions = {}) {
        const s3 = emulatorS3Client(emulators);
        try {
          const published = await publishConfig({
            store: createSnapshotStore({ s3, bucket: resources.bucketName }),
            bucket: resources.bucketName,
            ...publishOptions,
          });
          await recovery.resume().catch(reportError('resume of unfinished manifests'));
          return published;
        } finally {
          s3.destroy();
        }
      },
      async refreshLists(refreshOptions = {}) {
        const { refreshLists } = await import('../functions/refresh/refresh-lists.ts');
        const { refreshDepsFor } = await import('../functions/refresh/refresh-wiring.ts');
        const { dynamoDocumentClient } = await import('../functions/adapters/aws-clients.ts');
        const s3 = emulatorS3Client(emulators);
        try {
          return await refreshLists(
            refreshDepsFor({
              s3,
              doc: dynamoDocumentClient(),
              bucket: resources.bucketName,
              table: resources.tableName,
              ports: options.demoPorts ?? DEFAULT_DEMO_PORTS,
              ...refreshOptions,
            }),
          );
        } finally {
          s3.destroy();
        }
      },
      async stop() {
        for (const stop of stoppers) await stop().catch(() => {});
      },
    };
  } catch (err) {
    for (const stop of stoppers) await stop().catch(() => {});
    throw err;
  }
}

/**
 * The handlers find the emulators through the standard AWS_ENDPOINT_URL_* variables and the
 * resources through the same variables the CDK stack sets: no local branches in handlers.
 */
function configureHandlerEnvironment(
  emulators: Awaited<ReturnType<typeof startEmulators>>,
  resources: LocalResources,
  logLevel: string,
): void {
  Object.assign(process.env, {
    AWS_REGION: emulators.region,
    AWS_DEFAULT_REGION: emulators.region,
    AWS_ACCESS_KEY_ID: emulators.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulators.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_S3: emulators.endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: emulators.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: emulators.endpoints.sqs,
    // The emulators predate S3's default CRC checksums.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    [ENV.bucketName]: resources.bucketName,
    [ENV.tableName]: resources.tableName,
    [ENV.profilingQueueUrl]: resources.queues.profiling.url,
    [ENV.intakeQueueUrl]: resources.queues.intake.url,
    [ENV.logLevel]: logLevel,
    // Locally there is no CloudWatch to read EMF metrics from.
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_DEV: 'true',
  });
}

/** The console's origin (as the browser names it) may PUT to the presigned upload URLs. */
async function allowUploadsFrom(emulators: Emulators, bucket: string, apiUrl: string): Promise<void> {
  const s3 = emulatorS3Client(emulators);
  try {
    const port = new URL(apiUrl).port;
    await allowConsoleUploads(s3, bucket, [`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  } finally {
    s3.destroy();
  }
}

async function loadApiRoutes(): Promise<LocalRoute[]> {
  const { apiRoutes } = (await import('../functions/api/routes.ts')) as { apiRoutes: LocalRoute[] };
  return apiRoutes;
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** An S3 client for the emulator, signing with this run's credentials (the proxy checks them). */
function emulatorS3Client(emulators: Emulators): S3Client {
  return new S3Client({
    region: emulators.region,
    credentials: emulators.credentials,
    endpoint: emulators.endpoints.s3,
    forcePathStyle: true,
  });
}
