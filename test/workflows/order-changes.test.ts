import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#functions/manifest.ts';
import { approvalsWithoutDeadlines } from '../support/approval-settings.ts';
import { approvalLink, decideByLink, getOrder, waitForStatus, waitForStep } from '../support/approvals.ts';
import { eventually } from '../support/eventually.ts';
import { inDays, orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  approvalsWithoutDeadlines();
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.close();
});

interface Change {
  changeId: string;
  kind: string;
  status: string;
  requestedBy: { kind: string; email?: string };
  approvals: { role: string; decision: string; by: string; at: string; reason?: string }[];
  diff: { lines: { sku: string }[]; totalBefore: number; totalAfter: number };
  consent?: { status: string; at?: string; channel?: string; comment?: string };
  chain: string[];
  pendingStep?: { role: string };
}
type Versioned = Awaited<ReturnType<typeof getOrder>> & {
  items: { sku: string; quantity: number; unitPrice: number }[];
  totalAmount: number;
  delivery: { requestedDate: string };
  versions: {
    version: number;
    changeId: string | null;
    items: { quantity: number }[];
    totalAmount: number;
    requestedDate: string;
  }[];
  pendingChange?: { changeId: string; status: string } | null;
};

const staff = async (role: string, path: string, json?: unknown) => {
  const res = await sys.api(path, { token: await sys.login(role), ...(json !== undefined ? { json } : {}) });
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in assertions
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const order = async (orderId: string) => (await getOrder(sys, orderId)) as Versioned;
const changes = async (orderId: string) =>
  (await staff('ops', `/api/orders/${orderId}/changes`)).body['changes'] as Change[];
const changeOf = (orderId: string, changeId: string, status: string) =>
  eventually(
    async () => (await changes(orderId)).find((c) => c.changeId === changeId && c.status === status),
    20_000,
    `change ${changeId} ${status}`,
  );
const mailLink = (email: string, subject: string, path: string) =>
  eventually(
    async () => {
      const mail = (await sys.outbox())
        .filter((m) => m.to.includes(email) && m.subject.includes(subject))
        .at(-1);
      return mail ? new RegExp(`(http://\\S+/${path}/\\S+)`).exec(mail.text)?.[1] : undefined;
    },
    20_000,
    `${path} link for ${email}`,
  );
const stock = async (sku: string) =>
  ((await (await sys.api('/api/products')).json()) as { sku: string; stock: number }[]).find(
    (p) => p.sku === sku,
  )!.stock;

async function placeWaitingOps(items = [{ sku: 'BRG-6204', quantity: 10, unitPrice: 1250 }]) {
  const res = await sys.api('/api/orders', { json: orderBody({ items }) });
  expect(res.status).toBe(201);
  const placed = (await res.json()) as { orderId: string; orderNumber: string; trackingUrl: string };
  await waitForStep(sys, placed.orderId, 'ops');
  return placed;
}

describe('items change: dept_manager, sales_director, the customer consents (R-CHG-2, R-PROC-6)', () => {
  it('applies a staff-initiated quantity change only after both approvals and the consent, as version 2', async () => {
    const { orderId, orderNumber } = await placeWaitingOps();
    const before = await stock('BRG-6204');
    const filed = await staff('sales', `/api/orders/${orderId}/changes`, {
      kind: 'items',
      items: [{ sku: 'BRG-6204', quantity: 14, unitPrice: 1250 }],
      reason: '客户电话要求加量',
    });
    expect(filed).toMatchObject({ status: 202, body: { changeId: expect.any(String), status: 'pending' } });
    const changeId = filed.body['changeId'] as string;
    const [pending] = await changes(orderId);
    expect(pending).toMatchObject({
      kind: 'items',
      status: 'pending',
      chain: ['dept_manager', 'sales_director'],
      requestedBy: { kind: 'staff', email: 'sales@example.com' },
      diff: { totalBefore: 12_500, totalAfter: 17_500, lines: [{ sku: 'BRG-6204' }] },
    });
    // Nothing changed yet: no silent edit (R-PROC-6).
    expect((await order(orderId)).items[0]!.quantity).toBe(10);

    // dept_manager decides from the signed, single-use link; GET only shows the diff.
    const dmLink = await mailLink(
      'dept_manager@example.com',
      `Change approval needed: order ${orderNumber}`,
      'approvals/changes',
    );
    expect(dmLink).toMatch(/\/approvals\/changes\/[0-9A-Z]{26}\.\d+\?sig=[\w-]{43}$/);
    const page = await fetch(dmLink);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('变更前 Before');
    expect(html).toContain('¥175.00');
    expect((await decideByLink(dmLink, 'approve')).status).toBe(200);
    expect((await decideByLink(dmLink, 'approve')).status).toBe(409);

    // sales_director decides in the console.
    await eventually(async () =>
      (await changes(orderId))[0]?.pendingStep?.role === 'sales_director' ? true : undefined,
    );
    // dept_manager's step is done: their role may not decide the next one.
    expect(
      (
        await staff('dept_manager', `/api/orders/${orderId}/changes/${changeId}/decision`, {
          decision: 'approve',
        })
      ).status,
    ).toBe(403);
    expect(
      await staff('sales_director', `/api/orders/${orderId}/changes/${changeId}/decision`, {
        decision: 'approve',
      }),
    ).toMatchObject({ status: 200, body: { outcome: 'approved' } });

    // The customer sees the before/after and consents (同意变更).
    await changeOf(orderId, changeId, 'awaiting-consent');
    expect((await order(orderId)).items[0]!.quantity).toBe(10);
    const consent = await mailLink(
      'buyer@customer.example',
      `Please confirm the change to order ${orderNumber}`,
      'approvals/consent',
    );
    const consentPage = await (await fetch(consent)).text();
    expect(consentPage).toContain('同意变更');
    expect(consentPage).toContain('不同意');
    const answered = await fetch(consent, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision: 'accept', comment: '好的' }),
    });
    expect(answered.status).toBe(200);
    const again = await fetch(consent, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision: 'decline' }),
    });
    expect(again.status).toBe(409);

    const applied = await changeOf(orderId, changeId, 'applied');
    expect(applied.approvals.map((a) => [a.role, a.decision, a.by])).toEqual([
      ['dept_manager', 'approve', 'dept_manager@example.com'],
      ['sales_director', 'approve', 'sales_director@example.com'],
    ]);
    expect(applied.consent).toMatchObject({
      status: 'accepted',
      channel: 'link',
      comment: '好的',
      at: expect.any(String),
    });
    const now = await order(orderId);
    expect(now.items[0]!.quantity).toBe(14);
    expect(now.totalAmount).toBe(17_500);
    expect(now.versions.map((v) => [v.version, v.changeId, v.totalAmount])).toEqual([
      [1, null, 12_500],
      [2, changeId, 17_500],
    ]);
    expect(now.versions[0]!.items[0]!.quantity).toBe(10);
    const actions = now.history.map((h) => h.action);
    expect(actions).toEqual(
      expect.arrayContaining(['change-requested', 'change-approved', 'change-consent', 'change-applied']),
    );
    // Stock follows the new quantity; the customer gets version 2; production is told.
    expect(await stock('BRG-6204')).toBe(before - 4);
    const outbox = await sys.outbox();
    expect(
      outbox.some((m) => m.to.includes('buyer@customer.example') && m.subject.includes('version 2')),
    ).toBe(true);
    expect(
      outbox.some((m) => m.to.includes('production@example.com') && m.subject.includes(orderNumber)),
    ).toBe(true);
  });

  it('a rejection by dept_manager ends it: the order keeps its items and is free for the next change', async () => {
    const { orderId } = await placeWaitingOps();
    const { body } = await staff('ops', `/api/orders/${orderId}/changes`, {
      kind: 'items',
      items: [{ sku: 'BRG-6204', quantity: 3, unitPrice: 1250 }],
      reason: '减量',
    });
    await eventually(async () =>
      (await changes(orderId))[0]?.pendingStep?.role === 'dept_manager' ? true : undefined,
    );
    const path = `/api/orders/${orderId}/changes/${body['changeId']}/decision`;
    expect((await staff('dept_manager', path, { decision: 'reject' })).status).toBe(400);
    expect((await staff('dept_manager', path, { decision: 'reject', reason: '已排产' })).status).toBe(200);
    const rejected = await changeOf(orderId, body['changeId'], 'rejected');
    expect(rejected.approvals[0]).toMatchObject({
      role: 'dept_manager',
      decision: 'reject',
      reason: '已排产',
    });
    await eventually(async () => ((await order(orderId)).pendingChange ? undefined : true));
    expect((await order(orderId)).items[0]!.quantity).toBe(10);
    // A rejected change is no rejected order: the order list shows orders only.
    const list = await sys.api('/api/orders?status=rejected', { token: await sys.login('ops') });
    const items = ((await list.json()) as { items: { orderId: string; orderNumber?: string }[] }).items;
    expect(items.filter((i) => i.orderId === orderId)).toEqual([]);
    for (const i of items) expect(i.orderNumber).toMatch(/^OD/);
  });
});

describe('refusals, races and no edit in place (R-CHG-2, R-CHG-3, R-PROC-6)', () => {
  it('refuses items and cancellation once the order is in production, with its status (R-CHG-2, R-CHG-3)', async () => {
    const { orderId, orderNumber } = await placeWaitingOps();
    expect(
      (await decideByLink(await approvalLink(sys, orderNumber, 'ops@example.com'), 'approve')).status,
    ).toBe(200);
    await waitForStatus(sys, orderId, 'approved');
    const started = await staff('production', `/api/orders/${orderId}/production/start`, {
      plannedCompletionDate: inDays(3),
    });
    expect(started.status).toBe(200);
    for (const body of [
      { kind: 'items', items: [{ sku: 'BRG-6204', quantity: 1, unitPrice: 1250 }], reason: 'x' },
      { kind: 'cancel', reason: 'price' },
    ]) {
      const res = await staff('sales', `/api/orders/${orderId}/changes`, body);
      expect(res).toMatchObject({
        status: 409,
        body: { status: 'in_production', error: expect.stringContaining('R-CHG') },
      });
    }
  });

  it('asks gm too where a new price is below the list price (R-CHG-2, R-PRICE-4)', async () => {
    const { orderId } = await placeWaitingOps();
    const res = await staff('ops', `/api/orders/${orderId}/changes`, {
      kind: 'items',
      items: [{ sku: 'BRG-6204', quantity: 10, unitPrice: 1000 }],
      reason: '让价',
    });
    expect(res.status).toBe(202);
    expect((await changes(orderId))[0]!.chain).toEqual(['dept_manager', 'sales_director', 'gm']);
  });

  it('answers 400 field by field', async () => {
    const { orderId } = await placeWaitingOps();
    const bad = await staff('sales', `/api/orders/${orderId}/changes`, { kind: 'cancel', reason: 'other' });
    expect(bad.status).toBe(400);
    expect(bad.body['issues']).toEqual([expect.objectContaining({ path: 'note' })]);
    const noEvidence = await staff('sales', `/api/orders/${orderId}/changes`, {
      kind: 'delivery-date',
      requestedDate: inDays(20),
    });
    expect(noEvidence.body['issues']).toEqual([expect.objectContaining({ path: 'evidence' })]);
    expect(
      (await staff('production', `/api/orders/${orderId}/changes`, { kind: 'cancel', reason: 'price' }))
        .status,
    ).toBe(403);
  });

  it('of two changes at once one wins, the other gets 409 with the current version (R-PROC-6)', async () => {
    const { orderId } = await placeWaitingOps();
    const body = (quantity: number) => ({
      kind: 'items',
      items: [{ sku: 'BRG-6204', quantity, unitPrice: 1250 }],
      reason: 'race',
    });
    const results = await Promise.all([
      staff('sales', `/api/orders/${orderId}/changes`, body(11)),
      staff('ops', `/api/orders/${orderId}/changes`, body(12)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([202, 409]);
    const lost = results.find((r) => r.status === 409)!;
    expect(lost.body).toMatchObject({
      error: expect.any(String),
      status: expect.any(String),
      version: expect.any(Number),
    });
    expect((await changes(orderId)).filter((c) => c.status === 'pending')).toHaveLength(1);
  });

  it('has no route that edits a confirmed order in place (R-PROC-6)', async () => {
    const orderRoutes = FUNCTIONS.flatMap((f) => f.triggers).filter(
      (t) => t.kind === 'http' && t.path.startsWith('/api/orders/{id}'),
    );
    // Only actions on the order (decisions, shipments, notes, changes…), never PUT of the order.
    expect(
      orderRoutes.filter(
        (t) =>
          t.kind === 'http' && (t.method === 'PUT' || (t.path === '/api/orders/{id}' && t.method !== 'GET')),
      ),
    ).toEqual([]);
    const { orderId } = await placeWaitingOps();
    for (const method of ['PUT', 'PATCH', 'POST']) {
      const res = await sys.api(`/api/orders/${orderId}`, {
        method,
        token: await sys.login('gm'),
        json: { items: [{ sku: 'BRG-6204', quantity: 99, unitPrice: 1 }] },
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    expect((await order(orderId)).items[0]!.quantity).toBe(10);
  });
});

describe("cancellation and the customer's own requests (R-CHG-3, R-CHG-1, R-PROC-6)", () => {
  it('a customer asks to cancel from the tracking link: a requested change, never applied; ops take it up; the approval workflow stops', async () => {
    const { orderId, orderNumber, trackingUrl } = await placeWaitingOps([
      { sku: 'GSK-PTFE-50', quantity: 20, unitPrice: 450 },
    ]);
    const token = new URL(trackingUrl).searchParams.get('t')!;
    const before = await stock('GSK-PTFE-50');
    const asked = await sys.api(`/api/track/${encodeURIComponent(token)}/changes`, {
      json: { kind: 'cancel', reason: 'customer', note: '项目取消' },
    });
    expect(asked.status).toBe(202);
    const { changeId: requestId, status } = (await asked.json()) as { changeId: string; status: string };
    expect(status).toBe('requested');
    expect((await order(orderId)).status).toBe('under_review');
    expect(
      (await sys.api('/api/track/bad.token/changes', { json: { kind: 'cancel', reason: 'customer' } }))
        .status,
    ).toBe(404);
    await eventually(async () =>
      (await sys.outbox()).find(
        (m) =>
          m.to.includes('ops@example.com') &&
          m.subject.includes(`Customer asks for a change: order ${orderNumber}`),
      ),
    );

    // Until ops take it up, it waits in ops' My work (it is nobody else's).
    const waiting = async (role: string) => {
      const res = await sys.api('/api/my-work', { token: await sys.login(role) });
      const groups = ((await res.json()) as { groups: { key: string; items: { changeId?: string }[] }[] })
        .groups;
      return groups.filter((g) => g.key === 'changeRequests').flatMap((g) => g.items.map((i) => i.changeId));
    };
    expect(await waiting('ops')).toContain(requestId);
    expect(await waiting('sales')).toEqual([]);

    // Ops take it up: the customer asked in writing, so no second consent (R-PROC-6).
    const filed = await staff('ops', `/api/orders/${orderId}/changes`, {
      kind: 'cancel',
      reason: 'customer',
      note: '项目取消',
      evidence: { changeId: requestId },
    });
    expect(filed.status).toBe(202);
    const changeId = filed.body['changeId'] as string;
    expect((await changes(orderId)).find((c) => c.changeId === requestId)?.status).toBe('closed');
    expect(await waiting('ops')).not.toContain(requestId);
    for (const role of ['dept_manager', 'sales_director']) {
      await eventually(async () =>
        (await changes(orderId)).find((c) => c.changeId === changeId)?.pendingStep?.role === role
          ? true
          : undefined,
      );
      expect(
        (await staff(role, `/api/orders/${orderId}/changes/${changeId}/decision`, { decision: 'approve' }))
          .status,
      ).toBe(200);
    }
    const applied = await changeOf(orderId, changeId, 'applied');
    expect(applied.consent?.status).toBe('not-needed');
    const cancelled = await order(orderId);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.history.at(-1)).toMatchObject({ action: 'change-applied', to: 'cancelled' });
    // Stock released; the approval workflow stopped (no reminder or escalation can follow);
    // the ops approval link no longer decides; the customer is told.
    expect(await stock('GSK-PTFE-50')).toBe(before + 20);
    // The executions are stopped as the cancellation is applied; the last stop may land a moment
    // after the order reads cancelled, so the workflow view is read until both have ended.
    const execution = async (name: string) =>
      (
        (await staff('ops', `/api/orders/${orderId}/workflow`)).body['executions'] as {
          stateMachine: string;
          status: string;
        }[]
      ).find((e) => e.stateMachine === name);
    await eventually(async () =>
      (await execution('order-approval'))?.status === 'ABORTED' ? true : undefined,
    );
    await eventually(async () => {
      const sla = await execution('order-sla');
      return sla && sla.status !== 'RUNNING' ? true : undefined;
    });
    const opsLink = await approvalLink(sys, orderNumber, 'ops@example.com');
    expect((await decideByLink(opsLink, 'approve')).status).toBe(409);
    const outbox = await sys.outbox();
    expect(
      outbox.some(
        (m) =>
          m.to.includes('buyer@customer.example') && m.subject.includes(`Order cancelled: ${orderNumber}`),
      ),
    ).toBe(true);
    expect(outbox.some((m) => m.subject.includes(`Approval overdue: order ${orderNumber}`))).toBe(false);
  });

  it("a delivery date changes at once with the customer's written request uploaded (R-CHG-1)", async () => {
    const { orderId, orderNumber } = await placeWaitingOps();
    const token = await sys.login('sales');
    const refused = await sys.api('/api/uploads', {
      method: 'POST',
      token,
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(refused.status).toBe(415);
    const upload = await sys.api('/api/uploads', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.from('%PDF-1.4 customer letter'),
    });
    expect(upload.status).toBe(201);
    const { uploadId } = (await upload.json()) as { uploadId: string };
    const date = inDays(30);
    expect(
      (
        await staff('sales', `/api/orders/${orderId}/changes`, {
          kind: 'delivery-date',
          requestedDate: date,
          evidence: { uploadId: 'NOPE' },
        })
      ).body['issues'],
    ).toEqual([expect.objectContaining({ path: 'evidence.uploadId' })]);
    const res = await staff('sales', `/api/orders/${orderId}/changes`, {
      kind: 'delivery-date',
      requestedDate: date,
      evidence: { uploadId },
    });
    expect(res).toMatchObject({ status: 202, body: { status: 'applied' } });
    const now = await order(orderId);
    expect(now.delivery.requestedDate).toBe(date);
    expect(now.versions.at(-1)).toMatchObject({ version: 2, requestedDate: date });
    const outbox = await sys.outbox();
    for (const to of ['production@example.com', 'logistics@example.com', 'buyer@customer.example']) {
      expect(
        outbox.some(
          (m) => m.to.includes(to) && m.subject.includes(orderNumber) && m.subject.includes('version 2'),
        ),
      ).toBe(true);
    }
  });
});

describe('reports (R-CHG-3, R-PROC-6)', () => {
  it('count changes and cancellations by kind and reason', async () => {
    const today = inDays(0);
    const res = await staff('gm', `/api/reports/summary?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    const changes = res.body['changes'];
    // The tests above: items changes requested and one applied, a customer's cancellation applied.
    expect(changes.requestedByKind.items).toBeGreaterThanOrEqual(3);
    expect(changes.appliedByKind.items).toBeGreaterThanOrEqual(1);
    expect(changes.appliedByKind.cancel).toBeGreaterThanOrEqual(1);
    expect(changes.appliedByKind['delivery-date']).toBeGreaterThanOrEqual(1);
    expect(changes.cancellationsByReason.customer).toBeGreaterThanOrEqual(2);
  });
});
