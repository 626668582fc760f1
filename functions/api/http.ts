import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { isManifestId, MANIFEST_ID_LENGTH, parseFlaggedId } from '#adapters/pipeline-resources.ts';
import { type Actor, API_ERROR_CODES, type ApiErrorBody, type ApiErrorCode } from '#schemas/api.ts';
import { type Caller, callerFromClaims } from './access.ts';

/**
 * HTTP plumbing shared by the API handlers: the one error shape, request validation that
 * names the wrong field, and JSON responses. No AWS SDK here.
 */
export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    readonly extra: { currentVersion?: number; changedBy?: Actor; changedAt?: string } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = API_ERROR_CODES[code];
  }
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return { statusCode: status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export function errorResponse(error: ApiError): ApiResult {
  const body: ApiErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.field !== undefined && { field: error.field }),
      ...(error.extra.currentVersion !== undefined && { currentVersion: error.extra.currentVersion }),
      ...(error.extra.changedBy !== undefined && { changedBy: error.extra.changedBy }),
      ...(error.extra.changedAt !== undefined && { changedAt: error.extra.changedAt }),
    },
  };
  return jsonResponse(error.status, body);
}

/** The caller from the JWT authorizer's claims; 401 without them (the authorizer should prevent that). */
export function requireCaller(event: ApiEvent): Caller {
  const claims = event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined;
  const caller = callerFromClaims(claims);
  if (!caller) throw new ApiError('unauthenticated', 'a valid bearer token is required');
  return caller;
}

/** zod issue path -> the field name a client sees (`seizure.quantity`, `limit`). */
function fieldOf(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.map(String).join('.');
    return [prefix, issue.keys[0]].filter(Boolean).join('.');
  }
  return issue.path.length ? issue.path.map(String).join('.') : undefined;
}

function invalid(error: z.ZodError, where: string): ApiError {
  const issue = error.issues[0] as z.core.$ZodIssue;
  const field = fieldOf(issue);
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown ${where} ${issue.keys.length > 1 ? 'fields' : 'field'}: ${issue.keys.join(', ')}`
      : `${field ?? where} ${issue.message}`;
  return new ApiError('invalid_request', message, field);
}

/** Validates the query string (400 naming the parameter). Repeated parameters are refused. */
export function parseQuery<S extends z.ZodType>(schema: S, event: ApiEvent): z.infer<S> {
  const params = event.queryStringParameters ?? {};
  for (const [name, value] of Object.entries(params)) {
    // API Gateway joins repeated parameters with commas: `?port=NLRTM&port=BEANR` -> `NLRTM,BEANR`.
    if (name === 'port' && value?.includes(',')) {
      throw new ApiError('invalid_request', 'port must be given once', 'port');
    }
  }
  const result = schema.safeParse(params);
  if (!result.success) throw invalid(result.error, 'query parameter');
  return result.data;
}

/** Parses and validates a JSON body: 400 for a body that is not JSON or does not match the schema. */
export function parseBody<S extends z.ZodType>(schema: S, event: ApiEvent): z.infer<S> {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (!raw.trim()) throw new ApiError('invalid_request', 'a JSON request body is required', 'body');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ApiError('invalid_request', 'the request body is not valid JSON', 'body');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('invalid_request', 'the request body must be a JSON object', 'body');
  }
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(result.error, 'body');
  return result.data;
}

export function header(event: ApiEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

export function pathParameter(event: ApiEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value) throw new ApiError('invalid_request', `path parameter ${name} is missing`, name);
  return value;
}

/**
 * DynamoDB keeps a sort key to 1024 bytes: a container part longer than `CONTAINER#` leaves
 * room for cannot name a stored flag, and asking DynamoDB for it would be a ValidationException.
 */
const CONTAINER_PART_MAX_BYTES = 1024 - 'CONTAINER#'.length;
/** Control characters and lone UTF-16 surrogates: no stored id holds them. */
const BROKEN_TEXT =
  /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `{manifestId}_{containerNumber}` from the path, or 400 naming `id` (never a key DynamoDB refuses). */
export function flaggedIdParameter(event: ApiEvent): {
  id: string;
  manifestId: string;
  containerNumber: string;
} {
  const id = pathParameter(event, 'id');
  const parsed = parseFlaggedId(id);
  if (!parsed) {
    throw new ApiError(
      'invalid_request',
      `id is not a flagged-container id ({manifestId}_{containerNumber}, the manifest id being ${MANIFEST_ID_LENGTH} hex digits)`,
      'id',
    );
  }
  if (BROKEN_TEXT.test(parsed.containerNumber)) {
    throw new ApiError('invalid_request', 'id holds control characters or broken Unicode', 'id');
  }
  if (Buffer.byteLength(parsed.containerNumber, 'utf8') > CONTAINER_PART_MAX_BYTES) {
    throw new ApiError(
      'invalid_request',
      `id: the container part is longer than any flag can have (${CONTAINER_PART_MAX_BYTES} bytes)`,
      'id',
    );
  }
  return { id, ...parsed };
}

/** A manifest id (32 hex digits) from the path, or 400 naming `id`. */
export function manifestIdParameter(event: ApiEvent): string {
  const id = pathParameter(event, 'id');
  if (!isManifestId(id)) {
    throw new ApiError('invalid_request', `id is not a manifest id (${MANIFEST_ID_LENGTH} hex digits)`, 'id');
  }
  return id;
}

/** Inclusive upper bound for a `to` that may be a whole day (`2026-11-27` includes that day). */
export function upperBound(to: string | undefined): string | undefined {
  return to === undefined ? undefined : `${to}\uffff`;
}

export function checkDateRange(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && from > upperBound(to)!) {
    throw new ApiError('unprocessable', 'from is after to', 'from');
  }
}
