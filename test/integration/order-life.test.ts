/**
 * The steps after approval through the API, each by the role that owns it, and every refusal:
 * 403 wrong role, 409 `{ error, status }` wrong status or stale version, 400 field by field
 * (R-PROC-7, R-PROD-1, R-TRACK-2, R-TRACK-3, R-PROC-8, R-AFTER-2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { approvedOrder, heldOrder, placedOrder, stockOf } from '../support/order-life.ts';
import { inDays, startTestSystem, type TestSystem } from '../support/system.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ background: false });
});
afterAll(() => sys.close());

const post = async (role: string, path: string, json: unknown = {}) => {
  const res = await sys.api(path, { token: await sys.login(role), json });
  return { status: res.status, body: (await res.json()) as Body };
};
const getOrder = async (orderId: string) =>
  (await (await sys.api(`/api/orders/${orderId}`, { token: await sys.login('ops') })).json()) as Body;
const track = async (trackingUrl: string) => {
  const token = new URL(trackingUrl).searchParams.get('t') ?? trackingUrl.split('/').pop()!;
  return (await (await sys.api(`/api/track/${encodeURIComponent(token)}`)).json()) as Body;
};

describe('production (R-PROD-1)', () => {
  it('starts an approved order with its plan and finishes it once', async () => {
    const { orderId } = await approvedOrder(sys);
    const path = `/api/orders/${orderId}/production`;
    expect((await post('logistics', `${path}/start`, { plannedCompletionDate: inDays(5) })).status).toBe(403);
    const bad = await post('production', `${path}/start`, { plannedCompletionDate: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.body['issues'].map((i: { path: string }) => i.path)).toEqual(['plannedCompletionDate']);
    const past = await post('production', `${path}/start`, { plannedCompletionDate: '2020-01-01' });
    expect(past.status).toBe(400);
    const stale = await post('production', `${path}/start`, {
      plannedCompletionDate: inDays(5),
      expectedVersion: 1,
    });
    expect(stale).toMatchObject({ status: 409, body: { status: 'approved' } });

    const started = await post('production', `${path}/start`, { plannedCompletionDate: inDays(5) });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      status: 'in_production',
      production: { plannedCompletionDate: inDays(5) },
    });
    expect(started.body['history'].at(-1)).toMatchObject({
      actor: 'production@example.com',
      from: 'approved',
      to: 'in_production',
    });
    const again = await post('production', `${path}/start`, { plannedCompletionDate: inDays(5) });
    expect(again).toMatchObject({ status: 409, body: { status: 'in_production' } });

    const finished = await post('production', `${path}/finish`);
    expect(finished.status).toBe(200);
    expect(finished.body['production'].finishedAt).toBeTruthy();
    expect(finished.body['status']).toBe('in_production');
    expect(await post('production', `${path}/finish`)).toMatchObject({
      status: 409,
      body: { status: 'in_production' },
    });
  });

  it('refuses to start an order that is not approved, with its status', async () => {
    const { orderId } = await placedOrder(sys);
    const res = await post('production', `/api/orders/${orderId}/production/start`, {
      plannedCompletionDate: inDays(3),
    });
    expect(res).toMatchObject({ status: 409, body: { status: 'received' } });
    expect(typeof res.body['error']).toBe('string');
  });
});

describe('shipments and deliveries (R-TRACK-2)', () => {
  it('ships in part, then the rest; delivers each shipment with who signed; sales completes', async () => {
    const order = await approvedOrder(sys);
    const ship = `/api/orders/${order.orderId}/shipments`;
    expect((await post('production', ship, { carrier: '顺丰', trackingNumber: 'SF1' })).status).toBe(403);
    const tooMany = await post('logistics', ship, {
      carrier: '顺丰',
      trackingNumber: 'SF1',
      lines: [
        { sku: 'BRG-6204', quantity: 11 },
        { sku: 'NOPE', quantity: 1 },
      ],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body['issues'].map((i: { path: string }) => i.path)).toEqual([
      'lines.0.quantity',
      'lines.1.sku',
    ]);
    expect(
      (await post('logistics', ship, { carrier: '', trackingNumber: 'SF1' })).body['issues'][0].path,
    ).toBe('carrier');

    const first = await post('logistics', ship, {
      carrier: '顺丰速运',
      trackingNumber: 'SF100',
      lines: [{ sku: 'BRG-6204', quantity: 4 }],
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ shipmentId: 'S1', lines: [{ sku: 'BRG-6204', quantity: 4 }] });
    expect((await getOrder(order.orderId))['status']).toBe('in_production');

    const rest = await post('logistics', ship, { carrier: '德邦物流', trackingNumber: 'DB200' });
    expect(rest.status).toBe(201);
    expect(rest.body['lines']).toEqual([
      { sku: 'BRG-6204', quantity: 6 },
      { sku: 'VLV-DN50', quantity: 2 },
    ]);
    const shipped = await getOrder(order.orderId);
    expect(shipped['status']).toBe('shipped');
    expect(await post('logistics', ship, { carrier: 'x', trackingNumber: 'y' })).toMatchObject({
      status: 409,
      body: { status: 'shipped' },
    });

    const deliver = (id: string) => `${ship}/${id}/deliver`;
    expect((await post('logistics', deliver('S1'), {})).status).toBe(400);
    expect((await post('sales', deliver('S1'), { signedBy: '王五' })).status).toBe(403);
    expect((await post('logistics', deliver('S9'), { signedBy: '王五' })).status).toBe(404);
    const one = await post('logistics', deliver('S1'), { signedBy: '王五' });
    expect(one.status).toBe(200);
    expect(one.body['status']).toBe('shipped');
    expect(one.body['shipments'][0]).toMatchObject({
      signedBy: '王五',
      deliveredBy: 'logistics@example.com',
    });
    expect(await post('logistics', deliver('S1'), { signedBy: '王五' })).toMatchObject({
      status: 409,
      body: { status: 'shipped' },
    });
    expect((await post('sales', `/api/orders/${order.orderId}/complete`)).body['status']).toBe('shipped');
    const all = await post('logistics', deliver('S2'), { signedBy: '赵六' });
    expect(all.body['status']).toBe('delivered');

    const tracked = await track(order.trackingUrl);
    expect(tracked['shipments']).toHaveLength(2);
    expect(JSON.stringify(tracked)).not.toContain('logistics@example.com');

    expect((await post('logistics', `/api/orders/${order.orderId}/complete`)).status).toBe(403);
    const done = await post('sales', `/api/orders/${order.orderId}/complete`);
    expect(done.status).toBe(200);
    expect(done.body['history'].at(-1)).toMatchObject({
      from: 'delivered',
      to: 'completed',
      actor: 'sales@example.com',
    });
    expect(await post('ops', `/api/orders/${order.orderId}/complete`)).toMatchObject({
      status: 409,
      body: { status: 'completed' },
    });
    // R-AFTER-2: the satisfaction link goes to every order's customer on completion.
    const mail = (await sys.outbox()).find(
      (m) =>
        m.channel === 'email' &&
        m.subject.includes(order.orderNumber) &&
        `${m.text}${m.html}`.includes('/feedback/'),
    );
    expect(mail).toBeTruthy();
  });

  it('keeps /ship and /deliver as shortcuts for everything, and refuses a stale version', async () => {
    const { orderId } = await approvedOrder(sys);
    const stale = await post('logistics', `/api/orders/${orderId}/shipments`, {
      carrier: '顺丰',
      trackingNumber: 'SF9',
      expectedVersion: 1,
    });
    expect(stale).toMatchObject({ status: 409, body: { status: 'approved' } });
    expect(
      (await post('logistics', `/api/orders/${orderId}/ship`, { carrier: '顺丰', trackingNumber: 'SF9' }))
        .body['status'],
    ).toBe('shipped');
    const delivered = await post('logistics', `/api/orders/${orderId}/deliver`, { signedBy: '前台' });
    expect(delivered.body).toMatchObject({ status: 'delivered', shipments: [{ signedBy: '前台' }] });
  });
});

describe('delivery exceptions (R-TRACK-3) and notes (R-PROC-8)', () => {
  it('records an exception with its plan, tells the customer, shows plan and dates on the tracking page', async () => {
    const order = await approvedOrder(sys);
    const path = `/api/orders/${order.orderId}/exceptions`;
    const body = { kind: 'delay', plan: '原材料晚到，改为分批发货', expectedDate: inDays(12) };
    expect((await post('finance', path, body)).status).toBe(403);
    const bad = await post('ops', path, { kind: 'storm', plan: '' });
    expect(bad.body['issues'].map((i: { path: string }) => i.path).sort()).toEqual(['kind', 'plan']);
    const made = await post('production', path, body);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ exceptionId: 'E1', kind: 'delay', by: 'production@example.com' });

    const tracked = await track(order.trackingUrl);
    expect(tracked['exceptions']).toEqual([
      { kind: 'delay', plan: body.plan, expectedDate: inDays(12), at: made.body['at'] },
    ]);
    const outbox = await sys.outbox();
    expect(outbox.some((m) => m.channel === 'sms' && m.text.includes(body.plan))).toBe(true);
    expect(outbox.some((m) => m.channel === 'email' && m.text.includes(body.plan))).toBe(true);

    const received = await placedOrder(sys);
    expect(await post('ops', `/api/orders/${received.orderId}/exceptions`, body)).toMatchObject({
      status: 409,
      body: { status: 'received' },
    });
  });

  it('keeps a staff note in the history, never on the tracking page', async () => {
    const order = await placedOrder(sys);
    const path = `/api/orders/${order.orderId}/notes`;
    expect((await post('finance', path, { text: '' })).status).toBe(400);
    const noted = await post('finance', path, { text: '电话确认：客户同意延期三天' });
    expect(noted.status).toBe(201);
    expect(noted.body['history'].at(-1)).toMatchObject({ action: 'note', actor: 'finance@example.com' });
    expect(JSON.stringify(await track(order.trackingUrl))).not.toContain('电话确认');
  });

  it('keeps a note with its attachment, which staff read back and the customer never sees (R-PROC-8)', async () => {
    const order = await placedOrder(sys);
    const path = `/api/orders/${order.orderId}/notes`;
    const token = await sys.login('after_sales');
    const photo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const upload = await sys.api('/api/uploads', {
      method: 'POST',
      token,
      headers: { 'content-type': 'image/png' },
      body: photo,
    });
    expect(upload.status).toBe(201);
    const { uploadId } = (await upload.json()) as { uploadId: string };

    // A note may only point at a kept file, and says which field is wrong.
    const missing = await post('after_sales', path, {
      text: '客户发来破损照片',
      attachment: { uploadId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
    });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('attachment.uploadId');
    expect((await post('after_sales', path, { text: 'x', attachment: { uploadId: '../x' } })).status).toBe(
      400,
    );

    const noted = await post('after_sales', path, { text: '客户发来破损照片', attachment: { uploadId } });
    expect(noted.status).toBe(201);
    expect(noted.body['history'].at(-1)).toMatchObject({
      action: 'note',
      reason: '客户发来破损照片',
      params: { uploadId },
    });
    const file = await sys.api(`/api/uploads/${uploadId}`, { token: await sys.login('logistics') });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(photo);
    expect((await sys.api(`/api/uploads/${uploadId}`)).status).toBe(401);
    expect((await sys.api('/api/uploads/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token })).status).toBe(404);
    expect(JSON.stringify(await track(order.trackingUrl))).not.toContain(uploadId);
  });
});

describe('held orders (R-PROC-7)', () => {
  it('the stalled step or gm resumes: the approval step is asked again', async () => {
    const { orderId } = await heldOrder(sys);
    const path = `/api/orders/${orderId}/resume`;
    expect((await post('finance', path, { reason: 'x' })).status).toBe(403);
    expect((await post('logistics', path, { reason: 'x' })).status).toBe(403);
    expect((await post('ops', path, {})).status).toBe(400);
    const resumed = await post('ops', path, { reason: '客户补全了资料' });
    expect(resumed.status).toBe(200);
    expect(resumed.body['history'].at(-1)).toMatchObject({
      from: 'on_hold',
      to: 'under_review',
      actor: 'ops@example.com',
    });
    expect(await post('gm', path, { reason: 'again' })).toMatchObject({
      status: 409,
      body: { status: 'under_review' },
    });
    const asked = await eventually(
      async () => (await getOrder(orderId))['pendingApproval'] ?? false,
      20_000,
      'approval step',
    );
    expect(asked).toMatchObject({ role: 'ops' });
  });

  it('gm cancels a held order: stock released, customer told; others refused', async () => {
    const before = await stockOf(sys, 'BRG-6204');
    const order = await heldOrder(sys, true);
    expect(await stockOf(sys, 'BRG-6204')).toBe(before - 10);
    const path = `/api/orders/${order.orderId}/cancel`;
    expect((await post('ops', path, { reason: '客户取消' })).status).toBe(403);
    expect((await post('gm', path, { note: 'x' })).status).toBe(400);
    const cancelled = await post('gm', path, { reason: '客户取消', note: '内部备注' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body['status']).toBe('cancelled');
    expect(await stockOf(sys, 'BRG-6204')).toBe(before);
    expect(await post('gm', path, { reason: 'again' })).toMatchObject({
      status: 409,
      body: { status: 'cancelled' },
    });
    const told = (await sys.outbox()).filter(
      (m) => `${m.subject}${m.text}`.includes(order.orderNumber) && m.text.includes('客户取消'),
    );
    expect(told.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    expect(told.some((m) => m.text.includes('内部备注'))).toBe(false);

    const open = await approvedOrder(sys);
    expect(await post('gm', `/api/orders/${open.orderId}/cancel`, { reason: 'x' })).toMatchObject({
      status: 409,
      body: { status: 'approved' },
    });
  });
});
