/**
 * The CDK app: one PCU Targeting stack per stage (`cdk deploy -c stage=dev|prod`) with the
 * analyst API and the web console, checked by
 * cdk-nag's AwsSolutions rules at synth. Everything else lives in the stack and its constructs.
 */
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ensureConsoleBuilt } from '../console/build.ts';
import { OVERRIDABLE_KEYS, StageConfigError, stageConfig } from './config.ts';
import { buildDefaultSnapshot } from './default-snapshot.ts';
import { PipelineStack } from './pipeline-stack.ts';

const app = new App();
let config: ReturnType<typeof stageConfig>;
try {
  config = stageConfig(
    app.node.tryGetContext('stage'),
    Object.fromEntries(OVERRIDABLE_KEYS.map((key) => [key, app.node.tryGetContext(key)])),
  );
} catch (error) {
  if (!(error instanceof StageConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}

const stack = new PipelineStack(app, `PcuTargeting-${config.stage}`, {
  description: `PCU Targeting (${config.stage}): manifest intake, container profiling and flagged-container store`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  config,
  defaultSnapshot: buildDefaultSnapshot(join(app.outdir, 'default-config')),
});
// The console is built into console/dist first: its files are a deployment asset.
await ensureConsoleBuilt();
stack.addWebConsole();

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
