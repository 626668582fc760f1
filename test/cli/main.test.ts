import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandName, main } from '../../cli/main.ts';

const root = join(import.meta.dirname, '../..');

interface Metafile {
  outputs: Record<
    string,
    { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }
  >;
}

describe('pcu commands', () => {
  it('lists each command as its module defines it (name, options, arguments, summary)', async () => {
    const help = new Help();
    for (const entry of COMMANDS) {
      const program = new Command('pcu');
      ((await entry.load()) as { register(p: Command): void }).register(program);
      const defined = program.commands.find((c) => c.name() === commandName(entry));
      expect(defined, `${commandName(entry)} is registered by its module`).toBeDefined();
      expect({ term: help.subcommandTerm(defined!), summary: defined!.description() }).toEqual({
        term: entry.term,
        summary: entry.summary,
      });
    }
  });

  it('lists every command the modules in cli/commands/ define (a new command needs its line)', async () => {
    const listed = COMMANDS.map(commandName).sort();
    const defined: string[] = [];
    for (const file of readdirSync(join(root, 'cli/commands')).filter((f) => f.endsWith('.ts'))) {
      const mod = (await import(join(root, 'cli/commands', file))) as { register?: (p: Command) => void };
      if (!mod.register) continue;
      const program = new Command('pcu');
      mod.register(program);
      defined.push(...program.commands.map((c) => c.name()));
    }
    expect(defined.sort()).toEqual(listed);
  });

  it('a command whose module cannot be imported fails loudly instead of vanishing', async () => {
    const missing = '../../cli/commands/no-such-module.ts';
    const broken = [{ term: 'screen', summary: 'Screen names', load: () => import(missing) }];
    await expect(main(['node', 'pcu', 'screen'], broken)).rejects.toMatchObject({
      code: 'ERR_MODULE_NOT_FOUND',
    });
  });

  it('pcu --help loads no command module, hence neither the AWS SDK nor zod nor the screening index', () => {
    const { meta, loadedAtStart } = staticallyLoaded('dist/cli/main.js');
    const inputs = [...loadedAtStart].flatMap((o) => Object.keys(meta.outputs[o]?.inputs ?? {}));
    const packages = [...loadedAtStart].flatMap((o) =>
      (meta.outputs[o]?.imports ?? [])
        .filter((i) => i.external && i.kind === 'import-statement')
        .map((i) => i.path),
    );
    expect(inputs).toContain('cli/main.ts');
    expect(inputs.filter((i) => i.startsWith('cli/commands/') || i.startsWith('functions/'))).toEqual([]);
    expect([...new Set(packages)]).toEqual(['commander']);
    // And the help the user sees names every command.
    const r = spawnSync(process.execPath, [join(root, 'bin/pcu.js'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const entry of COMMANDS) expect(r.stdout).toContain(entry.term);
  });

  it('pcu screen with the bundled lists loads neither the list parsers nor the location tables', () => {
    const { meta } = staticallyLoaded('dist/cli/main.js');
    const screen = Object.keys(meta.outputs).find(
      (o) => o.endsWith('.js') && Object.keys(meta.outputs[o]!.inputs).includes('cli/commands/screen.ts'),
    )!;
    const inputs = new Set(
      [...staticallyLoaded(screen).loadedAtStart].flatMap((o) => Object.keys(meta.outputs[o]?.inputs ?? {})),
    );
    expect(inputs).toContain('functions/core/screening/bundled-index.ts');
    for (const unneeded of [
      'cli/inputs.ts',
      'functions/core/identifiers/locations.ts',
      'functions/core/watchlists/ofac-sdn.ts',
      'functions/core/watchlists/un-consolidated.ts',
    ])
      expect(inputs.has(unneeded), unneeded).toBe(false);
  });

  it('the compiled CLI finds the air waybill readers, which it loads at run time', () => {
    const air = spawnSync(
      process.execPath,
      [join(root, 'bin/pcu.js'), 'validate', join(root, 'test/fixtures/air/fwb-master-air-waybill.txt')],
      { encoding: 'utf8' },
    );
    expect(air.stderr).toBe('');
    expect(air.stdout).toContain('format cargo-imp');
    expect(air.stdout).toContain('1 bills of lading, 0 containers, 1 goods items accepted');
  });
});

/** The compiled outputs that `output` loads before it runs (its static imports, transitively). */
function staticallyLoaded(output: string): { meta: Metafile; loadedAtStart: Set<string> } {
  const meta = JSON.parse(readFileSync(join(root, 'dist/cli/meta.json'), 'utf8')) as Metafile;
  const loadedAtStart = new Set<string>();
  const visit = (o: string) => {
    if (loadedAtStart.has(o)) return;
    loadedAtStart.add(o);
    for (const i of meta.outputs[o]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(output);
  return { meta, loadedAtStart };
}
