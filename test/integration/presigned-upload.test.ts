/**
 * Files too large for the API (Lambda's 6 MB request limit) go through an upload URL (R-CHG-1):
 * POST /api/uploads/url, then a PUT of the file straight to the store — locally the runtime's
 * signed single-use endpoint writing to the data dir (an S3 presigned PUT on AWS). The upload is
 * then evidence like a direct one, and its stored bytes are checked when it is used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inDays, orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
let sales: string;
beforeAll(async () => {
  sys = await startTestSystem();
  sales = await sys.login('sales');
});
afterAll(async () => {
  await sys?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: API answers, read loosely by the assertions
type Json = Record<string, any>;

/** A PDF of `size` bytes: the header, then padding. */
const pdf = (size: number) => {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.write('%PDF-1.7\n');
  return bytes;
};

async function uploadUrl(body: unknown): Promise<{ status: number; body: Json }> {
  const res = await sys.api('/api/uploads/url', { token: sales, json: body });
  return { status: res.status, body: (await res.json()) as Json };
}

const put = (grant: Json, body: Buffer, contentType = grant['headers']['Content-Type']) =>
  fetch(grant['url'], {
    method: grant['method'],
    headers: { 'content-type': contentType },
    body: new Uint8Array(body),
  });

async function placed(): Promise<string> {
  const res = await sys.api('/api/orders', { json: orderBody() });
  expect(res.status).toBe(201);
  return ((await res.json()) as Json)['orderId'];
}

const changeDate = async (orderId: string, uploadId: string) => {
  const res = await sys.api(`/api/orders/${orderId}/changes`, {
    token: sales,
    json: { kind: 'delivery-date', requestedDate: inDays(40), evidence: { uploadId } },
  });
  return { status: res.status, body: (await res.json()) as Json };
};

describe('POST /api/uploads/url: an upload too large for the API (R-CHG-1)', () => {
  it('is for staff, PDF or image, at most 10 MB, validated field by field', async () => {
    expect(
      (await sys.api('/api/uploads/url', { json: { contentType: 'application/pdf', size: 10 } })).status,
    ).toBe(401);
    expect((await uploadUrl({ contentType: 'text/plain', size: 10 })).status).toBe(415);
    expect((await uploadUrl({ contentType: 'application/pdf', size: 10 * 1024 * 1024 + 1 })).status).toBe(
      413,
    );
    const bad = await uploadUrl({ contentType: 'application/pdf', size: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body['issues']).toEqual([expect.objectContaining({ path: 'size' })]);
  });

  it('R-CHG-1: a 6 MB PDF goes up by a signed single-use PUT and is evidence like a direct upload', async () => {
    const file = pdf(6 * 1024 * 1024);
    const grant = await uploadUrl({ contentType: 'application/pdf', size: file.length });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({
      uploadId: expect.stringMatching(/^[0-9A-Z]{26}$/),
      method: 'PUT',
      headers: { 'Content-Type': 'application/pdf' },
    });
    expect(Date.parse(grant.body['expiresAt'])).toBeGreaterThan(Date.now());
    expect(Date.parse(grant.body['expiresAt'])).toBeLessThanOrEqual(Date.now() + 300_000);

    // The signed type and length only; a forged signature is refused.
    expect((await put(grant.body, file, 'image/png')).status).toBe(403);
    expect((await put(grant.body, file.subarray(0, 1000))).status).toBe(403);
    const forged = { ...grant.body, url: grant.body['url'].replace(/sig=[^&]+/, 'sig=forged') };
    expect((await put(forged, file)).status).toBe(403);
    expect((await put(grant.body, file)).status).toBe(200);
    expect((await put(grant.body, file)).status).toBe(409);

    const back = await sys.api(`/api/uploads/${grant.body['uploadId']}`, { token: sales });
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('application/pdf');
    expect((await back.arrayBuffer()).byteLength).toBe(file.length);

    const orderId = await placed();
    expect(await changeDate(orderId, grant.body['uploadId'])).toMatchObject({
      status: 202,
      body: { status: 'applied' },
    });
  });

  it('R-CHG-1: an upload whose stored bytes are not what it claims is refused when used', async () => {
    const fake = Buffer.from('not a pdf at all');
    const grant = await uploadUrl({ contentType: 'application/pdf', size: fake.length });
    expect((await put(grant.body, fake)).status).toBe(200);
    const orderId = await placed();
    const refused = await changeDate(orderId, grant.body['uploadId']);
    expect(refused.status).toBe(400);
    expect(refused.body['issues']).toEqual([
      expect.objectContaining({
        path: 'evidence.uploadId',
        message: 'The upload is not a application/pdf file',
      }),
    ]);
    // Granted but never put: no such upload.
    const unused = await uploadUrl({ contentType: 'image/png', size: 100 });
    expect((await changeDate(orderId, unused.body['uploadId'])).body['issues']).toEqual([
      expect.objectContaining({ path: 'evidence.uploadId', message: 'No such upload' }),
    ]);
  });
});
