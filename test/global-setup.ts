/**
 * Once before every test file: the web console's static build, which the local stack serves.
 * Built here, not by each test that starts a stack, so parallel test files never build it at
 * the same time.
 */
import { ensureConsoleBuilt } from '../console/build.ts';

export default async function setup(): Promise<void> {
  await ensureConsoleBuilt();
}
