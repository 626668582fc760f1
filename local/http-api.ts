/**
 * The HTTP API on loopback: turns requests into API Gateway v2 (HTTP API) events for the same
 * handlers that run on AWS, after checking the bearer token as the JWT authorizer would
 * (signature, issuer, audience, expiry). Claims reach the handler as API Gateway passes them:
 * every value a string, arrays written `[a b c]`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { JWTPayload } from 'jose';

export type HttpHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

export interface LocalRoute {
  method: string;
  /** API Gateway route path, e.g. `/flagged/{id}`. */
  path: string;
  handler: HttpHandler;
  /** No authorizer (e.g. the OpenAPI document). */
  public?: boolean;
}

export interface LocalHttpApi {
  url: string;
  stop(): Promise<void>;
}

/** Extra routes served only locally (sign-in); they get the raw request. */
export type LocalOnlyRoute = {
  method: string;
  path: string;
  handle(request: { body: string; query: URLSearchParams }): Promise<{ status: number; body: unknown }>;
};

const MAX_BODY_BYTES = 1024 * 1024;

/** The API port is taken: the caller says so in one line, naming the port. */
export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use`);
    this.name = 'PortInUseError';
  }
}

export async function startHttpApi(options: {
  routes: LocalRoute[];
  localRoutes?: LocalOnlyRoute[];
  verifyToken(token: string): Promise<JWTPayload | undefined>;
  /** Serves what no API route matched (the web console's files); returns whether it answered. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => boolean;
  host?: string;
  port?: number;
}): Promise<LocalHttpApi> {
  const compiled = options.routes.map((route) => ({ ...route, match: compilePath(route.path) }));

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      // The handler failed unexpectedly: API Gateway answers 500 without details.
      console.error('local API: handler error', err);
      send(res, 500, { message: 'Internal Server Error' });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    if (body === undefined) {
      // The rest of the body is not read: the connection closes after the answer.
      res.setHeader('connection', 'close');
      return send(res, 413, { message: 'Request Entity Too Large' });
    }

    const local = options.localRoutes?.find((r) => r.method === method && r.path === url.pathname);
    if (local) {
      const result = await local.handle({ body, query: url.searchParams });
      return send(res, result.status, result.body);
    }

    let pathParameters: Record<string, string> | undefined;
    const route = compiled.find((r) => {
      if (r.method !== method) return false;
      pathParameters = r.match(url.pathname);
      return pathParameters !== undefined;
    });
    if (!route) {
      if (options.fallback?.(req, res)) return;
      return send(res, 404, { message: 'Not Found' });
    }

    let claims: Record<string, string> = {};
    if (!route.public) {
      const header = req.headers.authorization ?? '';
      const token = header.replace(/^Bearer\s+/i, '');
      const payload = token ? await options.verifyToken(token) : undefined;
      // As the JWT authorizer: no token lives for ever, whoever verified its signature.
      if (!payload || typeof payload.exp !== 'number' || payload.exp * 1000 <= Date.now())
        return send(res, 401, { message: 'Unauthorized' });
      claims = flattenClaims(payload);
    }

    const event = toEvent({
      req,
      url,
      method,
      body,
      routeKey: `${method} ${route.path}`,
      pathParameters,
      claims,
    });
    const result = await route.handler(event, lambdaContext());
    sendResult(res, result);
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, options.port ?? 0) : err),
    );
    server.listen(options.port ?? 0, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `/flagged/{id}` -> a matcher returning `{ id }`, or undefined when the path doesn't match. */
export function compilePath(path: string): (actual: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\+?\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1] as string);
      return '([^/]+)';
    })
    .join('/');
  const regex = new RegExp(`^${pattern}/?$`);
  return (actual) => {
    const m = regex.exec(actual);
    if (!m) return undefined;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = decodePathSegment(m[i + 1] as string);
    });
    return params;
  };
}

/**
 * A malformed percent-escape (`%E0%A4%A`) is passed on as written, not thrown as a URIError:
 * the handler then refuses the id with a 4xx naming it, as it does any other id it cannot use.
 */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** API Gateway HTTP APIs pass JWT claims as strings; arrays become `[a b c]`. */
export function flattenClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    claims[name] = Array.isArray(value)
      ? `[${value.join(' ')}]`
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  }
  return claims;
}

function toEvent(input: {
  req: IncomingMessage;
  url: URL;
  method: string;
  body: string;
  routeKey: string;
  pathParameters: Record<string, string> | undefined;
  claims: Record<string, string>;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const key of new Set(input.url.searchParams.keys())) {
    // API Gateway joins repeated parameters with commas.
    queryStringParameters[key] = input.url.searchParams.getAll(key).join(',');
  }
  const now = new Date();
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.url.pathname,
    rawQueryString: input.url.search.slice(1),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 && { queryStringParameters }),
    ...(input.pathParameters &&
      Object.keys(input.pathParameters).length > 0 && { pathParameters: input.pathParameters }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: input.method,
        path: input.url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: input.req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: input.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: input.claims, scopes: [] } },
    },
    ...(input.body && { body: input.body }),
    isBase64Encoded: false,
  };
}

function sendResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  // A handler may return a bare object: API Gateway serialises it as a 200 JSON body.
  if (typeof result === 'string' || !isStructured(result)) {
    send(res, 200, result);
    return;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) res.setHeader('set-cookie', result.cookies);
  const body = result.body ?? '';
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

function isStructured(result: unknown): result is APIGatewayProxyStructuredResultV2 {
  return typeof result === 'object' && result !== null && 'statusCode' in result;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The body as text, or undefined when it is larger than the limit (declared or sent). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'pcu-local-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:pcu-local-api',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/pcu-local-api',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 29_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
