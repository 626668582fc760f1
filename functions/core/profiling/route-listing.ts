/**
 * A route condition's evidence says why a place matched: `listed port PAMIT` (the rule lists
 * the port) or `listed country EC` (the rule lists the country the port is in). The words are
 * written here and read back here, so the flag's evidence is the one record of which places
 * of the consignment the risk profile lists (the API shows them on the route map).
 */
export type RouteListingKind = 'port' | 'country';

/** The evidence's `detail` for a place a route rule lists. */
export function routeListingDetail(kind: RouteListingKind, code: string): string {
  return `listed ${kind} ${code}`;
}

/** What a route evidence `detail` lists, or undefined when it is not a route listing. */
export function parseRouteListing(detail: unknown): { kind: RouteListingKind; code: string } | undefined {
  if (typeof detail !== 'string') return undefined;
  const m = /^listed (port|country) ([A-Z0-9]{2,5})$/.exec(detail);
  return m ? { kind: m[1] as RouteListingKind, code: m[2] as string } : undefined;
}
