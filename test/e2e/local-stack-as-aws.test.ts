/**
 * The local stack refuses what AWS refuses, where the README says so: S3 checks the
 * signature of every request (a presigned upload is for one key, size, type and time; no
 * anonymous list or read), every emulator listens on loopback only, a token without `exp`
 * is refused, and a body too large for the API closes the connection.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SignatureV4 } from '@smithy/signature-v4';
import { importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWatchlistPaths, loadWatchlist } from '../../functions/core/watchlists/index.ts';
import { generateManifestText } from '../../generator/index.ts';
import { demoApiClient, manifestIdOf } from '../../local/demo-api-client.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../local/identity.ts';
import { type LocalStack, startLocalStack } from '../../local/local-stack.ts';
import { Sha256 } from '../../local/s3-signature-proxy.ts';

const PORT = 'NLRTM';
const OFFICER = 'officer-nlrtm';

let stack: LocalStack;
let dataDir: string;
let s3: S3Client;
let bucket: string;

/** What a browser or `pcu upload` holds: the grant the API gives an officer. */
async function uploadGrant(input: { fileName: string; contentType: string; contentLength: number }) {
  const token = await stack.identity.signIn(OFFICER);
  const res = await fetch(`${stack.apiUrl}/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ port: PORT, ...input }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { uploadUrl: string; headers: Record<string, string>; key: string };
}

async function s3Error(res: Response): Promise<{ status: number; code: string | undefined }> {
  const text = await res.text();
  return { status: res.status, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] };
}

async function exists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

function manifestCsv(containers: number, seed: string): Buffer {
  const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
  const generated = generateManifestText(
    { containers, seed, reportingPort: PORT, plant: { count: 3, entries } },
    'csv',
  );
  return Buffer.from([...generated.chunks].join(''));
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pcu-as-aws-'));
  stack = await startLocalStack({ port: 0, logLevel: 'SILENT', dataDir });
  await stack.publish();
  bucket = stack.resources.bucketName;
  s3 = new S3Client({
    region: stack.clientConfig.region,
    credentials: stack.clientConfig.credentials,
    endpoint: stack.clientConfig.endpoints.s3,
    forcePathStyle: true,
  });
}, 120_000);

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('local S3 checks signatures as S3 does', () => {
  it('a presigned upload is refused when tampered with: unsigned, another port, longer, another type, expired', async () => {
    const body = manifestCsv(40, 'tamper');
    const grant = await uploadGrant({
      fileName: 'voyage 101E.csv',
      contentType: 'text/csv',
      contentLength: body.length,
    });
    const ecgyeKey = grant.key.replace(`incoming/${PORT}/`, 'incoming/ECGYE/');
    const put = (url: string, headers: Record<string, string>, payload: Buffer | string) =>
      fetch(url, { method: 'PUT', headers, body: payload });

    const unsigned = await put(grant.uploadUrl.split('?')[0] as string, grant.headers, body);
    expect(await s3Error(unsigned)).toEqual({ status: 403, code: 'AccessDenied' });

    const otherPort = await put(
      grant.uploadUrl.replace(`/incoming/${PORT}/`, '/incoming/ECGYE/'),
      grant.headers,
      body,
    );
    expect(await s3Error(otherPort)).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });

    const longer = Buffer.concat([body, Buffer.from('MSCU1234565,extra row\n')]);
    const tooLong = await put(grant.uploadUrl, { 'Content-Type': 'text/csv' }, longer);
    expect(await s3Error(tooLong)).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });

    const otherType = await put(
      grant.uploadUrl,
      { ...grant.headers, 'Content-Type': 'application/json' },
      body,
    );
    expect(await s3Error(otherType)).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });

    // A grant issued an hour ago for 15 minutes, signed with the right credentials.
    const expiredUrl = await getSignedUrl(
      s3,
      new PutObjectCommand({
        Bucket: bucket,
        Key: grant.key,
        ContentType: 'text/csv',
        ContentLength: body.length,
      }),
      {
        expiresIn: 900,
        signingDate: new Date(Date.now() - 3600_000),
        signableHeaders: new Set(['content-type', 'content-length']),
      },
    );
    const expired = await put(expiredUrl, grant.headers, body);
    expect(await s3Error(expired)).toEqual({ status: 403, code: 'AccessDenied' });

    expect(await exists(grant.key)).toBe(false);
    expect(await exists(ecgyeKey)).toBe(false);

    // The grant as issued still works.
    const ok = await put(grant.uploadUrl, grant.headers, body);
    expect(ok.status).toBe(200);
    expect(await exists(grant.key)).toBe(true);
    expect(await exists(ecgyeKey)).toBe(false);
  });

  it('a presigned PUT that does not sign the length and type is refused', async () => {
    const url = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: bucket, Key: `incoming/${PORT}/x.csv` }),
      {
        expiresIn: 60,
      },
    );
    expect(await s3Error(await fetch(url, { method: 'PUT', body: 'a,b\n' }))).toEqual({
      status: 403,
      code: 'AccessDenied',
    });
  });

  it('nobody without the credentials lists or reads: unsigned, or signed with s3rver’s well-known key', async () => {
    const body = manifestCsv(30, 'read-refused');
    const grant = await uploadGrant({
      fileName: 'read.csv',
      contentType: 'text/csv',
      contentLength: body.length,
    });
    expect((await fetch(grant.uploadUrl, { method: 'PUT', headers: grant.headers, body })).status).toBe(200);
    const endpoint = stack.clientConfig.endpoints.s3;

    expect(await s3Error(await fetch(`${endpoint}/${bucket}?list-type=2&prefix=incoming/`))).toEqual({
      status: 403,
      code: 'AccessDenied',
    });
    expect(await s3Error(await fetch(`${endpoint}/`))).toEqual({ status: 403, code: 'AccessDenied' });
    expect(await s3Error(await fetch(`${endpoint}/${bucket}/${grant.key}`))).toEqual({
      status: 403,
      code: 'AccessDenied',
    });
    // The upload grant is for a PUT: it does not read the object back.
    expect((await fetch(grant.uploadUrl)).status).toBe(403);

    const guessed = new S3Client({
      region: stack.clientConfig.region,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      endpoint,
      forcePathStyle: true,
    });
    try {
      await expect(guessed.send(new ListObjectsV2Command({ Bucket: bucket }))).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      guessed.destroy();
    }

    // The pipeline's own clients sign with the local credentials and are let through.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `incoming/${PORT}/` }));
    expect(listed.Contents?.map((o) => o.Key)).toContain(grant.key);
  });

  it('keys with spaces, a plus, a tilde and non-ASCII letters are signed and checked alike', async () => {
    const key = 'scratch/voyage 7 + 8~ Guayaquil–Rotterdam (Ü).json';
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: '{"ok":true}',
        ContentType: 'application/json',
      }),
    );
    const read = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await read.Body?.transformToString()).toBe('{"ok":true}');
    const link = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: 60,
    });
    expect(await (await fetch(link)).text()).toBe('{"ok":true}');
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'scratch/voyage 7 + 8' }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toEqual([key]);
  });

  it('a header-signed PUT whose body is not the one signed is refused, and nothing is stored', async () => {
    const endpoint = new URL(stack.clientConfig.endpoints.s3);
    const key = 'scratch/pointer.json';
    const signed = JSON.stringify({ version: 'published-by-the-admin', key: 'config/snapshots/x.json' });
    const sent = JSON.stringify({ version: 'published-by-somebody', key: 'config/snapshots/y.json' });
    const signer = new SignatureV4({
      service: 's3',
      region: stack.clientConfig.region,
      credentials: stack.clientConfig.credentials,
      sha256: Sha256,
      uriEscapePath: false,
    });
    const request = await signer.sign({
      method: 'PUT',
      protocol: 'http:',
      hostname: endpoint.hostname,
      port: Number(endpoint.port),
      path: `/${bucket}/${key}`,
      headers: { host: endpoint.host, 'content-type': 'application/json' },
      body: signed,
    });
    const { host: _host, ...headers } = request.headers;
    const put = (body: string) =>
      fetch(`${endpoint.origin}/${bucket}/${key}`, { method: 'PUT', headers, body });

    expect(await s3Error(await put(sent))).toEqual({ status: 400, code: 'XAmzContentSHA256Mismatch' });
    expect(await exists(key)).toBe(false);
    // The same signature with the body it was made for is accepted.
    expect((await put(signed)).status).toBe(200);
    expect(await exists(key)).toBe(true);
  });

  it('the pipeline still works end to end through the checks; the report link reads only its report', async () => {
    const client = demoApiClient(stack);
    const body = manifestCsv(200, 'through-the-proxy');
    await client.upload({ fileName: 'voyage 202W.csv', body, port: PORT, contentType: 'text/csv' });
    const manifest = await client.waitForManifestId(PORT, manifestIdOf(PORT, body), 60_000);
    expect(manifest).toMatchObject({ status: 'complete', counts: { containers: 200 } });
    expect(manifest.containersFlagged).toBeGreaterThan(0);

    const token = await stack.identity.signIn(OFFICER);
    const detail = (await (
      await fetch(`${stack.apiUrl}/manifests/${manifest.id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { reportUrl: string };
    const report = await fetch(detail.reportUrl);
    expect(report.status).toBe(200);
    expect(((await report.json()) as { status: string }).status).not.toBe('rejected');

    const reportPath = new URL(detail.reportUrl).pathname;
    const otherObject = detail.reportUrl.replace(reportPath, `/${bucket}/config/current.json`);
    expect(await s3Error(await fetch(otherObject))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(await s3Error(await fetch(detail.reportUrl.split('?')[0] as string))).toEqual({
      status: 403,
      code: 'AccessDenied',
    });
  });
});

describe('local stack on loopback, tokens and limits as on AWS', () => {
  it('every emulator and the API listen on 127.0.0.1 only', async () => {
    const { addresses } = stack.emulators;
    for (const address of Object.values(addresses)) expect(address.address).toBe('127.0.0.1');
    const ports = [...Object.values(addresses).map((a) => a.port), Number(new URL(stack.apiUrl).port)];
    for (const port of ports) {
      const loopback = await tryConnect('127.0.0.1', port);
      expect(loopback).toBe('connected');
    }
    // From another address of this machine (if it has one), nothing answers.
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === 'IPv4')
      .map((i) => i?.address as string);
    for (const address of external) {
      for (const port of ports)
        expect(`${address}:${port} ${await tryConnect(address, port)}`).toBe(
          `${address}:${port} ECONNREFUSED`,
        );
    }
  });

  it('a token without exp is refused with 401, the same token with exp is accepted', async () => {
    // Anyone holding the signing key (it is in the data directory) could mint such a token.
    const jwk = JSON.parse(readFileSync(join(dataDir, 'identity-key.json'), 'utf8')) as JWK;
    const key = await importJWK(jwk, 'RS256');
    const token = (withExp: boolean) => {
      const jwt = new SignJWT({ 'cognito:username': 'admin', 'cognito:groups': ['admin'], token_use: 'id' })
        .setProtectedHeader({ alg: 'RS256', kid: 'local' })
        .setSubject('admin')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt();
      return (withExp ? jwt.setExpirationTime('1h') : jwt).sign(key);
    };
    const get = async (t: string) =>
      (await fetch(`${stack.apiUrl}/manifests?port=${PORT}`, { headers: { authorization: `Bearer ${t}` } }))
        .status;
    expect(await get(await token(false))).toBe(401);
    expect(await get(await token(true))).toBe(200);
  });

  it('a body too large for the API is answered 413 and the connection closed, declared or streamed', async () => {
    const url = new URL(stack.apiUrl);
    const declared = await rawExchange(Number(url.port), [
      `POST /local/sign-in HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n`,
      'x'.repeat(64 * 1024),
    ]);
    expect(declared.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(declared.response.toLowerCase()).toContain('connection: close');
    expect(declared.closed).toBe(true);

    const chunk = 'y'.repeat(256 * 1024);
    const streamed = await rawExchange(Number(url.port), [
      `POST /local/sign-in HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      ...Array.from({ length: 6 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`),
    ]);
    expect(streamed.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(streamed.closed).toBe(true);
  });
});

function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** Sends the parts (never the end of the body) and reads until the server closes or 5 s pass. */
function rawExchange(port: number, parts: string[]): Promise<{ response: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let response = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ response, closed: false });
    }, 5000);
    socket.on('data', (d) => {
      response += d.toString();
    });
    socket.on('error', () => {});
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ response, closed: true });
    });
    socket.once('connect', () => {
      for (const part of parts) socket.write(part);
    });
  });
}
