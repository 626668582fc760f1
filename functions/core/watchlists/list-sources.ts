/**
 * Where the public lists are published, and how a downloaded edition is read. The official
 * addresses are defined here once; a mirror (or the tests' local server) is given as a base
 * URL holding the files in the layout of data/watchlists/ (`ofac-sdn/sdn.csv`, `alt.csv`,
 * `add.csv`, `un-sc-consolidated.xml`).
 */
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import { OFAC_LIST_NAME, parseOfacSdn } from './ofac-sdn.ts';
import { parseUnConsolidatedXml, UN_LIST_NAME } from './un-consolidated.ts';

export type ListSource = {
  list: string;
  format: 'ofac-sdn' | 'un-sc-xml';
  /** The files of one edition by role: OFAC `sdn`, `alt`, `add`; UN `xml`. */
  urls: Record<string, string>;
};

/** The official publication addresses (OFAC Sanctions List Service; UN Security Council). */
export const OFFICIAL_LIST_SOURCES: readonly ListSource[] = [
  {
    list: OFAC_LIST_NAME,
    format: 'ofac-sdn',
    urls: {
      sdn: 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV',
      alt: 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV',
      add: 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV',
    },
  },
  {
    list: UN_LIST_NAME,
    format: 'un-sc-xml',
    urls: { xml: 'https://scsanctions.un.org/resources/xml/en/consolidated.xml' },
  },
];

/** The same lists served from a mirror laid out like data/watchlists/. */
export function listSourcesAt(baseUrl: string): ListSource[] {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const at = (path: string) => new URL(path, base).toString();
  return [
    {
      list: OFAC_LIST_NAME,
      format: 'ofac-sdn',
      urls: { sdn: at('ofac-sdn/sdn.csv'), alt: at('ofac-sdn/alt.csv'), add: at('ofac-sdn/add.csv') },
    },
    { list: UN_LIST_NAME, format: 'un-sc-xml', urls: { xml: at('un-sc-consolidated.xml') } },
  ];
}

export type ParsedEdition = {
  entries: WatchlistEntry[];
  /** The edition's own date when the files say it (UN `dateGenerated`), else the server's Last-Modified. */
  listDate?: string;
};

const UN_DATE_GENERATED = /<CONSOLIDATED_LIST\b[^>]*\bdateGenerated="([^"]+)"/;

/** Parses a downloaded edition; a file that is not the list throws a WatchlistError naming it. */
export function parseEdition(
  source: ListSource,
  texts: Record<string, string>,
  lastModified?: string,
): ParsedEdition {
  if (source.format === 'ofac-sdn') {
    const entries = parseOfacSdn({
      sdn: texts.sdn ?? '',
      alt: texts.alt,
      add: texts.add,
      fileNames: source.urls,
    });
    return { entries, ...(lastModified && { listDate: lastModified }) };
  }
  const xml = texts.xml ?? '';
  const entries = parseUnConsolidatedXml(xml, source.urls.xml);
  const generated = UN_DATE_GENERATED.exec(xml.slice(0, 4096))?.[1] ?? lastModified;
  return { entries, ...(generated && { listDate: generated }) };
}
