import { Command, CommanderError } from 'commander';
import { UserError } from './user-error.ts';

/**
 * Each subcommand lives in cli/commands/<name>.ts and exports `register(program)`.
 * They are imported here explicitly so a newcomer sees the whole CLI surface in one place.
 */
const commandModules = [
  () => import('./commands/validate.ts'),
  () => import('./commands/generate.ts'),
  () => import('./commands/screen.ts'),
  () => import('./commands/profile.ts'),
  () => import('./commands/publish.ts'),
  () => import('./commands/lists.ts'),
  () => import('./commands/api-client.ts'),
  () => import('./commands/clearances.ts'),
];

export async function main(argv: string[]): Promise<number> {
  endQuietlyWhenStdoutCloses();
  const program = new Command('pcu')
    .description('PCU Targeting: validate, generate, screen and profile container manifests')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  for (const load of commandModules) {
    try {
      const mod = (await load()) as { register: (p: Command) => void };
      mod.register(program);
    } catch (err) {
      // A command whose module does not exist yet is simply absent from the CLI.
      if (!isMissingModule(err)) throw err;
    }
  }

  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UserError) {
      process.stderr.write(`pcu: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}

let stdoutGuarded = false;
/**
 * A reader that goes away (`pcu profile --json | head`, `pcu screen | head`) is not an error:
 * nothing more can be shown, so every command stops there, quietly, with the exit code it
 * has so far. Without this, Node reports the EPIPE as an unhandled error with a stack trace.
 */
function endQuietlyWhenStdoutCloses(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

function isMissingModule(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('/cli/commands/');
}
