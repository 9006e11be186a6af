/**
 * What a staff-entered order rests on (R-INTAKE-7): a faxed order keeps the page the customer
 * signed or stamped, an order from a customer's system keeps the customer's email; either is
 * kept with the order. Real parts: the local system on dynalite, uploads in its data dir, the
 * SMTP intake for the email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundOf, sendMail } from '../support/mail.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

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
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const UNKNOWN_UPLOAD = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

async function upload(): Promise<string> {
  const res = await sys.api('/api/uploads', {
    method: 'POST',
    token: sales,
    headers: { 'content-type': 'application/pdf' },
    body: PDF,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { uploadId: string }).uploadId;
}

async function place(body: Json, token: string | null = sales): Promise<{ status: number; body: Json }> {
  const res = await sys.api('/api/orders', { ...(token ? { token } : {}), json: orderBody(body) });
  return { status: res.status, body: (await res.json()) as Json };
}

const order = async (orderId: string): Promise<Json> =>
  (await (await sys.api(`/api/orders/${orderId}`, { token: sales })).json()) as Json;

const attach = async (orderId: string, body: Json, token = sales) => {
  const res = await sys.api(`/api/orders/${orderId}/evidence`, { method: 'POST', token, json: body });
  return { status: res.status, body: (await res.json()) as Json };
};

describe('the evidence of a staff-entered order (R-INTAKE-7)', () => {
  it('keeps the signed fax with the order, and names it in the history', async () => {
    const uploadId = await upload();
    const placed = await place({ channel: 'fax', evidence: { uploadId } });
    expect(placed.status).toBe(201);
    const stored = await order(placed.body['orderId']);
    expect(stored['channel']).toBe('fax');
    expect(stored['evidence']).toEqual({ uploadId });
    expect(stored['history'][0]).toMatchObject({
      action: 'created',
      params: { channel: 'fax', evidence: 'upload' },
    });
    // The page itself is kept and read back by staff.
    const file = await sys.api(`/api/uploads/${uploadId}`, { token: await sys.login('finance') });
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PDF);
  });

  it('flags a fax entered without its page until the page is attached', async () => {
    const placed = await place({ channel: 'fax' });
    expect(placed.status).toBe(201);
    const id = placed.body['orderId'] as string;
    const before = await order(id);
    expect(before['evidence']).toBeUndefined();
    expect(before['history'][0]['params']).toMatchObject({ evidence: 'missing' });

    // An upload that does not exist is named field by field; nothing is written.
    const missing = await attach(id, { uploadId: UNKNOWN_UPLOAD });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('uploadId');
    // (The approval workflow moves the order meanwhile: nothing of the attach is written.)
    const after = await order(id);
    expect(after['evidence']).toBeUndefined();
    expect(after['history'].some((e: Json) => e['action'] === 'evidence')).toBe(false);
    // Neither an upload nor an email: 400.
    expect((await attach(id, {})).status).toBe(400);
    // Only the staff who enter orders attach their evidence.
    expect((await attach(id, { uploadId: await upload() }, await sys.login('logistics'))).status).toBe(403);
    // A stale page is refused.
    expect((await attach(id, { uploadId: await upload(), expectedVersion: 999 })).status).toBe(409);

    // The approval workflow moves the order meanwhile, so this attach sends no version.
    const uploadId = await upload();
    const attached = await attach(id, { uploadId });
    expect(attached.status).toBe(200);
    expect(attached.body['evidence']).toEqual({ uploadId });
    expect(attached.body['history'].at(-1)).toMatchObject({
      action: 'evidence',
      actor: 'sales@example.com',
      code: 'evidence.attached',
      params: { evidence: 'upload', uploadId },
    });
  });

  it("keeps the customer's email as the evidence of an order from the customer's system", async () => {
    const messageId = `<po-${Date.now()}@erp.customer.example>`;
    await sendMail(sys, {
      from: 'erp@customer.example',
      subject: 'PO 4711',
      text: 'Purchase order 4711, see the attached list.',
      messageId,
    });
    const ops = await sys.login('ops');
    const inboundId = (await inboundOf(sys, ops, messageId))['inboundId'] as string;
    expect(inboundId).toBeDefined();

    const placed = await place({ channel: 'api', evidence: { inboundId } });
    expect(placed.status).toBe(201);
    const stored = await order(placed.body['orderId']);
    expect(stored['evidence']).toEqual({ inboundId });
    expect(stored['history'][0]['params']).toMatchObject({ channel: 'api', evidence: 'email' });
  });

  it('refuses evidence that does not exist, and evidence from the public', async () => {
    const unknownUpload = await place({ channel: 'fax', evidence: { uploadId: UNKNOWN_UPLOAD } });
    expect(unknownUpload.status).toBe(400);
    expect(JSON.stringify(unknownUpload.body)).toContain('evidence.uploadId');
    const unknownEmail = await place({ channel: 'api', evidence: { inboundId: 'no-such-email' } });
    expect(unknownEmail.status).toBe(400);
    expect(JSON.stringify(unknownEmail.body)).toContain('evidence.inboundId');
    const publicCaller = await place({ evidence: { uploadId: await upload() } }, null);
    expect(publicCaller.status).toBe(400);
    expect(JSON.stringify(publicCaller.body)).toContain('"evidence"');
  });

  it('leaves a phone order without evidence unflagged', async () => {
    const placed = await place({});
    expect(placed.status).toBe(201);
    const stored = await order(placed.body['orderId']);
    expect(stored['history'][0]).toMatchObject({ reason: 'phone' });
    expect(stored['history'][0]['params']?.['evidence']).toBeUndefined();
  });
});
