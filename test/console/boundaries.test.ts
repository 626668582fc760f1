/**
 * The console talks only to the HTTP API: it may take types from schemas/ (erased at build)
 * but imports nothing from functions/ or local/, and no value from schemas/ (which would
 * pull server code into the browser bundle).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../console/src');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );

describe('console import boundaries', () => {
  it('imports nothing from functions/ or local/, and only types from schemas/', () => {
    const offences: string[] = [];
    for (const file of files(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(import|export)(\s+type)?[^'"]*from\s+'([^']+)'/gm)) {
        const [, , typeOnly, specifier] = m;
        const where = `${relative(root, file)}: ${specifier}`;
        if (/(^|\/)(functions|local)\//.test(specifier as string)) offences.push(where);
        if (/(^|\/)schemas\//.test(specifier as string) && !typeOnly) offences.push(`${where} (a value)`);
      }
    }
    expect(offences).toEqual([]);
  });
});
