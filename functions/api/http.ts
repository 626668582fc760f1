import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { API_ERROR_CODES, type ApiErrorBody, type ApiErrorCode } from '#schemas/api.ts';
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
    readonly extra: { currentVersion?: number } = {},
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

/** Inclusive upper bound for a `to` that may be a whole day (`2026-11-27` includes that day). */
export function upperBound(to: string | undefined): string | undefined {
  return to === undefined ? undefined : `${to}\uffff`;
}

export function checkDateRange(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && from > upperBound(to)!) {
    throw new ApiError('unprocessable', 'from is after to', 'from');
  }
}
