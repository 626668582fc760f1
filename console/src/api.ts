/**
 * The console's only way to the data: the HTTP API (schemas/api.ts is the contract; types only
 * are imported, nothing runs from the server's code). The token lives in memory only.
 */
import type { z } from 'zod';
import type {
  ApiErrorBody,
  FlaggedDetail,
  FlaggedPage as FlaggedPageSchema,
  FlaggedPatch,
  ManifestDetail,
  ManifestFlaggedPage,
  ManifestPage as ManifestPageSchema,
  SearchResponse,
  StatsResponse,
  UploadRequest,
  UploadResponse,
} from '../../schemas/api.ts';
import type { ClearanceCreateRequest, ClearancePage, ClearanceView } from '../../schemas/clearance-api.ts';

type FlaggedPage = z.infer<typeof FlaggedPageSchema>;
type ManifestPage = z.infer<typeof ManifestPageSchema>;

export type {
  Consignment,
  Decision,
  FlaggedDetail,
  FlaggedSummary,
  ManifestDetail,
  ManifestSummary,
  SearchResponse,
  SearchResult,
  StatsResponse,
} from '../../schemas/api.ts';
export type { Evidence, RuleHit } from '../../schemas/assessment.ts';
export type { ClearancePage, ClearanceView } from '../../schemas/clearance-api.ts';

export type ApiErrorCode = ApiErrorBody['error']['code'];

/** A refusal from the API (its code is stable; the console translates it) or a network failure. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | 'network' | 'unknown',
    message: string,
    readonly field?: string,
    readonly currentVersion?: number,
  ) {
    super(message);
  }
}

export type Session = {
  token: string;
  username: string;
  roles: ('officer' | 'analyst' | 'admin')[];
  /** The ports the token grants; `all` for an admin. */
  ports: string[] | 'all';
  expiresAt: number;
};

/** Reads the claims the API reads (the API verifies the signature; this only decides what to show). */
export function sessionFromToken(token: string): Session {
  const payload = JSON.parse(
    decodeURIComponent(escape(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')))),
  ) as Record<string, unknown>;
  const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as string[]) : [];
  const roles = groups.filter((g): g is Session['roles'][number] =>
    ['officer', 'analyst', 'admin'].includes(g),
  );
  const ports = groups.filter((g) => g.startsWith('port:')).map((g) => g.slice(5));
  return {
    token,
    username: String(payload['cognito:username'] ?? payload.sub ?? ''),
    roles,
    ports: roles.includes('admin') ? 'all' : ports,
    expiresAt: Number(payload.exp ?? 0) * 1000,
  };
}

export type Api = ReturnType<typeof createApi>;

export function createApi(options: {
  base?: string;
  token: () => string | undefined;
  onUnauthorized(): void;
}) {
  const base = options.base ?? '';

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(options.token() && { authorization: `Bearer ${options.token()}` }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new ApiFailure(0, 'network', (err as Error).message);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (res.ok) return parsed as T;
    if (res.status === 401) options.onUnauthorized();
    const error = (parsed as ApiErrorBody | undefined)?.error;
    if (error?.code) {
      throw new ApiFailure(res.status, error.code, error.message, error.field, error.currentVersion);
    }
    throw new ApiFailure(res.status, res.status === 401 ? 'unauthenticated' : 'unknown', text.slice(0, 200));
  }

  const query = (params: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
    const s = search.toString();
    return s ? `?${s}` : '';
  };

  return {
    signIn: (username: string, password: string) =>
      request<{ token: string }>('POST', '/local/sign-in', { username, password }),
    manifests: (params: { port?: string; cursor?: string; limit?: number }) =>
      request<ManifestPage>('GET', `/manifests${query(params)}`),
    manifest: (id: string) => request<ManifestDetail>('GET', `/manifests/${encodeURIComponent(id)}`),
    manifestFlagged: (id: string, params: { cursor?: string; limit?: number }) =>
      request<ManifestFlaggedPage>('GET', `/manifests/${encodeURIComponent(id)}/flagged${query(params)}`),
    flagged: (params: Record<string, string | number | undefined>) =>
      request<FlaggedPage>('GET', `/flagged${query(params)}`),
    flag: (id: string) => request<FlaggedDetail>('GET', `/flagged/${encodeURIComponent(id)}`),
    decide: (id: string, patch: FlaggedPatch) =>
      request<FlaggedDetail>('PATCH', `/flagged/${encodeURIComponent(id)}`, patch),
    stats: (params: { port?: string; from?: string; to?: string }) =>
      request<StatsResponse>('GET', `/stats${query(params)}`),
    search: (params: { q: string; kind?: string; port?: string; limit?: number }) =>
      request<SearchResponse>(
        'GET',
        `/search${query({ ...params, kind: params.kind === 'auto' ? undefined : params.kind })}`,
      ),
    createUpload: (body: UploadRequest) => request<UploadResponse>('POST', '/uploads', body),
    clearances: (params: { port?: string }) => request<ClearancePage>('GET', `/clearances${query(params)}`),
    clearHit: (body: ClearanceCreateRequest) => request<ClearanceView>('POST', '/clearances', body),
    revokeClearance: (id: string, reason: string) =>
      request<ClearanceView>('POST', `/clearances/${encodeURIComponent(id)}/revoke`, { reason }),
  };
}

/**
 * The presigned PUT with real progress: fetch() cannot report upload progress, an
 * XMLHttpRequest can. The signed headers are sent exactly as the API returned them.
 */
export function putWithProgress(
  upload: UploadResponse,
  file: Blob,
  onProgress: (sent: number, total: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', upload.uploadUrl);
    for (const [name, value] of Object.entries(upload.headers)) {
      // The browser sets Content-Length itself and refuses to have it set.
      if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new ApiFailure(xhr.status, 'unknown', `storage answered HTTP ${xhr.status}`));
    xhr.onerror = () => reject(new ApiFailure(0, 'network', 'the upload connection failed'));
    xhr.send(file);
  });
}

/** The manifest id the pipeline will give this file: sha256("{port}\n" + bytes), 32 hex digits. */
export async function manifestIdOf(port: string, file: Blob): Promise<string> {
  const prefix = new TextEncoder().encode(`${port}\n`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const all = new Uint8Array(prefix.length + bytes.length);
  all.set(prefix);
  all.set(bytes, prefix.length);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  return [...digest]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, 32);
}
