import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoOrderStore } from '#shared/adapters/dynamo-order-store.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.close();
});

async function queueIds(): Promise<string[]> {
  const token = await sys.login('ops');
  const page = (await (await sys.api('/api/queue?limit=100', { token })).json()) as {
    items: { orderId: string }[];
  };
  return page.items.map((i) => i.orderId);
}

describe('idempotent intake (R-INTAKE-4)', () => {
  it('returns the first response on a replay and never makes a second order', async () => {
    const headers = { 'idempotency-key': 'replay-test-1' };
    const first = await sys.api('/api/orders', { json: orderBody(), headers });
    const second = await sys.api('/api/orders', { json: orderBody(), headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const a = await first.json();
    expect(await second.json()).toEqual(a);
    expect((await queueIds()).filter((id) => id === a.orderId)).toHaveLength(1);
  });

  it('makes exactly one order under 20 concurrent replays', async () => {
    const before = (await queueIds()).length;
    const headers = { 'idempotency-key': 'concurrent-replay-7f3a' };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => sys.api('/api/orders', { json: orderBody(), headers })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect((await queueIds()).length).toBe(before + 1);
    // One confirmation only.
    const mails = (await sys.outbox()).filter(
      (m) => m.to.includes('buyer@customer.example') && m.subject.includes(bodies[0].orderNumber),
    );
    expect(mails.filter((m) => m.channel === 'email')).toHaveLength(1);
  });

  it('refuses the same key with a different body (422)', async () => {
    const headers = { 'idempotency-key': 'reused-key' };
    expect((await sys.api('/api/orders', { json: orderBody(), headers })).status).toBe(201);
    const other = orderBody({ notes: 'a different order' });
    const res = await sys.api('/api/orders', { json: other, headers });
    expect(res.status).toBe(422);
  });

  it('makes separate orders without a key', async () => {
    const a = await (await sys.api('/api/orders', { json: orderBody() })).json();
    const b = await (await sys.api('/api/orders', { json: orderBody() })).json();
    expect(a.orderId).not.toBe(b.orderId);
  });
});

describe('optimistic locking of order changes', () => {
  it('lets one of two concurrent assignments win and answers the other 409', async () => {
    const { orderId } = await (await sys.api('/api/orders', { json: orderBody() })).json();
    const token = await sys.login('ops');
    const assign = (assignee: string) =>
      sys.api(`/api/orders/${orderId}/assign`, { token, json: { assignee, expectedVersion: 1 } });
    const results = await Promise.all([assign('ops@example.com'), assign('sales@example.com')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const order = await (await sys.api(`/api/orders/${orderId}`, { token })).json();
    expect(order.version).toBe(2);
    expect(order.history).toHaveLength(2);
  });

  it('refuses a store write based on a stale version, without losing the first change', async () => {
    const { orderId } = await (await sys.api('/api/orders', { json: orderBody() })).json();
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: sys.dynamoEndpoint }));
    const store = dynamoOrderStore(db, sys.tableName);
    const read = (await store.get(orderId))!;
    const at = new Date().toISOString();
    const first = await store.update(read, {
      status: 'under_review',
      updatedAt: at,
      history: { at, actor: 'ops@example.com', action: 'status', from: 'received', to: 'under_review' },
    });
    expect(first.version).toBe(2);
    await expect(
      store.update(read, {
        status: 'cancelled',
        updatedAt: at,
        history: { at, actor: 'sales@example.com', action: 'status', from: 'received', to: 'cancelled' },
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    const now = (await store.get(orderId))!;
    expect(now.status).toBe('under_review');
    expect(now.history.map((h) => h.to)).toEqual(['received', 'under_review']);
    db.destroy();
  });
});
