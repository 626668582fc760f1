import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IGrantable, type IPrincipal, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV, METRICS_NAMESPACE } from '../../functions/adapters/resource-settings.ts';
import type { StageConfig } from '../config.ts';

/** The repository root: entry files, package-lock.json and node_modules are resolved from here. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** esbuild's ESM output has no `require`; a few CommonJS dependencies still call it. */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __pcuCreateRequire } from 'node:module';const require = __pcuCreateRequire(import.meta.url);";

export interface PipelineFunctionProps {
  /** Handler file relative to the repository root, e.g. `functions/ingest/handler.ts`. */
  readonly entry: string;
  readonly description: string;
  /** Powertools service name (logs and metrics dimension). */
  readonly serviceName: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment?: Record<string, string>;
  readonly config: StageConfig;
  /** A file or directory copied into the bundle next to the handler (absolute path -> name). */
  readonly copyIntoBundle?: { readonly from: string; readonly to: string };
}

/**
 * A Lambda function with the project's defaults: Node.js 24 on ARM64, an ESM bundle
 * (minified, source maps, AWS SDK v3 taken from the runtime), its own log group with the
 * stage's retention, and its own role with no managed policies, so every permission it has
 * is a grant made by the construct that owns it.
 */
export class PipelineFunction extends Construct implements IGrantable {
  readonly lambda: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly grantPrincipal: IPrincipal;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const removalPolicy = props.config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.config.logRetentionDays, removalPolicy });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (${props.config.stage})`,
    });
    this.grantPrincipal = this.role;
    this.logGroup.grantWrite(this.role);

    this.lambda = new NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}${props.entry}`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        [ENV.serviceName]: props.serviceName,
        [ENV.metricsNamespace]: METRICS_NAMESPACE,
        [ENV.logLevel]: props.config.logLevel,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        // Source maps without embedded sources keep the .map small; stack traces still map.
        sourcesContent: false,
        externalModules: ['@aws-sdk/*'],
        forceDockerBundling: false,
        commandHooks: props.copyIntoBundle
          ? {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (_inputDir: string, outputDir: string) => [
                `cp -R "${props.copyIntoBundle?.from}" "${outputDir}/${props.copyIntoBundle?.to}"`,
              ],
            }
          : undefined,
      },
    });
  }
}
