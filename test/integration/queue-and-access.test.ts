import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.close();
});

const place = async (priority: string, name: string) => {
  const res = await sys.api('/api/orders', {
    json: orderBody({ priority, customer: { name, phone: '13800000000' } }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { orderId: string };
};

describe('the work queue (R-PROC-1) and assignment (R-PROC-2)', () => {
  it('lists urgent, then important, then normal, oldest first within each', async () => {
    for (const [p, n] of [
      ['normal', 'n1'],
      ['urgent', 'u1'],
      ['important', 'i1'],
      ['normal', 'n2'],
      ['urgent', 'u2'],
    ]) {
      await place(p!, n!);
    }
    const token = await sys.login('ops');
    const page = await (await sys.api('/api/queue', { token })).json();
    expect(page.items.map((i: { customerName: string }) => i.customerName)).toEqual([
      'u1',
      'u2',
      'i1',
      'n1',
      'n2',
    ]);
  });

  it('pages through the queue with a cursor and refuses a forged cursor', async () => {
    const token = await sys.login('sales');
    const first = await (await sys.api('/api/queue?limit=2', { token })).json();
    expect(first.items).toHaveLength(2);
    const second = await (
      await sys.api(`/api/queue?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`, { token })
    ).json();
    expect(second.items.map((i: { customerName: string }) => i.customerName)).toEqual(['i1', 'n1']);
    expect((await sys.api('/api/queue?cursor=%%%', { token })).status).toBe(400);
    expect((await sys.api('/api/queue?limit=0', { token })).status).toBe(400);
  });

  it('answers 400, never 500, to a tampered cursor', async () => {
    for (const n of ['c1', 'c2', 'c3']) await place('normal', n);
    const token = await sys.login('sales');
    const first = await (await sys.api('/api/queue?limit=2', { token })).json();
    const key = JSON.parse(Buffer.from(first.nextCursor, 'base64url').toString('utf8'));
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const tampered = [
      cursor({ ...key, queueSk: 1 }),
      cursor({ ...key, queuePk: 'ORDER#other' }),
      cursor({ ...key, extra: 'x' }),
      cursor({ pk: key.pk }),
      cursor({ ...key, pk: { S: 'x' } }),
      cursor({}),
      cursor('text'),
      `${first.nextCursor}!`,
    ];
    for (const c of tampered) {
      const res = await sys.api(`/api/queue?limit=2&cursor=${encodeURIComponent(c)}`, { token });
      expect(res.status, c).toBe(400);
      expect((await res.json()).issues).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    }
    const ops = await sys.login('ops');
    const inbound = await sys.api(`/api/inbound?state=attention&cursor=${cursor({ pk: 'INBOX#x', sk: 7 })}`, {
      token: ops,
    });
    expect(inbound.status).toBe(400);
  });

  it('records who assigned whom, in the history (R-PROC-2, R-ARCH-2)', async () => {
    const { orderId } = await place('normal', 'assign-me');
    const token = await sys.login('ops');
    const res = await sys.api(`/api/orders/${orderId}/assign`, {
      token,
      json: { assignee: 'sales@example.com' },
    });
    expect(res.status).toBe(200);
    const order = await res.json();
    expect(order.assignee).toBe('sales@example.com');
    expect(order.history.at(-1)).toMatchObject({ actor: 'ops@example.com', action: 'assigned' });
    const bad = await sys.api(`/api/orders/${orderId}/assign`, { token, json: { assignee: 'nobody' } });
    expect(bad.status).toBe(400);
    const missing = await sys.api('/api/orders/01ARZ3NDEKTSV4RRFFQ69G5FAV/assign', {
      token,
      json: { assignee: 'sales@example.com' },
    });
    expect(missing.status).toBe(404);
  });
});

describe('staff endpoints check identity and role (R-SEC-2)', () => {
  it('answers 401 without a token or with a forged one', async () => {
    expect((await sys.api('/api/queue')).status).toBe(401);
    expect((await sys.api('/api/queue', { token: 'abc.def.ghi' })).status).toBe(401);
    const token = await sys.login('ops');
    const tampered = `${token.slice(0, -4)}AAAA`;
    expect((await sys.api('/api/queue', { token: tampered })).status).toBe(401);
  });

  it('answers 403 when the role may not act', async () => {
    const { orderId } = await place('normal', 'role-check');
    const token = await sys.login('production');
    const res = await sys.api(`/api/orders/${orderId}/assign`, {
      token,
      json: { assignee: 'ops@example.com' },
    });
    expect(res.status).toBe(403);
  });

  it('records a phone order entered by sales with the phone channel (R-INTAKE-1)', async () => {
    const token = await sys.login('sales');
    const res = await sys.api('/api/orders', { token, json: orderBody() });
    expect(res.status).toBe(201);
    const { orderId } = await res.json();
    const order = await (await sys.api(`/api/orders/${orderId}`, { token })).json();
    expect(order.channel).toBe('phone');
    expect(order.history[0]).toMatchObject({ actor: 'sales@example.com', reason: 'phone' });
    const fax = await sys.api('/api/orders', { token, json: orderBody({ channel: 'fax' }) });
    expect(fax.status).toBe(201);
  });

  it('refuses phone orders from roles that may not enter them', async () => {
    const token = await sys.login('logistics');
    expect((await sys.api('/api/orders', { token, json: orderBody() })).status).toBe(403);
    expect((await sys.api('/api/orders', { token: 'forged', json: orderBody() })).status).toBe(401);
  });

  it('refuses a wrong password without telling which part was wrong', async () => {
    const wrong = await sys.api('/api/auth/login', { json: { email: 'ops@example.com', password: 'nope' } });
    const unknown = await sys.api('/api/auth/login', {
      json: { email: 'who@example.com', password: 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).error).toBe((await unknown.json()).error);
  });

  it('never answers order details to the public', async () => {
    const { orderId } = await place('normal', 'private');
    expect((await sys.api(`/api/orders/${orderId}`)).status).toBe(401);
  });
});
