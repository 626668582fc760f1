/**
 * What the `npm start` demo does through the HTTP API, as the demo users: an officer uploads
 * through a presigned URL, an analyst waits for the manifest and reads the flags with their
 * evidence. Everything goes over real HTTP with real tokens, as a browser or the CLI would.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { MANIFEST_ID_LENGTH } from '#adapters/pipeline-resources.ts';
import type {
  FlaggedDetail,
  FlaggedPage,
  ManifestPage,
  ManifestSummary,
  UploadResponse,
} from '#schemas/api.ts';
import type { ContainerAssessment } from '#schemas/assessment.ts';
import { renderTable } from '../cli/commands/profile.ts';
import type { LocalStack } from './local-stack.ts';

export interface DemoApiClient {
  upload(input: { fileName: string; body: Buffer; port: string; contentType: string }): Promise<string>;
  /** Waits until the newest manifest of `port` received after `since` is complete or rejected. */
  waitForManifest(port: string, since: number, timeoutMs?: number): Promise<ManifestSummary>;
  /** The manifest with this id, or undefined if the pipeline has none. */
  manifest(port: string, id: string): Promise<ManifestSummary | undefined>;
  /** Waits until the manifest with this id has finished (no longer received or queued). */
  waitForManifestId(port: string, id: string, timeoutMs?: number): Promise<ManifestSummary>;
  flaggedTable(port: string, manifestId: string, limit?: number): Promise<string>;
  tokens(): Promise<{ username: string; groups: string[]; token: string }[]>;
}

/** The id ingest gives these bytes uploaded to this port (a hash of both), so a re-upload is recognised. */
export function manifestIdOf(port: string, body: Uint8Array): string {
  return createHash('sha256').update(`${port}\n`).update(body).digest('hex').slice(0, MANIFEST_ID_LENGTH);
}

/** Still being ingested or profiled; any other status is where the manifest ended. */
const IN_PROGRESS = new Set(['received', 'queued']);

export class ManifestTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestTimeoutError';
  }
}

export function demoApiClient(stack: LocalStack): DemoApiClient {
  const tokenFor = (username: string) => stack.identity.signIn(username);
  const user = (role: string, port: string) =>
    stack.identity.users.find((u) => u.groups.includes(role) && u.groups.includes(`port:${port}`))
      ?.username ?? 'admin';

  async function call<T>(username: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await request(username, method, path, body);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async function request(username: string, method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokenFor(username)}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  }

  async function manifest(port: string, id: string): Promise<ManifestSummary | undefined> {
    const res = await request(user('analyst', port), 'GET', `/manifests/${id}`);
    if (res.status === 404) return undefined;
    const text = await res.text();
    if (!res.ok) throw new Error(`GET /manifests/${id}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as ManifestSummary;
  }

  return {
    async upload({ fileName, body, port, contentType }) {
      const grant = await call<UploadResponse>(user('officer', port), 'POST', '/uploads', {
        port,
        fileName,
        contentType,
        contentLength: body.length,
      });
      const put = await fetch(grant.uploadUrl, { method: 'PUT', headers: grant.headers, body });
      if (!put.ok) throw new Error(`upload of ${fileName} failed: HTTP ${put.status} ${await put.text()}`);
      return grant.key;
    },

    async waitForManifest(port, since, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      const sinceIso = new Date(performance.timeOrigin + since - 1000).toISOString();
      while (Date.now() < deadline) {
        const page = await call<z.infer<typeof ManifestPage>>(
          user('analyst', port),
          'GET',
          `/manifests?port=${port}&limit=5`,
        );
        const newest = page.items.find((m) => m.receivedAt >= sinceIso) ?? undefined;
        if (newest && (newest.status === 'complete' || newest.status === 'rejected')) return newest;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new ManifestTimeoutError(`no manifest of ${port} completed within ${timeoutMs / 1000} s`);
    },

    manifest,

    async waitForManifestId(port, id, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      let last: ManifestSummary | undefined;
      while (Date.now() < deadline) {
        last = await manifest(port, id);
        if (last && !IN_PROGRESS.has(last.status)) return last;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new ManifestTimeoutError(
        last
          ? `manifest ${id} is still ${last.status} after ${timeoutMs / 1000} s`
          : `manifest ${id} did not appear within ${timeoutMs / 1000} s (is the intake queue running?)`,
      );
    },

    async flaggedTable(port, manifestId, limit = 25) {
      const analyst = user('analyst', port);
      const assessments: ContainerAssessment[] = [];
      let cursor: string | undefined;
      do {
        const page = await call<z.infer<typeof FlaggedPage>>(
          analyst,
          'GET',
          `/flagged?port=${port}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
        for (const item of page.items.filter((i) => i.manifestId === manifestId)) {
          const detail = await call<FlaggedDetail>(analyst, 'GET', `/flagged/${encodeURIComponent(item.id)}`);
          if (detail.assessment) assessments.push(detail.assessment);
        }
        cursor = page.nextCursor;
      } while (cursor);
      return renderTable({ assessments }, limit);
    },

    async tokens() {
      return Promise.all(
        stack.identity.users.map(async (u) => ({
          username: u.username,
          groups: u.groups,
          token: await tokenFor(u.username),
        })),
      );
    },
  };
}
