/**
 * Compiles data/reference/name-forms.json: the legal forms (rigour_org_types.yml: "Co., Ltd",
 * "OOO", "GmbH", "Sp. z o.o." ... each mapped to the generic form it means, so "OOO" and
 * "LLC" compare equal), person honorifics and the particles of rigour_stopwords.yml, folded
 * exactly as the screening code folds names. Also a background frequency table of name
 * words (from the bundled OFAC and UN lists plus common business words) that weights words
 * by rarity whatever list is screened. Run: `npx tsx data/build-name-forms.ts [NAMES_DIR]`.
 *
 * Legal forms and stopwords: Copyright (c) 2023-2025: OpenSanctions Datenbanken GmbH (MIT).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { foldToWords } from '../functions/core/screening/fold-text.ts';
import { defaultWatchlistPaths, loadWatchlist } from '../functions/core/watchlists/index.ts';
import { COMMON_PERSON_NAMES } from './common-names.ts';

/** Background frequency given to common words and names: weight about that of "TRADING". */
const COMMON_NAME_FREQUENCY = 150;

const source = resolve(process.argv[2] ?? join(import.meta.dirname, '../../shared/data/reference/names'));
const out = join(import.meta.dirname, 'reference', 'name-forms.json');

interface OrgType {
  display?: string;
  compare?: string;
  generic?: string;
  aliases?: string[];
}
const orgTypes = (parse(readFileSync(join(source, 'rigour_org_types.yml'), 'utf8')) as { types: OrgType[] })
  .types;
const stopwords = parse(readFileSync(join(source, 'rigour_stopwords.yml'), 'utf8')) as Record<
  string,
  string[]
>;

// Aliases that are also ordinary words or common name parts ("in" for Inc, "Gu" for ГУ) would
// turn real words into legal forms; they are left out.
const AMBIGUOUS = new Set([
  'in',
  'pr',
  'll',
  'lt',
  'lc',
  'ao',
  'ed',
  'et',
  'od',
  'sd',
  'up',
  'gp',
  'ro',
  'gu',
  'nc',
  'ku',
  'ye',
  'da',
  'e',
  'la',
  'sia',
  'ge',
  'ivo',
  'kd',
  'oy',
  'us',
  'ot',
  'ed',
  'da',
  'ad',
  'ye',
  'dp',
  'pt',
  'ik',
  'ii',
  'na',
  'ki',
]);

const legalForms: Record<string, string> = {};
for (const type of orgTypes) {
  const key = (type.generic || type.compare || type.display || '').trim();
  const folded = foldToWords(key).join('');
  if (!folded) continue;
  for (const alias of [...(type.aliases ?? []), type.display ?? '', type.compare ?? '']) {
    const words = foldToWords(alias);
    const phrase = words.join(' ');
    if (!phrase || (words.length === 1 && AMBIGUOUS.has(phrase))) continue;
    // First definition wins: the file lists the more specific meaning first.
    legalForms[phrase] ??= folded;
  }
}
// Words that only say "this is a company" in many languages, compared as one form.
for (const phrase of [
  'co',
  'company',
  'corp',
  'corporation',
  'cie',
  'compania',
  'compagnie',
  'companhia',
  'kompaniya',
  'sirket',
  'sirketi',
  'sti',
]) {
  legalForms[phrase] ??= 'co';
}
// Forms left out above as ambiguous words, but unmistakable at the start or end of a company
// name (analyze-name.ts only reads legal forms there, and two-letter ones only as prefixes),
// and common transliterations the source lacks ("AO X" = "AKTSIONERNOE OBSHCHESTVO X" = "JSC X").
for (const [phrase, form] of [
  ['ao', 'jsc'],
  ['pt', 'llc'],
  ['oao', 'jsc'],
  ['zao', 'jsc'],
  ['pao', 'jsc'],
  ['aktsionernoye obshchestvo', 'jsc'],
  ['aktsionernoe obshestvo', 'jsc'],
  ['akcionernoe obshchestvo', 'jsc'],
  ['publichnoye aktsionernoye obshchestvo', 'jsc'],
  ['cong ty', 'co'],
  ['cty', 'co'],
  ['tnhh', 'llc'],
  ['cong ty tnhh', 'llc'],
  ['cong ty cp', 'jsc'],
] as const) {
  legalForms[phrase] ??= form;
}

// Places that manifests write abbreviated ("HK", "UAE", "USA", "KZ") as often as in full:
// each spelling is read as one place token, so "HUAXIN SHIPPING HK LTD" is "HUAXIN SHIPPING HONG
// KONG LIMITED". Only places with a common abbreviation: a bare country name elsewhere
// ("IRAN ...", "KOREA ...") stays a word of the name.
const PLACES: Record<string, string[]> = {
  hk: ['hk', 'hong kong', 'hongkong', 'hksar', 'hong kong sar'],
  ae: ['uae', 'united arab emirates', 'u a e'],
  us: ['usa', 'united states', 'united states of america', 'u s a'],
  gb: ['uk', 'united kingdom', 'great britain', 'u k'],
  kz: ['kz', 'kazakhstan', 'kazakstan', 'qazaqstan', 'republic of kazakhstan'],
  sa: ['ksa', 'saudi arabia', 'kingdom of saudi arabia'],
  cn: ['prc', 'peoples republic of china'],
  kp: ['dprk', 'democratic peoples republic of korea'],
  vg: ['bvi', 'british virgin islands'],
  nz: ['nz', 'new zealand'],
  za: ['rsa', 'republic of south africa', 'south africa'],
  uz: ['uz', 'uzbekistan', 'republic of uzbekistan'],
  ru: ['russian federation'],
};
const places: Record<string, string> = {};
for (const [code, spellings] of Object.entries(PLACES))
  for (const spelling of spellings) places[foldToWords(spelling).join(' ')] = code;

const honorifics = [...new Set((stopwords.PERSON_NAME_PREFIXES ?? []).map((h) => foldToWords(h).join(' ')))]
  // Words that begin company names too ("General Trading", "The ...") are not stripped.
  .filter(
    (h) =>
      h &&
      ![
        'general',
        'the',
        'director',
        'president',
        'chair',
        'private',
        'count',
        'lord',
        'lady',
        'dame',
      ].includes(h),
  )
  .sort();

// Particles of names in many languages: kept but weighted low.
const particles = [
  'a',
  'al',
  'el',
  'ul',
  'ad',
  'ed',
  'as',
  'ash',
  'at',
  'az',
  'ar',
  'an',
  'bin',
  'ibn',
  'bint',
  'ben',
  'binti',
  'bte',
  'bt',
  'b',
  'de',
  'da',
  'do',
  'dos',
  'das',
  'di',
  'del',
  'della',
  'der',
  'den',
  'des',
  'du',
  'la',
  'le',
  'les',
  'lo',
  'los',
  'las',
  'van',
  'von',
  'y',
  'e',
  'et',
  'und',
  'and',
  'of',
  'the',
  'for',
  'fur',
  'i',
  'en',
  'au',
  'aux',
  'zu',
  'ou',
];

// Background word frequencies: how many names of the bundled lists hold each word, so the
// weight of a word does not depend on the size of the list being screened.
const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
const documentFrequency = new Map<string, number>();
let names = 0;
for (const entry of entries) {
  for (const name of [entry.name, ...entry.aliases]) {
    names++;
    for (const word of new Set(foldToWords(name)))
      documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  }
}
// Everyday words of company names are common in the world even when rare in sanctions lists.
const COMMON_BUSINESS_WORDS =
  'international global general trading trade shipping logistics group holding holdings industries industrial industry services service solutions technologies technology tech systems marine maritime energy petroleum oil gas import export investment investments development construction engineering bank capital commercial enterprises enterprise partners national united new star golden gold green blue red ocean sea pacific atlantic asia euro europe american africa middle east north south west central first royal prime alpha delta omega smart best quality premium modern advanced digital media network networks consulting management resources products manufacturing foods food agro agricultural chemical chemicals pharma medical health electronics electric electrical power steel metal metals textile textiles garments fashion auto motors transport freight cargo express lines line airlines air travel tours real estate property properties finance financial insurance securities exchange supply supplies equipment machinery tools parts plastics paper printing design home furniture building materials mining minerals resources water world universal pioneer eagle lion tiger sun sunrise silver diamond crystal city metro union alliance mutual associates brothers sons family house center centre'.split(
    ' ',
  );
for (const word of COMMON_BUSINESS_WORDS)
  documentFrequency.set(word, Math.max(documentFrequency.get(word) ?? 0, 150));
// Frequent given and family names of many cultures (common-names.ts): a name shared by
// millions is weak evidence even when the sanctions lists hold it once ("Dmitry NOVIKOV").
for (const word of COMMON_PERSON_NAMES)
  documentFrequency.set(word, Math.max(documentFrequency.get(word) ?? 0, COMMON_NAME_FREQUENCY));
const wordFrequencies: Record<string, number> = {};
for (const [word, df] of [...documentFrequency].sort(([a], [b]) => (a < b ? -1 : 1))) {
  if (df >= 3) wordFrequencies[word] = df;
}

const result = {
  notice:
    'Legal forms and stopwords derived from rigour (https://github.com/opensanctions/rigour), MIT licence, Copyright (c) 2023-2025: OpenSanctions Datenbanken GmbH. Word frequencies from the OFAC SDN and UN SC lists (public).',
  legalForms,
  honorifics,
  particles,
  places,
  genericPersonNames: [
    ...new Set((stopwords.GENERIC_PERSON_NAMES ?? []).map((n) => foldToWords(n).join(' ')).filter(Boolean)),
  ],
  backgroundNames: names,
  wordFrequencies,
};
writeFileSync(out, `${JSON.stringify(result)}\n`);
console.log(
  `name-forms.json: ${Object.keys(legalForms).length} legal-form phrases, ${honorifics.length} honorifics, ${Object.keys(wordFrequencies).length} word frequencies over ${names} names`,
);
