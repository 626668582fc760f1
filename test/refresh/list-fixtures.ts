/**
 * Editions of the public lists for the refresh tests, derived from the bundled real files
 * (data/watchlists/): the first OFAC SDN entries with their alt/add rows, and the whole UN
 * list, written to a folder in the layout of data/watchlists/ and served over HTTP on
 * 127.0.0.1, as a mirror of the official addresses would serve them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { WatchlistEntry } from '#schemas/watchlist.ts';

const BUNDLED = resolve(import.meta.dirname, '../../data/watchlists');

export type Edition = { sdn: string[]; alt: string[]; add: string[]; un: string };

/** The first `count` SDN entries (and their aliases and addresses) and the UN list, as published. */
export function bundledEdition(count: number): Edition {
  const lines = (file: string) =>
    readFileSync(join(BUNDLED, 'ofac-sdn', file), 'latin1')
      .replace(/\x1a\s*$/, '')
      .split(/\r\n/)
      .filter((l) => l.trim() !== '');
  const sdn = lines('sdn.csv').slice(0, count);
  const ids = new Set(sdn.map((l) => l.split(',', 1)[0]));
  const ofId = (l: string) => ids.has(l.split(',', 1)[0]);
  return {
    sdn,
    alt: lines('alt.csv').filter(ofId),
    add: lines('add.csv').filter(ofId),
    un: readFileSync(join(BUNDLED, 'un-sc-consolidated.xml'), 'utf8'),
  };
}

/** An SDN row of an organisation (no SDN_Type) under a programme. */
export function sdnRow(id: number, name: string, program: string): string {
  return `${id},"${name}",-0- ,"${program}",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `;
}

export function writeEdition(folder: string, edition: Edition): void {
  mkdirSync(join(folder, 'ofac-sdn'), { recursive: true });
  // As OFAC publishes them: CRLF line ends and the DOS end-of-file byte.
  const csv = (rows: string[]) => `${rows.join('\r\n')}\r\n\x1a`;
  writeFileSync(join(folder, 'ofac-sdn', 'sdn.csv'), csv(edition.sdn), 'latin1');
  writeFileSync(join(folder, 'ofac-sdn', 'alt.csv'), csv(edition.alt), 'latin1');
  writeFileSync(join(folder, 'ofac-sdn', 'add.csv'), csv(edition.add), 'latin1');
  writeFileSync(join(folder, 'un-sc-consolidated.xml'), edition.un, 'utf8');
}

/** Serves a folder's files read at request time, so a test can publish a new edition in place. */
export async function serveFolder(folder: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    try {
      const body = readFileSync(join(folder, path));
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  return listen(server);
}

/** A server that accepts the connection and never answers. */
export async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(() => {});
  return listen(server);
}

async function listen(server: Server) {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Three entries of the two public lists, for status tests that need no real edition. */
export function sampleWatchlist(): WatchlistEntry[] {
  const base = { aliases: [], countries: [], addresses: [], identifiers: [] };
  return [
    { ...base, id: '306', list: 'OFAC-SDN', type: 'organization', name: 'BANCO NACIONAL DE CUBA' },
    { ...base, id: '424', list: 'OFAC-SDN', type: 'organization', name: 'BOUTIQUE LA MAISON' },
    { ...base, id: 'CDi.001', list: 'UN-SC', type: 'person', name: 'ERIC BADEGE' },
  ];
}
