import type { Command } from 'commander';
import type { ClearancePage, ClearanceView } from '#schemas/clearance-api.ts';
import { UserError } from '../user-error.ts';
import { ApiClient, type ApiOptions, apiOption, jsonOption, out, printJson, table } from './api-client.ts';

/**
 * `pcu clearances list|add|revoke`: an analyst's "not this entry" for a party on a watchlist
 * hit, through the API (README, Clearances). `list --json` prints a file `pcu profile
 * --clearances` reads.
 */
const partyText = (c: Pick<ClearanceView, 'party'>) =>
  [c.party.name, c.party.country, c.party.identifier].filter(Boolean).join(', ');

export function clearancesText(page: ClearancePage): string {
  if (page.clearances.length === 0) return `No clearances at ${page.port}.\n`;
  return table(
    ['ID', 'STATUS', 'ENTRY', 'PARTY', 'BY', 'ON', 'EXPIRES', 'REASON'],
    page.clearances.map((c) => [
      c.id,
      c.status,
      `${c.list} ${c.entityId} ${c.entryName}`,
      partyText(c),
      c.clearedBy.username,
      c.clearedAt.slice(0, 10),
      c.expiresAt.slice(0, 10),
      c.reason,
    ]),
  );
}

function clearanceText(c: ClearanceView): string {
  const revoked = c.revoked ? `, revoked by ${c.revoked.by.username} on ${c.revoked.at.slice(0, 10)}` : '';
  return `${c.id}: ${c.status}${revoked}. ${partyText(c)} is not ${c.list} ${c.entityId} (${c.entryName}) at ${c.port}, cleared by ${c.clearedBy.username} on ${c.clearedAt.slice(0, 10)} until ${c.expiresAt.slice(0, 10)}: ${c.reason}\n`;
}

function expiryOf(days: string | undefined): string | undefined {
  if (days === undefined) return undefined;
  const n = Number(days);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError(`--days must be a whole number of days >= 1, not "${days}"`);
  return new Date(Date.now() + n * 86_400_000).toISOString();
}

export function register(program: Command): void {
  const clearances = program
    .command('clearances')
    .description('Clearances: a party that is not the watchlist entry its name matched (list, add, revoke)');

  clearances
    .command('list')
    .description(
      "Your port's clearances (in force, expired, revoked); --json prints a file for pcu profile --clearances",
    )
    .option('--port <locode>', 'the port (needed when your account has several)')
    .option('--audit', 'print the audit trail too')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(async (opts: ApiOptions & { port?: string; audit?: boolean }) => {
      const page = await ApiClient.fromOptions(opts).call<ClearancePage>('GET', '/clearances', {
        query: { port: opts.port },
      });
      if (opts.json) return printJson(page);
      out(clearancesText(page));
      if (opts.audit) {
        out(
          `\n${table(
            ['AT', 'ACTION', 'CLEARANCE', 'BY', 'LIST VERSION', 'REASON'],
            page.audit.map((a) => [a.at, a.action, a.clearanceId, a.by.username, a.listVersion, a.reason]),
          )}`,
        );
      }
    });

  clearances
    .command('add')
    .description('Clear a watchlist hit of a flagged container for its party (analyst, admin)')
    .argument('<flagId>', 'flagged container id ({manifestId}_{containerNumber})')
    .requiredOption('--rule <ruleId>', 'the rule hit holding the watchlist match')
    .requiredOption('--reason <text>', 'why the party is not the listed entry')
    .option('--evidence <n>', 'which evidence of the hit (default: its first watchlist name match)')
    .option('--days <n>', 'how long the clearance holds (default 365)')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(
      async (
        flagId: string,
        opts: ApiOptions & { rule: string; reason: string; evidence?: string; days?: string },
      ) => {
        const evidenceIndex = opts.evidence === undefined ? undefined : Number(opts.evidence);
        if (evidenceIndex !== undefined && !(Number.isInteger(evidenceIndex) && evidenceIndex >= 0))
          throw new UserError(`--evidence must be a whole number >= 0, not "${opts.evidence}"`);
        const expiresAt = expiryOf(opts.days);
        const created = await ApiClient.fromOptions(opts).call<ClearanceView>('POST', '/clearances', {
          body: {
            flagId,
            ruleId: opts.rule,
            reason: opts.reason,
            ...(evidenceIndex !== undefined && { evidenceIndex }),
            ...(expiresAt && { expiresAt }),
          },
        });
        if (opts.json) printJson(created);
        else out(clearanceText(created));
      },
    );

  clearances
    .command('revoke')
    .description('Revoke a clearance: the party alerts again from the next manifest (analyst, admin)')
    .argument('<id>', 'clearance id (from pcu clearances list)')
    .requiredOption('--reason <text>', 'why it is revoked')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(async (id: string, opts: ApiOptions & { reason: string }) => {
      const revoked = await ApiClient.fromOptions(opts).call<ClearanceView>(
        'POST',
        `/clearances/${encodeURIComponent(id)}/revoke`,
        { body: { reason: opts.reason } },
      );
      if (opts.json) printJson(revoked);
      else out(clearanceText(revoked));
    });
}
