/**
 * The S3 signature checks of the local stack, request by request, against URLs and headers
 * the AWS SDK itself signs (no server: the verifier is given what the server would receive).
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, describe, expect, it } from 'vitest';
import { createS3RequestVerifier } from '../../local/s3-signature-proxy.ts';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'a-secret-made-for-this-run' };
const region = 'us-east-1';
const endpoint = 'http://127.0.0.1:45123';
const verifier = createS3RequestVerifier({ credentials, region });
const s3 = new S3Client({ region, credentials, endpoint, forcePathStyle: true });
const KEY = 'incoming/NLRTM/2026-12-02/0b5e-voyage_662W.csv';

afterAll(() => s3.destroy());

async function presignedPut(options: { signingDate?: Date; expiresIn?: number; client?: S3Client } = {}) {
  return getSignedUrl(
    options.client ?? s3,
    new PutObjectCommand({
      Bucket: 'pcu-local',
      Key: KEY,
      ContentType: 'text/csv',
      ContentLength: 1234,
      Metadata: { 'uploaded-by': 'officer-nlrtm' },
    }),
    {
      expiresIn: options.expiresIn ?? 900,
      signableHeaders: new Set(['content-type', 'content-length']),
      ...(options.signingDate && { signingDate: options.signingDate }),
    },
  );
}

/** What the server sees of a request to this URL. */
function received(url: string, method: string, headers: Record<string, string> = {}) {
  const u = new URL(url);
  return { method, url: `${u.pathname}${u.search}`, headers: { host: u.host, ...headers } };
}

const csvHeaders = { 'content-type': 'text/csv', 'content-length': '1234' };

describe('presigned URLs', () => {
  it('accepts the URL as signed, with the signed headers', async () => {
    expect(await verifier.verify(received(await presignedPut(), 'PUT', csvHeaders))).toEqual({
      ok: true,
      payloadHash: 'UNSIGNED-PAYLOAD',
    });
  });

  it.each([
    ['the port in the key', (u: string) => u.replace('/NLRTM/', '/ECGYE/'), csvHeaders],
    ['the uploader', (u: string) => u.replace('officer-nlrtm', 'admin'), csvHeaders],
    ['the lifetime', (u: string) => u.replace('X-Amz-Expires=900', 'X-Amz-Expires=86400'), csvHeaders],
    ['the length', (u: string) => u, { ...csvHeaders, 'content-length': '99999' }],
    ['the type', (u: string) => u, { ...csvHeaders, 'content-type': 'application/json' }],
    ['the host', (u: string) => u.replace('45123', '45124'), csvHeaders],
  ])('refuses a URL whose %s was changed', async (_what, edit, headers) => {
    const verdict = await verifier.verify(received(edit(await presignedPut()), 'PUT', headers));
    expect(verdict).toMatchObject({ ok: false, status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('refuses a PUT URL used for a GET, an expired one, one from another secret or key id', async () => {
    const url = await presignedPut();
    expect(await verifier.verify(received(url, 'GET'))).toMatchObject({ code: 'SignatureDoesNotMatch' });

    const expired = await presignedPut({ signingDate: new Date(Date.now() - 16 * 60_000) });
    expect(await verifier.verify(received(expired, 'PUT', csvHeaders))).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: 'Request has expired',
    });

    const guessed = new S3Client({
      region,
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const other = new S3Client({
      region,
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: credentials.secretAccessKey },
    });
    try {
      expect(
        await verifier.verify(received(await presignedPut({ client: guessed }), 'PUT', csvHeaders)),
      ).toMatchObject({ code: 'SignatureDoesNotMatch' });
      expect(
        await verifier.verify(received(await presignedPut({ client: other }), 'PUT', csvHeaders)),
      ).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' });
    } finally {
      guessed.destroy();
      other.destroy();
    }
  });

  it('refuses a presigned PUT that does not sign its length and type', async () => {
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'pcu-local', Key: KEY }), {
      expiresIn: 60,
    });
    expect(await verifier.verify(received(url, 'PUT'))).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: expect.stringContaining('content-length and content-type'),
    });
  });

  it('accepts a presigned GET for a key with spaces and non-ASCII letters, refuses it for another key', async () => {
    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: 'pcu-local', Key: 'reports/voyage 7 (Ü) + 8.json' }),
      { expiresIn: 60 },
    );
    expect(await verifier.verify(received(url, 'GET'))).toMatchObject({ ok: true });
    expect(await verifier.verify(received(url.replace('voyage%207', 'voyage%208'), 'GET'))).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });
});

describe('requests without a valid signature', () => {
  it('refuses anonymous requests, Signature Version 2, two mechanisms at once and broken escapes', async () => {
    expect(await verifier.verify(received(`${endpoint}/pcu-local?list-type=2`, 'GET'))).toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
    expect(
      await verifier.verify(
        received(`${endpoint}/pcu-local/a.csv?AWSAccessKeyId=S3RVER&Expires=9999999999&Signature=x`, 'GET'),
      ),
    ).toMatchObject({ status: 400, code: 'InvalidRequest' });
    const url = await presignedPut();
    expect(
      await verifier.verify(received(url, 'PUT', { ...csvHeaders, authorization: 'AWS4-HMAC-SHA256 x' })),
    ).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect(await verifier.verify(received(`${url}&x=%E0%A4%A`, 'PUT', csvHeaders))).toMatchObject({
      status: 400,
      code: 'InvalidArgument',
    });
  });

  it('refuses a credential scope for another region, a week-long lifetime and malformed headers', async () => {
    const otherRegion = new S3Client({ region: 'eu-west-1', credentials, endpoint, forcePathStyle: true });
    try {
      expect(
        await verifier.verify(received(await presignedPut({ client: otherRegion }), 'PUT', csvHeaders)),
      ).toMatchObject({ status: 400, code: 'AuthorizationQueryParametersError' });
    } finally {
      otherRegion.destroy();
    }
    const tooLong = (await presignedPut()).replace('X-Amz-Expires=900', 'X-Amz-Expires=604801');
    expect(await verifier.verify(received(tooLong, 'PUT', csvHeaders))).toMatchObject({
      status: 400,
      code: 'AuthorizationQueryParametersError',
    });
    expect(
      await verifier.verify(
        received(`${endpoint}/pcu-local`, 'GET', { authorization: 'AWS4-HMAC-SHA256 Credential=S3RVER/x' }),
      ),
    ).toMatchObject({ status: 400, code: 'AuthorizationHeaderMalformed' });
  });
});
