import { Command, CommanderError, Help } from 'commander';
import { UserError } from './user-error.ts';

/**
 * Every top-level command: how `pcu --help` lists it, and the module (cli/commands/<name>.ts,
 * exporting `register(program)`) that defines it. A module is imported only when its command
 * runs (or its help is asked for), so `pcu --help` loads neither the AWS SDK nor zod nor the
 * screening index. test/cli/main.test.ts checks this table against what the modules register.
 */
const apiClient = () => import('./commands/api-client.ts');

export const COMMANDS: readonly CommandEntry[] = [
  {
    term: 'validate [options] <file>',
    summary: 'Check a manifest (CSV, JSON or EDIFACT CUSCAR) and report what is accepted and rejected',
    load: () => import('./commands/validate.ts'),
  },
  {
    term: 'generate [options]',
    summary:
      'Write a realistic synthetic manifest of one vessel call, train, truck or flight (deterministic by seed)',
    load: () => import('./commands/generate.ts'),
  },
  {
    term: 'screen [options]',
    summary: 'Screen party names (stdin, one per line) against watchlists; one JSON line per name on stdout',
    load: () => import('./commands/screen.ts'),
  },
  {
    term: 'profile [options] <manifest>',
    summary: 'Validate a manifest and score every container against risk profiles and watchlists',
    load: () => import('./commands/profile.ts'),
  },
  {
    term: 'publish [options]',
    summary: 'Compile watchlists and risk profiles into a config snapshot and make the pipeline use it',
    load: () => import('./commands/publish.ts'),
  },
  {
    term: 'lists',
    summary: 'The public watchlists: refresh them, show their status',
    load: () => import('./commands/lists.ts'),
  },
  {
    term: 'upload [options] <file>',
    summary: 'Upload a manifest to your port through the API (validated and profiled in the cloud)',
    load: apiClient,
  },
  {
    term: 'flagged',
    summary: 'Flagged containers: list, show, record decisions',
    load: apiClient,
  },
  {
    term: 'manifests',
    summary: 'Manifests received at your port',
    load: apiClient,
  },
  {
    term: 'stats [options]',
    summary: 'Containers profiled, flagged, inspected, seizures and the hit rate of each rule',
    load: apiClient,
  },
  {
    term: 'search [options] <query>',
    summary:
      'Flags and manifests of your ports by container, B/L, party name (fuzzy) or identifier, vessel name or IMO, manifest id',
    load: apiClient,
  },
  {
    term: 'clearances',
    summary: 'Clearances: a party that is not the watchlist entry its name matched (list, add, revoke)',
    load: () => import('./commands/clearances.ts'),
  },
];

export interface CommandEntry {
  /** As commander's help lists the command: name, `[options]` when it has any, arguments. */
  term: string;
  summary: string;
  load: () => Promise<unknown>;
}

export const commandName = (entry: CommandEntry): string => entry.term.split(' ')[0] ?? entry.term;

export async function main(argv: string[], commands: readonly CommandEntry[] = COMMANDS): Promise<number> {
  endQuietlyWhenStdoutCloses();
  const program = new Command('pcu')
    .description('PCU Targeting: validate, generate, screen and profile container manifests')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const wanted = commands.find((entry) => commandName(entry) === requestedCommand(argv));
  if (wanted) {
    // A module that fails to import is a broken CLI, not a missing command: the error propagates.
    const mod = (await wanted.load()) as { register: (p: Command) => void };
    mod.register(program);
  } else {
    listCommandsWithoutLoading(program, commands);
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

/** The command the arguments name (`pcu screen ...`, `pcu help screen`), if any. */
function requestedCommand(argv: string[]): string | undefined {
  const operands = argv.slice(2).filter((arg) => !arg.startsWith('-'));
  return operands[0] === 'help' ? operands[1] : operands[0];
}

/**
 * `pcu`, `pcu --help` and an unknown command: the commands as placeholders with the table's
 * terms and summaries, so commander prints the same help (and suggestions) without any module.
 */
function listCommandsWithoutLoading(program: Command, commands: readonly CommandEntry[]): void {
  const terms = new Map<Command, string>();
  for (const entry of commands)
    terms.set(program.command(commandName(entry)).description(entry.summary), entry.term);
  const help = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? help.subcommandTerm(cmd) });
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
