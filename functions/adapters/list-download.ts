import type { ListSource } from '#core/watchlists/list-sources.ts';
import { DEFAULTS } from './resource-settings.ts';

/**
 * Downloads the files of one list edition with Node's fetch, each with a timeout. A server
 * that does not answer, answers an error status or drops the connection gives a
 * ListUnavailableError naming the address: the refresh keeps the edition in use and raises
 * the alarm.
 */
export type DownloadedEdition = { texts: Record<string, string>; lastModified?: string };
export type ListDownloader = (source: ListSource) => Promise<DownloadedEdition>;

export class ListUnavailableError extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`${url}: ${reason}`);
    this.name = 'ListUnavailableError';
  }
}

export function createListDownloader(
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): ListDownloader {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.listFetchTimeoutMs;
  const fetchFn = options.fetch ?? fetch;
  return async (source) => {
    const texts: Record<string, string> = {};
    let lastModified: string | undefined;
    for (const [role, url] of Object.entries(source.urls)) {
      let response: Response;
      let body: string;
      try {
        const get = async () => {
          const answer = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
          return { answer, text: await answer.text() };
        };
        // One retry for a dropped connection (a kept-alive socket the server closed meanwhile);
        // a timeout is not retried: the server did not answer.
        const got = await get().catch((err: Error) => {
          if (err?.name === 'TimeoutError') throw err;
          return get();
        });
        response = got.answer;
        body = got.text;
      } catch (err) {
        const error = err as Error & { cause?: { code?: string } };
        const reason =
          error.name === 'TimeoutError'
            ? `no answer within ${timeoutMs / 1000} s`
            : `cannot be downloaded (${error.cause?.code ?? error.message})`;
        throw new ListUnavailableError(url, reason);
      }
      if (!response.ok) throw new ListUnavailableError(url, `the server answered HTTP ${response.status}`);
      texts[role] = body;
      const modified = response.headers.get('last-modified');
      if (modified && role !== 'alt' && role !== 'add') {
        const date = new Date(modified);
        if (!Number.isNaN(date.getTime())) lastModified = date.toISOString();
      }
    }
    return { texts, ...(lastModified && { lastModified }) };
  };
}
