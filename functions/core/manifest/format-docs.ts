/**
 * The generated parts of the README's manifest section: the CSV column table (from csv-columns.ts)
 * and the error-code table (from ISSUE_CODES), so the documentation cannot drift from the code.
 * `npm run docs` rewrites the generated blocks in place; a test fails when they are stale.
 */
import { ISSUE_CODES } from '#schemas/validation-report.ts';
import { CSV_COLUMNS, type CsvColumn } from './csv-columns.ts';

const LEVEL_TEXT: Record<CsvColumn['level'], string> = {
  voyage: 'voyage',
  bl: 'B/L',
  container: 'container',
  goods: 'goods line',
};

export function csvColumnTable(): string {
  const rows = (CSV_COLUMNS as readonly CsvColumn[]).map((c) => {
    const multi =
      c.multi === 'codes'
        ? ' Several: `|` or `;` separated.'
        : c.multi === 'parties'
          ? ' Several: `|` separated.'
          : '';
    return `| \`${c.name}\` | ${LEVEL_TEXT[c.level]} | ${c.required ? '**yes**' : ''} | ${c.description.replace(/\|/g, '\\|')}.${multi} | ${c.aliases.join(', ')} |`;
  });
  return [
    '| Column | Level | Required | Content | Also accepted as |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function issueCodeTable(): string {
  const rows = Object.entries(ISSUE_CODES).map(
    ([code, text]) => `| \`${code}\` | ${text.replace(/\|/g, '\\|')} |`,
  );
  return ['| Code | Meaning |', '|---|---|', ...rows].join('\n');
}

const BLOCKS: Record<string, () => string> = { 'csv-columns': csvColumnTable, 'issue-codes': issueCodeTable };

/** The document with every `<!-- generated:NAME -->...<!-- /generated:NAME -->` block refreshed. */
export function refreshGeneratedBlocks(doc: string): string {
  let out = doc;
  for (const [name, build] of Object.entries(BLOCKS)) {
    const pattern = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    out = out.replace(pattern, (_m, open: string, close: string) => `${open}\n${build()}\n${close}`);
  }
  return out;
}
