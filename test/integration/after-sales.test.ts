/**
 * After-sales cases through the API of the real local system (R-AFTER-1): dynalite, the SES
 * emulator and the HTTP server. Background work is off, so no workflow moves the order while
 * the test sets its status.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDay } from '#shared/domain/calendar.ts';
import { shippedOrder } from '../support/orders.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  sys = await startTestSystem({ background: false });
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: sys.dynamoEndpoint }));
});
afterAll(async () => {
  db?.destroy();
  await sys?.close();
});

interface CaseJson {
  caseId: string;
  caseStatus: string;
  version: number;
  responseDeadline: string;
  allowedActions: string[];
  refundAmount?: number;
  history: { action: string; actor: string; from?: string; to?: string; note?: string }[];
}

async function newOrder(): Promise<{ orderId: string; orderNumber: string }> {
  const res = await sys.api('/api/orders', { json: orderBody() });
  expect(res.status).toBe(201);
  return res.json();
}

const openCase = async (orderId: string, role: string, json: unknown, headers: Record<string, string> = {}) =>
  sys.api(`/api/orders/${orderId}/cases`, { token: await sys.login(role), json, headers });

const act = async (orderId: string, caseId: string, role: string, json: unknown) =>
  sys.api(`/api/orders/${orderId}/cases/${caseId}/actions`, { token: await sys.login(role), json });

const mailsAbout = async (orderNumber: string) =>
  (await sys.outbox()).filter(
    (m) =>
      m.channel === 'email' && m.to.includes('buyer@customer.example') && m.subject.includes(orderNumber),
  );

describe('after-sales cases through the API (R-AFTER-1)', () => {
  it('opens a complaint on any order, writes the report keys and emails the customer in Chinese first', async () => {
    const { orderId, orderNumber } = await newOrder();
    const res = await openCase(orderId, 'after_sales', { caseType: 'complaint', description: '客服态度差' });
    expect(res.status).toBe(201);
    const c = (await res.json()) as CaseJson;
    expect(c).toMatchObject({
      caseStatus: 'open',
      version: 1,
      allowedActions: ['start', 'resolve', 'reject'],
    });
    expect(Date.parse(c.responseDeadline)).toBeGreaterThan(Date.now());

    const item = (
      await db.send(
        new GetCommand({ TableName: sys.tableName, Key: { pk: `ORDER#${orderId}`, sk: `CASE#${c.caseId}` } }),
      )
    ).Item!;
    expect(item).toMatchObject({
      orderId,
      caseId: c.caseId,
      caseType: 'complaint',
      caseStatus: 'open',
      dayPk: `DAY#${businessDay(new Date(item['createdAt'] as string))}`,
      daySk: `CASE#${item['createdAt']}#${c.caseId}`,
    });

    const mails = await mailsAbout(orderNumber);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^订单 .*已受理您的投诉申请 \/ Order /);
    expect(mails[0]!.text).toContain(c.caseId);

    const list = await sys.api(`/api/orders/${orderId}/cases`, { token: await sys.login('production') });
    expect(list.status).toBe(200);
    const listed = await list.json();
    expect(listed.cases.map((x: CaseJson) => x.caseId)).toEqual([c.caseId]);
    // Production may read cases but act on none of them (R-SEC-2).
    expect(listed.cases[0].allowedActions).toEqual([]);
    expect(listed.openableTypes).toEqual(['complaint', 'inquiry']);
  });

  it('refuses a return before shipment, field by field (400)', async () => {
    const { orderId } = await newOrder();
    const res = await openCase(orderId, 'sales', { caseType: 'return', description: '不要了' });
    expect(res.status).toBe(400);
    expect((await res.json()).issues).toEqual([
      {
        path: 'caseType',
        message: expect.stringMatching(/shipped/),
        code: 'case-not-shipped',
        params: { caseType: 'return', status: expect.any(String) },
      },
    ]);
    const bad = await openCase(orderId, 'sales', { caseType: 'lost', description: '', note: 'x' });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['caseType', 'description']));
    expect((await sys.api(`/api/orders/NOPE/cases`, { token: await sys.login('sales') })).status).toBe(404);
  });

  it('checks roles: 401 without sign-in, 403 for roles that may not open or act', async () => {
    const { orderId } = await newOrder();
    const body = { caseType: 'inquiry', description: '发票什么时候开' };
    expect((await sys.api(`/api/orders/${orderId}/cases`, { json: body })).status).toBe(401);
    expect((await openCase(orderId, 'logistics', body)).status).toBe(403);
    const c = (await (await openCase(orderId, 'ops', body)).json()) as CaseJson;
    expect((await act(orderId, c.caseId, 'finance', { action: 'start', expectedVersion: 1 })).status).toBe(
      403,
    );
    expect((await act(orderId, c.caseId, 'production', { action: 'start', expectedVersion: 1 })).status).toBe(
      403,
    );
    expect((await act(orderId, c.caseId, 'ops', { action: 'start', expectedVersion: 1 })).status).toBe(200);
  });

  it('refunds a shipped order within its total, granted by finance, with 409 on stale or illegal moves', async () => {
    const { orderId, orderNumber } = await shippedOrder(sys);
    const total = orderBody().items as { quantity: number; unitPrice: number }[];
    const orderTotal = total[0]!.quantity * total[0]!.unitPrice;

    const over = await openCase(orderId, 'after_sales', {
      caseType: 'refund',
      description: '退全款再多一点',
      refundAmount: orderTotal + 1,
    });
    expect(over.status).toBe(400);
    expect((await over.json()).issues.map((i: { path: string }) => i.path)).toEqual(['refundAmount']);

    const key = { 'idempotency-key': `refund-${orderId}` };
    const body = { caseType: 'refund', description: '两件破损，退款', refundAmount: 2500 };
    const first = (await (await openCase(orderId, 'after_sales', body, key)).json()) as CaseJson;
    const again = (await (await openCase(orderId, 'after_sales', body, key)).json()) as CaseJson;
    expect(again.caseId).toBe(first.caseId);
    const id = first.caseId;

    expect((await act(orderId, id, 'sales', { action: 'grant-refund', expectedVersion: 1 })).status).toBe(
      403,
    );
    expect((await act(orderId, id, 'after_sales', { action: 'close', expectedVersion: 1 })).status).toBe(409);
    expect((await act(orderId, id, 'after_sales', { action: 'start', expectedVersion: 1 })).status).toBe(200);
    const stale = await act(orderId, id, 'finance', { action: 'grant-refund', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    const tooMuch = await act(orderId, id, 'finance', {
      action: 'grant-refund',
      amount: 2501,
      expectedVersion: 2,
    });
    expect(tooMuch.status).toBe(400);
    expect((await tooMuch.json()).issues.map((i: { path: string }) => i.path)).toEqual(['amount']);

    const granted = await act(orderId, id, 'finance', {
      action: 'grant-refund',
      amount: 2000,
      note: '按破损件退款',
      expectedVersion: 2,
    });
    expect(granted.status).toBe(200);
    const c = (await granted.json()) as CaseJson;
    expect(c).toMatchObject({ caseStatus: 'resolved', refundAmount: 2000, version: 3 });
    expect(c.history.map((h) => [h.action, h.actor, h.to])).toEqual([
      ['opened', 'after_sales@example.com', 'open'],
      ['start', 'after_sales@example.com', 'in_progress'],
      ['grant-refund', 'finance@example.com', 'resolved'],
    ]);

    const item = (
      await db.send(
        new GetCommand({ TableName: sys.tableName, Key: { pk: `ORDER#${orderId}`, sk: `CASE#${id}` } }),
      )
    ).Item!;
    expect(item).toMatchObject({
      refundAmount: 2000,
      caseStatus: 'resolved',
      refundedAt: expect.any(String),
    });

    const listed = await (
      await sys.api(`/api/orders/${orderId}/cases`, { token: await sys.login('gm') })
    ).json();
    expect(listed.refundable).toBe(orderTotal - 2000);

    const mails = (await mailsAbout(orderNumber)).filter((m) => m.subject.includes('退款'));
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringContaining('已受理您的退款申请'),
      expect.stringContaining('退款已批准'),
    ]);
    expect(mails[1]!.text).toContain('¥20.00');
  });

  it('lets one of two refunds granted at once through when together they would exceed the total', async () => {
    const { orderId } = await shippedOrder(sys);
    const total = 10 * 1250;
    const body = (n: number) => ({ caseType: 'refund', description: `退款 ${n}`, refundAmount: 8000 });
    const ids = await Promise.all(
      [1, 2].map(
        async (n) => ((await (await openCase(orderId, 'after_sales', body(n))).json()) as CaseJson).caseId,
      ),
    );
    const answers = await Promise.all(
      ids.map((id) => act(orderId, id, 'finance', { action: 'grant-refund', expectedVersion: 1 })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    const ledger = (
      await db.send(
        new GetCommand({ TableName: sys.tableName, Key: { pk: `ORDER#${orderId}`, sk: 'REFUNDS' } }),
      )
    ).Item!;
    expect(ledger['granted']).toBe(8000);
    expect(ledger['granted']).toBeLessThanOrEqual(total);
  });

  it('validates the action body and the case id field by field', async () => {
    const { orderId } = await newOrder();
    const res = await act(orderId, 'not-a-case', 'gm', { action: 'fly', amount: -1 });
    expect(res.status).toBe(400);
    const paths = (await res.json()).issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['caseId', 'action', 'amount', 'expectedVersion']));
    const missing = await act(orderId, '01ARZ3NDEKTSV4RRFFQ69G5FAV', 'gm', {
      action: 'start',
      expectedVersion: 1,
    });
    expect(missing.status).toBe(404);
  });
});
