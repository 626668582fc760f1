/**
 * What the end-to-end tests do against a running local stack: call the HTTP API as a demo
 * user (a real signed token), read every page of a flag list, and poll until something holds.
 */
import { expect } from 'vitest';
import type { LocalStack } from '../../local/local-stack.ts';

export interface StackApi {
  /** One API call as `username`; the body parsed as JSON (undefined when empty). */
  api<T = any>(
    username: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /** Every item of `GET /flagged?{query}`, page by page (`limit` small, so paging is exercised). */
  allFlagged(username: string, query: string, limit?: number): Promise<any[]>;
}

export function stackApi(stack: LocalStack): StackApi {
  async function api<T = any>(username: string, method: string, path: string, body?: unknown) {
    const token = await stack.identity.signIn(username);
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
  return {
    api,
    async allFlagged(username, query, limit = 7) {
      const items: any[] = [];
      let cursor: string | undefined;
      do {
        const page = await api(
          username,
          'GET',
          `/flagged?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.status).toBe(200);
        items.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return items;
    },
  };
}

/** Polls `probe` until it returns a value (not undefined); throws naming `what` after the timeout. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}
