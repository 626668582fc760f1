import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { type Stage, stageConfig } from '../../infra/config.ts';
import { PipelineStack } from '../../infra/pipeline-stack.ts';

export const FAKE_SNAPSHOT_VERSION = '0123456789abcdef';

/**
 * Synthesizes one stage with the feature flags of cdk.json, bundling skipped (the unit tests
 * check wiring, not bundles) and a small stand-in for the compiled default snapshot.
 */
export function synthStage(
  stage: Stage,
  overrides: Record<string, unknown> = {},
  extend?: (stack: PipelineStack) => void,
) {
  const dir = mkdtempSync(join(tmpdir(), 'pcu-infra-test-'));
  const file = join(dir, 'snapshot.json');
  writeFileSync(file, '{"format":"pcu-config-snapshot/1"}\n{}');
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new PipelineStack(app, `PcuTargeting-${stage}`, {
    config: stageConfig(stage, overrides),
    defaultSnapshot: { version: FAKE_SNAPSHOT_VERSION, file },
    env: { account: '111122223333', region: 'eu-west-1' },
  });
  extend?.(stack);
  return { app, stack, template: Template.fromStack(stack) };
}

/** The logical id CloudFormation knows a construct's resource by. */
export function logicalId(stack: PipelineStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.resolve(stack.getLogicalId(construct.node.defaultChild as never)) as string;
}
