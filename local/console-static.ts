/**
 * The web console's static build on the API's origin (what CloudFront does on AWS): files of
 * console/dist for GET, and index.html for any other page a browser asks for (the console
 * routes in the browser). Never shadows an API route: the HTTP API asks this only after no
 * route matched. Security headers as CloudFront sends them.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The console's CSP: no inline script, no framing; the S3 endpoint is allowed for the presigned PUT. */
export function consoleSecurityHeaders(uploadOrigin: string): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ${uploadOrigin}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}

export type ConsoleFiles = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A request handler for the build in `dir`; returns false when the request is not for the console. */
export function consoleFiles(options: { dir: string; uploadOrigin: string }): ConsoleFiles {
  const root = normalize(options.dir);
  const headers = consoleSecurityHeaders(options.uploadOrigin);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path));
    const inside = file.startsWith(root + sep);
    if (inside && existsSync(file) && statSync(file).isFile()) {
      // Built assets carry a content hash in their name: cache them; index.html never.
      const immutable = path.startsWith('/assets/');
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
      return true;
    }
    // A page of the console (typed URL, reload): the app routes it. API clients asking for
    // JSON keep getting the API's 404.
    const wantsPage = (req.headers.accept ?? '').includes('text/html');
    const index = join(root, 'index.html');
    if (path !== '/' && (!wantsPage || extname(path) !== '')) return false;
    if (!existsSync(index)) return false;
    res.writeHead(200, { 'content-type': TYPES['.html'] as string, 'cache-control': 'no-cache', ...headers });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(index));
    return true;
  };
}

/** Lets the console's origin PUT to the presigned upload URLs (S3 CORS, as the bucket has on AWS). */
export async function allowConsoleUploads(s3: S3Client, bucket: string, origins: string[]): Promise<void> {
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: origins,
            AllowedMethods: ['PUT'],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag'],
            MaxAgeSeconds: 3000,
          },
        ],
      },
    }),
  );
}
