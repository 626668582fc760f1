export {
  defaultWatchlistPaths,
  detectWatchlistFormat,
  loadWatchlist,
  type WatchlistFormat,
} from './load-watchlist.ts';
export { normalizeIdentifierValue, parseNativeWatchlistCsv } from './native-csv.ts';
export { OFAC_LIST_NAME, type OfacSdnFiles, parseOfacSdn } from './ofac-sdn.ts';
export { parseUnConsolidatedXml, UN_LIST_NAME } from './un-consolidated.ts';
export { WatchlistError } from './watchlist-error.ts';
