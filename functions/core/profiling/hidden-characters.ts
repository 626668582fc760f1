/**
 * The `hiddenCharacters` indicator: a party name holds characters that make what is stored
 * differ from what a person reads (bidi overrides, zero-width characters, noncharacters,
 * controls, Latin lookalikes from Cyrillic or Greek). Screening already reads such a name as
 * a person does (functions/core/screening/visible-text.ts); that someone wrote it so is
 * itself a sign of evasion.
 */
import {
  type HiddenCharacterKind,
  NAME_ANALYSIS_CAP,
  truncateCodePoints,
  type VisibleName,
  visibleName,
} from '#core/screening/index.ts';
import type { Evidence } from '#schemas/assessment.ts';
import type { ContainerUnit, Party, PartyRole } from '#schemas/manifest.ts';
import type { IndicatorCondition } from '#schemas/risk-profile.ts';
import type { CompiledCondition } from './compile-conditions.ts';

type HiddenCharactersOptions = Extract<IndicatorCondition, { hiddenCharacters: unknown }>['hiddenCharacters'];

const MAX_EVIDENCE = 5;
/** Evidence shows the name as read, shortened to this many characters. */
const MAX_SHOWN = 120;
const MEMO_SIZE = 10_000;

/** The parties of a unit by role, as the other party indicators read them (compile-conditions.ts). */
type PartiesByRole = (unit: ContainerUnit, role: PartyRole | 'any') => { role: PartyRole; party: Party }[];

export function compileHiddenCharacters(
  opts: HiddenCharactersOptions,
  partiesByRole: PartiesByRole,
): CompiledCondition {
  const role = opts === true ? 'any' : opts.role;
  const kinds: ReadonlySet<HiddenCharacterKind> | undefined =
    opts !== true && opts.kinds ? new Set(opts.kinds) : undefined;
  // A manifest repeats its parties on many containers: each name is read once (bounded).
  const memo = new Map<string, VisibleName>();
  const read = (name: string): VisibleName => {
    let seen = memo.get(name);
    if (!seen) {
      if (memo.size >= MEMO_SIZE) memo.clear();
      seen = visibleName(name, NAME_ANALYSIS_CAP);
      memo.set(name, seen);
    }
    return seen;
  };
  return (ctx) => {
    const out: Evidence[] = [];
    for (const { role: r, party } of partiesByRole(ctx.unit, role)) {
      const seen = read(party.name);
      const found = kinds ? seen.hidden.filter((k) => kinds.has(k)) : seen.hidden;
      if (found.length === 0) continue;
      const asRead = seen.lookalike ?? seen.text;
      const shown = asRead.length > MAX_SHOWN ? `${truncateCodePoints(asRead, MAX_SHOWN)}...` : asRead;
      out.push({
        field: `${r}.name`,
        value: shown,
        detail: `hidden characters in the ${r} name: ${found.join(', ')}${seen.samples ? ` (${seen.samples.join(' ')})` : ''}; reads as "${shown}"`,
      });
      if (out.length >= MAX_EVIDENCE) break;
    }
    return out.length ? out : null;
  };
}
