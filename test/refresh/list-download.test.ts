import { describe, expect, it } from 'vitest';
import { createListDownloader } from '#adapters/list-download.ts';
import { listSourcesAt } from '#core/watchlists/list-sources.ts';

const [, un] = listSourcesAt('http://127.0.0.1:9/');

function fakeFetch(answers: (() => Promise<Response>)[]) {
  const calls: string[] = [];
  const fetchFn = (async (url: string) => {
    calls.push(String(url));
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

describe('list downloads', () => {
  it('retries a dropped connection once, and dates the edition by Last-Modified', async () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const { calls, fetchFn } = fakeFetch([
      async () => {
        throw reset;
      },
      async () => new Response('<xml/>', { headers: { 'last-modified': 'Mon, 30 Nov 2026 08:00:00 GMT' } }),
    ]);
    const edition = await createListDownloader({ fetch: fetchFn })(un!);
    expect(calls).toHaveLength(2);
    expect(edition).toEqual({ texts: { xml: '<xml/>' }, lastModified: '2026-11-30T08:00:00.000Z' });
  });

  it('names the address and the reason: connection refused twice, an error status, no answer in time', async () => {
    const refused = () =>
      Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    await expect(createListDownloader({ fetch: fakeFetch([refused, refused]).fetchFn })(un!)).rejects.toThrow(
      'http://127.0.0.1:9/un-sc-consolidated.xml: cannot be downloaded (ECONNREFUSED)',
    );
    const notFound = fakeFetch([async () => new Response('gone', { status: 503 })]);
    await expect(createListDownloader({ fetch: notFound.fetchFn })(un!)).rejects.toThrow(
      'the server answered HTTP 503',
    );
    const timeout = fakeFetch([
      () => Promise.reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' })),
    ]);
    await expect(createListDownloader({ fetch: timeout.fetchFn, timeoutMs: 2_000 })(un!)).rejects.toThrow(
      'no answer within 2 s',
    );
    expect(timeout.calls).toHaveLength(1);
  });
});
