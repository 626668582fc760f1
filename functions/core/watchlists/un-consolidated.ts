/**
 * Importer for the UN Security Council Consolidated List XML: INDIVIDUALS and ENTITIES, the
 * name parts FIRST_NAME..FOURTH_NAME, every alias whatever its QUALITY (Good, Low, a.k.a.,
 * f.k.a.) and NAME_ORIGINAL_SCRIPT. The entry id is the REFERENCE_NUMBER (e.g. `QDi.001`).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import { WatchlistError } from './watchlist-error.ts';

export const UN_LIST_NAME = 'UN-SC';

type XmlNode = Record<string, unknown>;

const ARRAY_TAGS = new Set([
  'INDIVIDUAL',
  'ENTITY',
  'INDIVIDUAL_ALIAS',
  'ENTITY_ALIAS',
  'INDIVIDUAL_ADDRESS',
  'ENTITY_ADDRESS',
  'INDIVIDUAL_DOCUMENT',
  'NAME_ORIGINAL_SCRIPT',
  'VALUE',
]);

const IMO_IN_TEXT = /\bIMO(?:\s+number)?[:\s]*(\d{7})\b/gi;

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return '';
  return String(value).replace(/\s+/g, ' ').trim();
}

function nodes(value: unknown): XmlNode[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is XmlNode => typeof v === 'object' && v !== null);
}

export function parseUnConsolidatedXml(xml: string, file = 'UN_consolidated.xml'): WatchlistEntry[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new WatchlistError(file, valid.err.line, `not well-formed XML: ${valid.err.msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => ARRAY_TAGS.has(name),
  });
  const doc = parser.parse(xml) as XmlNode;
  const root = doc.CONSOLIDATED_LIST as XmlNode | undefined;
  if (!root || typeof root !== 'object') {
    throw new WatchlistError(file, undefined, 'no CONSOLIDATED_LIST element: not a UN Security Council list');
  }
  const entries: WatchlistEntry[] = [];
  const seen = new Set<string>();
  const groups: [XmlNode[], 'person' | 'organization', string][] = [
    [nodes((root.INDIVIDUALS as XmlNode | undefined)?.INDIVIDUAL), 'person', 'INDIVIDUAL'],
    [nodes((root.ENTITIES as XmlNode | undefined)?.ENTITY), 'organization', 'ENTITY'],
  ];
  for (const [records, type, tag] of groups) {
    for (const [i, record] of records.entries()) {
      const id = text(record.REFERENCE_NUMBER);
      const where = `${tag} #${i + 1} (DATAID ${text(record.DATAID) || '?'})`;
      if (!id) throw new WatchlistError(file, lineOf(xml, record), `${where} has no REFERENCE_NUMBER`);
      const name = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME']
        .map((k) => text(record[k]))
        .filter(Boolean)
        .join(' ');
      if (!name) throw new WatchlistError(file, lineOf(xml, record), `${where} (${id}) has no name`);
      if (seen.has(id)) continue; // the same record listed under two regimes
      seen.add(id);
      const aliases: string[] = [];
      const addAlias = (alias: string) => {
        if (alias && alias !== name && !aliases.includes(alias)) aliases.push(alias);
      };
      for (const alias of nodes(record[`${tag}_ALIAS`])) {
        // Some records pack several spellings into one alias: "Ghasim Soleymani; Ghasem Sulaymani".
        for (const part of text(alias.ALIAS_NAME).split(';')) addAlias(part.trim());
      }
      for (const original of (record.NAME_ORIGINAL_SCRIPT as unknown[] | undefined) ?? [])
        addAlias(text(original));

      const countries: string[] = [];
      const addCountry = (c: string) => {
        if (c && !countries.includes(c)) countries.push(c);
      };
      for (const v of ((record.NATIONALITY as XmlNode | undefined)?.VALUE as unknown[] | undefined) ?? []) {
        addCountry(text(v));
      }
      const addresses: string[] = [];
      for (const address of nodes(record[`${tag}_ADDRESS`])) {
        const full = ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE', 'COUNTRY']
          .map((k) => text(address[k]))
          .filter(Boolean)
          .join(', ');
        if (full && !addresses.includes(full)) addresses.push(full);
        addCountry(text(address.COUNTRY));
      }
      const identifiers: { type: string; value: string }[] = [];
      for (const doc of nodes(record.INDIVIDUAL_DOCUMENT)) {
        const value = text(doc.NUMBER);
        if (!value) continue;
        const kind = text(doc.TYPE_OF_DOCUMENT).toLowerCase();
        const type = kind.includes('passport')
          ? 'passport'
          : kind.includes('national')
            ? 'national-id'
            : 'other';
        identifiers.push({ type, value });
      }
      const comments = text(record.COMMENTS1);
      for (const m of comments.matchAll(IMO_IN_TEXT)) {
        if (!identifiers.some((x) => x.type === 'imo' && x.value === m[1]))
          identifiers.push({ type: 'imo', value: m[1]! });
      }
      const regime = text(record.UN_LIST_TYPE);
      entries.push({
        id,
        list: UN_LIST_NAME,
        type,
        name,
        aliases,
        countries,
        addresses,
        identifiers,
        reason: regime ? `UN sanctions regime ${regime}` : undefined,
      });
    }
  }
  return entries;
}

/** The line of a record in the source, found by its DATAID (the parser keeps no positions). */
function lineOf(xml: string, record: XmlNode): number | undefined {
  const dataId = text(record.DATAID);
  if (!dataId) return undefined;
  const at = xml.indexOf(`<DATAID>${dataId}</DATAID>`);
  if (at < 0) return undefined;
  let line = 1;
  for (let i = 0; i < at; i++) if (xml.charCodeAt(i) === 10) line++;
  return line;
}
