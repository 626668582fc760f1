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

/** The UN list nests five levels deep; anything far deeper is not the list (or an attack on the parser). */
const MAX_NESTING = 32;
const DOCTYPE = /<!DOCTYPE/i;

export function parseUnConsolidatedXml(xml: string, file = 'UN_consolidated.xml'): WatchlistEntry[] {
  // The published list has no DTD. A DOCTYPE is refused outright: its entity declarations are
  // how XML reads local files (external entities), fetches URLs (parameter entities) or grows
  // without bound (entity expansion), and no real list needs them.
  const doctype = DOCTYPE.exec(xml);
  if (doctype) {
    throw new WatchlistError(
      file,
      lineAt(xml, doctype.index),
      'a DOCTYPE (DTD or entity declarations) is not accepted in a UN consolidated list',
    );
  }
  let doc: XmlNode;
  try {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) {
      throw new WatchlistError(file, valid.err.line, `not well-formed XML: ${oneLine(valid.err.msg)}`);
    }
    const parser = new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: true,
      isArray: (name) => ARRAY_TAGS.has(name),
      maxNestedTags: MAX_NESTING,
    });
    doc = parser.parse(xml) as XmlNode;
  } catch (err) {
    if (err instanceof WatchlistError) throw err;
    const message = oneLine((err as Error).message ?? String(err));
    throw new WatchlistError(
      file,
      undefined,
      /nested tags/i.test(message)
        ? `elements nested more than ${MAX_NESTING} levels deep: not a UN consolidated list`
        : `not a readable UN consolidated list (${message})`,
    );
  }
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
      // Sets keep the de-duplication linear: a record can carry a great many aliases.
      const aliases = new Set<string>();
      const addAlias = (alias: string) => {
        if (alias && alias !== name) aliases.add(alias);
      };
      for (const alias of nodes(record[`${tag}_ALIAS`])) {
        // Some records pack several spellings into one alias: "Ghasim Soleymani; Ghasem Sulaymani".
        for (const part of text(alias.ALIAS_NAME).split(';')) addAlias(part.trim());
      }
      for (const original of (record.NAME_ORIGINAL_SCRIPT as unknown[] | undefined) ?? [])
        addAlias(text(original));

      const countries = new Set<string>();
      const addCountry = (c: string) => {
        if (c) countries.add(c);
      };
      for (const v of ((record.NATIONALITY as XmlNode | undefined)?.VALUE as unknown[] | undefined) ?? []) {
        addCountry(text(v));
      }
      const addresses = new Set<string>();
      for (const address of nodes(record[`${tag}_ADDRESS`])) {
        const full = ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE', 'COUNTRY']
          .map((k) => text(address[k]))
          .filter(Boolean)
          .join(', ');
        if (full) addresses.add(full);
        addCountry(text(address.COUNTRY));
      }
      const identifiers: { type: string; value: string }[] = [];
      const imos = new Set<string>();
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
        if (!imos.has(m[1]!)) {
          imos.add(m[1]!);
          identifiers.push({ type: 'imo', value: m[1]! });
        }
      }
      const regime = text(record.UN_LIST_TYPE);
      entries.push({
        id,
        list: UN_LIST_NAME,
        type,
        name,
        aliases: [...aliases],
        countries: [...countries],
        addresses: [...addresses],
        identifiers,
        reason: regime ? `UN sanctions regime ${regime}` : undefined,
      });
    }
  }
  return entries;
}

function oneLine(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

function lineAt(xml: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (xml.charCodeAt(i) === 10) line++;
  return line;
}

/** The line of a record in the source, found by its DATAID (the parser keeps no positions). */
function lineOf(xml: string, record: XmlNode): number | undefined {
  const dataId = text(record.DATAID);
  if (!dataId) return undefined;
  const at = xml.indexOf(`<DATAID>${dataId}</DATAID>`);
  return at < 0 ? undefined : lineAt(xml, at);
}
