#!/usr/bin/env node
// The CLI is TypeScript; tsx's loader lets `npx pcu` run it right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

// The AWS SDK warns that it will need Node 22 from 2027; on Lambda we run Node 24. Keep CLI output clean.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
