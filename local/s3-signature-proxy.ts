/**
 * S3's authentication in front of s3rver, which checks no Signature Version 4 at all. Every
 * request must be signed with the local stack's credentials, as on AWS: either in the
 * Authorization header (the SDK clients of the handlers and `pcu publish`) or as a presigned
 * URL (officers' uploads, report links). The signature is recomputed with the SDK's own
 * signer, so an edited key, another content type or length, an expired URL or another
 * credential is refused with S3's XML error; s3rver itself listens only on a private socket.
 *
 * Stricter than S3 in one place, on purpose: a presigned PUT must sign content-length and
 * content-type, because the README promises that a grant is for one size and type.
 */
import { createHash, createHmac, type Hash, type Hmac, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest, QueryParameterBag, SourceData } from '@smithy/types';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface S3SignatureProxy {
  /** The S3 endpoint to give clients, e.g. `http://127.0.0.1:41234`. */
  url: string;
  address: AddressInfo;
  stop(): Promise<void>;
}

/** Why a request was refused, as S3 says it. */
export interface S3Refusal {
  status: 400 | 403;
  code: string;
  message: string;
}

export type S3Verdict = { ok: true; payloadHash: string } | ({ ok: false } & S3Refusal);

const SERVICE = 's3';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const MAX_PRESIGNED_SECONDS = 7 * 86_400;
const MAX_CLOCK_SKEW_MS = 15 * 60_000;
/** Header-signed bodies are read whole to check their SHA-256 before s3rver sees a byte. */
const MAX_BUFFERED_BODY_BYTES = 512 * 1024 * 1024;
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'expect',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
]);

/** node:crypto as the SDK's hash interface (an HMAC when given a key), as @smithy/hash-node does. */
export class Sha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }
  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.create();
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data as ArrayBuffer);
}

export interface S3RequestVerifier {
  verify(request: {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
    now?: Date;
  }): Promise<S3Verdict>;
}

export function createS3RequestVerifier(options: {
  credentials: S3Credentials;
  region: string;
}): S3RequestVerifier {
  const signer = new SignatureV4({
    service: SERVICE,
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
    // S3 signs the path as sent and never adds a payload hash header itself.
    uriEscapePath: false,
    applyChecksum: false,
  });

  function checkScope(credential: string, errorCode: string): { ok: true } | ({ ok: false } & S3Refusal) {
    const [accessKeyId, date, region, service, terminator, ...rest] = credential.split('/');
    if (
      !accessKeyId ||
      !date ||
      !region ||
      service !== SERVICE ||
      terminator !== 'aws4_request' ||
      rest.length
    )
      return refusal(
        400,
        errorCode,
        'Error parsing the credential: expected KEY/yyyymmdd/region/s3/aws4_request',
      );
    if (accessKeyId !== options.credentials.accessKeyId)
      return refusal(
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      );
    if (region !== options.region)
      return refusal(400, errorCode, `The region '${region}' is wrong; expecting '${options.region}'`);
    return { ok: true };
  }

  async function verifyPresigned(
    request: { method: string; path: string; query: QueryParameterBag; headers: IncomingHttpHeaders },
    now: Date,
  ): Promise<S3Verdict> {
    const q = (name: string) => single(request.query[name]);
    const code = 'AuthorizationQueryParametersError';
    if (q('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
      return refusal(400, code, 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
    const credential = q('X-Amz-Credential');
    const amzDate = q('X-Amz-Date');
    const expires = q('X-Amz-Expires');
    const signedHeaders = q('X-Amz-SignedHeaders');
    const signature = q('X-Amz-Signature');
    if (!credential || !amzDate || !expires || !signedHeaders || !signature)
      return refusal(
        400,
        code,
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
    const scope = checkScope(credential, code);
    if (!scope.ok) return scope;
    const signingDate = parseAmzDate(amzDate);
    if (!signingDate)
      return refusal(400, code, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    const expiresIn = Number(expires);
    if (!/^\d+$/.test(expires) || expiresIn < 1 || expiresIn > MAX_PRESIGNED_SECONDS)
      return refusal(400, code, 'X-Amz-Expires must be between 1 and 604800 seconds');
    if (now.getTime() > signingDate.getTime() + expiresIn * 1000)
      return refusal(403, 'AccessDenied', 'Request has expired');
    if (signingDate.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS)
      return refusal(403, 'AccessDenied', 'Request is not valid yet');
    const signed = signedHeaders.split(';');
    if (!signed.includes('host')) return refusal(400, code, 'X-Amz-SignedHeaders must include host');
    if (request.method === 'PUT' && !(signed.includes('content-length') && signed.includes('content-type')))
      return refusal(403, 'AccessDenied', 'A presigned PUT must sign content-length and content-type');

    const { 'X-Amz-Signature': _signature, ...query } = request.query;
    const computed = await signer.presign(
      {
        method: request.method,
        protocol: 'http:',
        hostname: 'localhost',
        path: request.path,
        query,
        headers: pickHeaders(request.headers, signed),
        // Not a string or bytes: the signer takes the payload as UNSIGNED-PAYLOAD, as S3 does for presigned URLs.
        body: {},
      } satisfies HttpRequest,
      {
        signingDate,
        expiresIn,
        signableHeaders: new Set(signed),
        unhoistableHeaders: new Set(signed.filter((h) => h.startsWith('x-amz-'))),
      },
    );
    if (!sameSignature(single(computed.query?.['X-Amz-Signature']), signature)) return signatureMismatch();
    return { ok: true, payloadHash: UNSIGNED_PAYLOAD };
  }

  async function verifyHeaderSigned(
    request: { method: string; path: string; query: QueryParameterBag; headers: IncomingHttpHeaders },
    authorization: string,
    now: Date,
  ): Promise<S3Verdict> {
    const code = 'AuthorizationHeaderMalformed';
    const match =
      /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/.exec(
        authorization,
      );
    if (!match) {
      if (/^AWS\s/.test(authorization))
        return refusal(
          400,
          'InvalidRequest',
          'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
        );
      return refusal(
        400,
        code,
        'The authorization header is malformed; it requires Credential, SignedHeaders and Signature.',
      );
    }
    const [, credential, signedHeaders, signature] = match as unknown as [string, string, string, string];
    const scope = checkScope(credential, code);
    if (!scope.ok) return scope;
    const amzDate = header(request.headers, 'x-amz-date');
    const signingDate = amzDate ? parseAmzDate(amzDate) : undefined;
    if (!signingDate)
      return refusal(403, 'AccessDenied', 'AWS authentication requires a valid x-amz-date header');
    if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_CLOCK_SKEW_MS)
      return refusal(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
      );
    const payloadHash = header(request.headers, 'x-amz-content-sha256');
    if (!payloadHash)
      return refusal(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
    if (payloadHash !== UNSIGNED_PAYLOAD && !/^[0-9a-f]{64}$/.test(payloadHash))
      return refusal(
        400,
        'InvalidArgument',
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD or the hex SHA-256 of the body (streaming signatures are not supported locally)',
      );
    const signed = signedHeaders.split(';');
    if (
      !signed.includes('host') ||
      !signed.includes('x-amz-date') ||
      !signed.includes('x-amz-content-sha256')
    )
      return refusal(400, code, 'SignedHeaders must include host, x-amz-date and x-amz-content-sha256');

    const computed = await signer.sign(
      {
        method: request.method,
        protocol: 'http:',
        hostname: 'localhost',
        path: request.path,
        query: request.query,
        headers: pickHeaders(request.headers, signed),
      } satisfies HttpRequest,
      { signingDate, signableHeaders: new Set(signed) },
    );
    const recomputed = /Signature=([0-9a-f]{64})/.exec(String(computed.headers.authorization))?.[1];
    if (!sameSignature(recomputed, signature)) return signatureMismatch();
    return { ok: true, payloadHash };
  }

  return {
    async verify({ method, url, headers, now = new Date() }) {
      const queryStart = url.indexOf('?');
      const path = queryStart < 0 ? url : url.slice(0, queryStart);
      const query = parseQuery(queryStart < 0 ? '' : url.slice(queryStart + 1));
      if (!query) return refusal(400, 'InvalidArgument', 'The query string is not correctly percent-encoded');
      const request = { method: method.toUpperCase(), path, query, headers };
      const authorization = header(headers, 'authorization');
      const presigned = 'X-Amz-Algorithm' in query;
      if (authorization && presigned)
        return refusal(
          400,
          'InvalidArgument',
          'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified',
        );
      if (presigned) return verifyPresigned(request, now);
      if (authorization) return verifyHeaderSigned(request, authorization, now);
      if ('Signature' in query || 'AWSAccessKeyId' in query)
        return refusal(
          400,
          'InvalidRequest',
          'Signature Version 2 is not supported. Please use AWS4-HMAC-SHA256.',
        );
      // The bucket is private, as the CDK stack's is: anonymous requests are refused.
      return refusal(403, 'AccessDenied', 'Access Denied');
    },
  };
}

/**
 * Listens on `host` (loopback) and forwards verified requests to s3rver on its private
 * socket; refuses the rest with S3's XML error without reading their bodies.
 */
export async function startS3SignatureProxy(options: {
  upstreamSocketPath: string;
  credentials: S3Credentials;
  region: string;
  host: string;
}): Promise<S3SignatureProxy> {
  const verifier = createS3RequestVerifier(options);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  async function handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
    // A CORS preflight carries no credentials; S3 answers it from the bucket's CORS rules (the
    // browser then sends the signed request itself, which is verified like any other).
    if (req.method === 'OPTIONS' && req.headers.origin && req.headers['access-control-request-method']) {
      return forward(req, res, undefined);
    }
    const verdict = await verifier.verify({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
    });
    if (!verdict.ok) return refuse(req, res, verdict);
    if (expectsContinue) res.writeContinue();
    let body: Buffer | undefined;
    if (verdict.payloadHash !== UNSIGNED_PAYLOAD) {
      body = await readBody(req, MAX_BUFFERED_BODY_BYTES);
      if (!body)
        return refuse(
          req,
          res,
          refusal(400, 'EntityTooLarge', 'Your proposed upload exceeds the local limit for a signed body'),
        );
      if (createHash('sha256').update(body).digest('hex') !== verdict.payloadHash)
        return refuse(
          req,
          res,
          refusal(
            400,
            'XAmzContentSHA256Mismatch',
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
          ),
        );
    }
    forward(req, res, body);
  }

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined): void {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    if (body) headers['content-length'] = String(body.length);
    const upstream = httpRequest(
      { socketPath: options.upstreamSocketPath, method: req.method, path: req.url, headers, agent },
      (upstreamRes) => {
        const responseHeaders: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(upstreamRes.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) responseHeaders[name] = value;
        }
        res.writeHead(upstreamRes.statusCode ?? 502, responseHeaders);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent)
        sendError(res, req, 500, 'InternalError', 'We encountered an internal error. Please try again.');
      else res.destroy();
    });
    // A client that goes away mid-upload must not leave half an object behind it.
    req.on('close', () => {
      if (!req.complete) upstream.destroy();
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (body) upstream.end(body);
    else req.pipe(upstream);
  }

  const server: Server = createServer();
  server.on('request', (req, res) => {
    handle(req, res, false).catch(() => res.destroy());
  });
  // Checked before the client sends the body: a refused upload never transfers it.
  server.on('checkContinue', (req, res) => {
    handle(req, res, true).catch(() => res.destroy());
  });
  await listen(server, options.host);
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${address.port}`,
    address,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}

function listen(server: Server, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function refuse(req: IncomingMessage, res: ServerResponse, refusal: S3Refusal): void {
  // An unread body is not drained: the connection closes after the answer, as S3 does.
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.complete) res.setHeader('connection', 'close');
  sendError(res, req, refusal.status, refusal.code, refusal.message);
}

function sendError(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  code: string,
  message: string,
): void {
  const resource = (req.url ?? '/').split('?')[0] ?? '/';
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>` +
    `<Resource>${escapeXml(resource)}</Resource><RequestId>${randomUUID()}</RequestId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID() });
  res.end(req.method === 'HEAD' ? undefined : xml);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function refusal(status: 400 | 403, code: string, message: string): { ok: false } & S3Refusal {
  return { ok: false, status, code, message };
}

function signatureMismatch(): { ok: false } & S3Refusal {
  return refusal(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  );
}

function sameSignature(computed: string | undefined, provided: string): boolean {
  if (computed === undefined || computed.length !== provided.length) return false;
  return timingSafeEqual(Buffer.from(computed), Buffer.from(provided));
}

/** Decodes a raw query string as S3 does; undefined when a percent-escape is malformed. */
function parseQuery(raw: string): QueryParameterBag | undefined {
  const query: QueryParameterBag = {};
  if (raw === '') return query;
  try {
    for (const pair of raw.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const key = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
      const existing = query[key];
      if (existing === undefined || existing === null) query[key] = value;
      else query[key] = [...(Array.isArray(existing) ? existing : [existing]), value];
    }
  } catch {
    return undefined;
  }
  return query;
}

function pickHeaders(headers: IncomingHttpHeaders, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = header(headers, name);
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function single(value: string | (string | null)[] | null | undefined): string | undefined {
  if (Array.isArray(value)) return undefined;
  return value ?? undefined;
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
