/**
 * Vague goods descriptions, a classic CCP indicator: a description that names no actual
 * commodity ("FAK", "GENERAL CARGO", "STC 20 PALLETS VARIOUS"). Carriers' liability clauses
 * ("said to contain", "shipper's load and count") and package counts are not commodities, so
 * they are stripped first; the description is vague when nothing but vague words remains.
 * "SAID TO CONTAIN 500 CARTONS OF LADIES SHOES" is therefore NOT vague: it names shoes.
 */

/** Liability clauses and filler: removed before judging. */
const CLAUSES = [
  'SAID TO CONTAIN',
  'SAID TO WEIGH',
  'SAID TO BE',
  'STC',
  'STW',
  "SHIPPER'S LOAD STOW AND COUNT",
  "SHIPPER'S LOAD AND COUNT",
  'SHIPPERS LOAD STOW AND COUNT',
  'SHIPPERS LOAD AND COUNT',
  'SHIPPER LOAD AND COUNT',
  'SLAC',
  'SLCAS',
  'SLSC',
  'SL&C',
  'FREIGHT PREPAID',
  'FREIGHT COLLECT',
];
const FILLER = new Set(
  (
    'X OF AND IN ON WITH THE A AN TO FOR FROM PER AS ' +
    'PALLET PALLETS PLT PLTS CARTON CARTONS CTN CTNS PACKAGE PACKAGES PKG PKGS PK PCS PIECES PIECE ' +
    'BAG BAGS DRUM DRUMS CASE CASES BOX BOXES CRATE CRATES ROLL ROLLS BALE BALES UNIT UNITS BUNDLE BUNDLES ' +
    'CONTAINER CONTAINERS CNTR FCL LCL HC DV GP KG KGS NET GROSS WEIGHT TOTAL ONLY LOADED PACKED ' +
    'TEU FEU NO NOS NUMBER'
  ).split(' '),
);
/** Equipment written into descriptions: 40HC, 20DV, 1X40HQ. */
const CONTAINER_SIZE = /^(?:\d+X)?(?:20|40|45)(?:HC|HQ|DV|GP|FT|RF|RH|OT|FR|ST|DC|SD)?$/;
/** Words that name no commodity. Multi-word phrases are matched as phrases. */
export const DEFAULT_VAGUE_TERMS = [
  'FAK',
  'FREIGHT ALL KINDS',
  'FREIGHT OF ALL KINDS',
  'GENERAL CARGO',
  'GENERAL GOODS',
  'GENERAL MERCHANDISE',
  'VARIOUS',
  'VARIOUS GOODS',
  'SUNDRIES',
  'SUNDRY',
  'MISC',
  'MISCELLANEOUS',
  'MIXED',
  'MIXED GOODS',
  'ASSORTED',
  'GOODS',
  'CARGO',
  'MERCHANDISE',
  'ITEMS',
  'COMMODITIES',
  'CONSOLIDATED',
  'CONSOL',
  'STUFF',
  'SPARE PARTS',
  'PARTS',
  'PERSONAL EFFECTS',
  'HOUSEHOLD GOODS',
  'EFFECTS',
  'EMPTY',
  'NIL',
  'N/A',
  'NA',
  'TBA',
  'TBC',
];
/** Terms so vague that their presence alone is a hit, whatever else the text says. */
const ALWAYS_VAGUE = ['FAK', 'FREIGHT ALL KINDS', 'FREIGHT OF ALL KINDS'];

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const phraseRegex = (phrases: string[]) =>
  new RegExp(
    `(?<![A-Z0-9])(?:${[...phrases]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegex)
      .join('|')})(?![A-Z0-9])`,
    'g',
  );

export type VagueDescriptionTest = (description: string) => string | undefined;

/** Returns a test giving the reason ("only vague terms: GENERAL CARGO") or undefined when specific. */
export function vagueDescriptionTest(extraTerms: string[] = []): VagueDescriptionTest {
  const terms = [...DEFAULT_VAGUE_TERMS, ...extraTerms.map((t) => t.toUpperCase().trim())];
  const multiWord = terms.filter((t) => /[^A-Z0-9]/.test(t));
  const singleWord = new Set(terms.filter((t) => !/[^A-Z0-9]/.test(t)));
  const clauseRe = phraseRegex(CLAUSES);
  const phraseRe = phraseRegex(multiWord);
  const alwaysRe = phraseRegex(ALWAYS_VAGUE);
  const cache = new Map<string, string | undefined>();

  return (description) => {
    // Manifests repeat descriptions: look the raw text up before normalising it.
    const known = cache.get(description);
    if (known !== undefined || cache.has(description)) return known;
    const upper = description.toUpperCase().replace(/\s+/g, ' ').trim();
    let reason: string | undefined;
    if (upper === '') reason = 'empty description';
    else {
      alwaysRe.lastIndex = 0;
      const always = alwaysRe.exec(upper);
      if (always) reason = `declared as ${always[0]}`;
      else {
        const found: string[] = [];
        let rest = upper.replace(clauseRe, ' ');
        rest = rest.replace(phraseRe, (m) => {
          found.push(m);
          return ' ';
        });
        const words = rest
          .split(/[^A-Z0-9]+/)
          .filter((t) => t !== '' && !/^\d+$/.test(t) && !CONTAINER_SIZE.test(t));
        const tokens = words.filter((t) => !FILLER.has(t));
        const specific = tokens.filter((t) => !singleWord.has(t));
        const vagueWords = [...found, ...tokens.filter((t) => singleWord.has(t))];
        // Nothing left once clauses and counts are gone ("STC", "SHIPPER'S LOAD AND COUNT"), or
        // only vague words left. Packaging alone ("CARTON BOXES") names a commodity: not vague.
        if (words.length === 0 && found.length === 0) reason = 'no commodity named';
        else if (specific.length === 0 && vagueWords.length > 0)
          reason = `only vague terms: ${vagueWords.join(', ')}`;
      }
    }
    if (cache.size > 50_000) cache.clear();
    cache.set(description, reason);
    return reason;
  };
}
