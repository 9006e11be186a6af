import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsWithoutDeadlines } from '../support/approval-settings.ts';
import { approvalLink, decideByLink, getOrder, waitForStatus, waitForStep } from '../support/approvals.ts';
import { eventually } from '../support/eventually.ts';
import { expectOnEveryRobot } from '../support/robots.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  approvalsWithoutDeadlines();
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.close();
});

async function place(items: unknown[], extra: Record<string, unknown> = {}) {
  const res = await sys.api('/api/orders', { json: orderBody({ items, ...extra }) });
  expect(res.status).toBe(201);
  return (await res.json()) as { orderId: string; orderNumber: string };
}

const mailsTo = async (email: string, subject: string) =>
  (await sys.outbox()).filter((m) => m.to.includes(email) && m.subject.includes(subject));

describe('approval workflow paths (R-PRICE-2..5, R-APPR-1, R-APPR-3)', () => {
  it('tier 1: ops approves through the emailed link; the order is approved and everyone told', async () => {
    const { orderId, orderNumber } = await place([{ sku: 'BRG-6204', quantity: 5, unitPrice: 1250 }]);
    const waiting = await waitForStep(sys, orderId, 'ops');
    expect(waiting.status).toBe('under_review');
    const link = await approvalLink(sys, orderNumber, 'ops@example.com');
    // An opaque id and a signature; the task token never appears in a URL.
    expect(link).toMatch(/\/approvals\/[0-9A-Z]{26}\.\d+\?sig=[\w-]{43}$/);

    // GET shows the order and changes nothing (mail scanners prefetch links).
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(orderNumber);
    expect(html).toMatch(/<form[^>]+method="post"/i);
    expect((await getOrder(sys, orderId)).pendingApproval?.role).toBe('ops');

    const decided = await decideByLink(link, 'approve');
    expect(decided.status).toBe(200);
    const approved = await waitForStatus(sys, orderId, 'approved');
    expect(approved.approvals).toEqual([expect.objectContaining({ role: 'ops', actor: 'ops@example.com' })]);
    const actions = approved.history.map((h) => h.action);
    expect(actions).toEqual(expect.arrayContaining(['review', 'approval-requested', 'approved-step']));
    expect(approved.history.at(-1)).toMatchObject({ to: 'approved' });
    expect(await mailsTo('buyer@customer.example', '订单已确认')).toHaveLength(1);
    expect(await mailsTo('production@example.com', orderNumber)).not.toHaveLength(0);
    expect(await mailsTo('logistics@example.com', orderNumber)).not.toHaveLength(0);

    // The link was single-use.
    const again = await decideByLink(link, 'approve');
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('ops@example.com');
  });

  it('tier 2: no list price → ops then sales director (R-PRICE-3)', async () => {
    const { orderId, orderNumber } = await place([{ sku: 'PMP-CUSTOM', quantity: 1, unitPrice: 500_000 }]);
    await waitForStep(sys, orderId, 'ops');
    expect(
      (await decideByLink(await approvalLink(sys, orderNumber, 'ops@example.com'), 'approve')).status,
    ).toBe(200);
    await waitForStep(sys, orderId, 'sales_director');
    const link = await approvalLink(sys, orderNumber, 'sales_director@example.com');
    expect((await decideByLink(link, 'approve')).status).toBe(200);
    const order = await waitForStatus(sys, orderId, 'approved');
    expect(order.approvals?.map((a) => a.role)).toEqual(['ops', 'sales_director']);
  });

  it('tier 3: below list price → ops, sales director, gm; a gm rejection ends it (R-PRICE-4, R-PRICE-5)', async () => {
    const { orderId, orderNumber } = await place([{ sku: 'VLV-DN50', quantity: 2, unitPrice: 20_000 }]);
    for (const role of ['ops', 'sales_director']) {
      await waitForStep(sys, orderId, role);
      expect(
        (await decideByLink(await approvalLink(sys, orderNumber, `${role}@example.com`), 'approve')).status,
      ).toBe(200);
    }
    await waitForStep(sys, orderId, 'gm');
    const gmLink = await approvalLink(sys, orderNumber, 'gm@example.com');
    const noReason = await decideByLink(gmLink, 'reject');
    expect(noReason.status).toBe(400);
    expect((await decideByLink(gmLink, 'reject', '价格过低')).status).toBe(200);
    const order = await waitForStatus(sys, orderId, 'rejected');
    expect(order.history.at(-1)).toMatchObject({
      to: 'rejected',
      actor: 'gm@example.com',
      reason: expect.stringContaining('价格过低'),
    });
    expect(await mailsTo('buyer@customer.example', '订单未能接受')).toHaveLength(1);
    expect(await mailsTo('sales@example.com', `Order rejected: ${orderNumber}`)).toHaveLength(1);
  });

  it('a rejection at the first tier ends the chain and releases the stock', async () => {
    const before = (await (await sys.api('/api/products')).json()) as { sku: string; stock: number }[];
    const stock = () => before.find((p) => p.sku === 'GSK-PTFE-50')!.stock;
    const { orderId, orderNumber } = await place([{ sku: 'GSK-PTFE-50', quantity: 100, unitPrice: 450 }]);
    await waitForStep(sys, orderId, 'ops');
    const reserved = (await (await sys.api('/api/products')).json()) as { sku: string; stock: number }[];
    expect(reserved.find((p) => p.sku === 'GSK-PTFE-50')!.stock).toBe(stock() - 100);
    expect(
      (await decideByLink(await approvalLink(sys, orderNumber, 'ops@example.com'), 'reject', '客户资质不符'))
        .status,
    ).toBe(200);
    await waitForStatus(sys, orderId, 'rejected');
    const after = (await (await sys.api('/api/products')).json()) as { sku: string; stock: number }[];
    expect(after.find((p) => p.sku === 'GSK-PTFE-50')!.stock).toBe(stock());
  });

  it('holds an order it cannot stock and tells sales the shortfall per SKU (R-PROC-4)', async () => {
    const { orderId, orderNumber } = await place([{ sku: 'MTR-Y2-1.5', quantity: 500, unitPrice: 98_000 }]);
    const order = await waitForStatus(sys, orderId, 'on_hold');
    expect(order.history.at(-1)).toMatchObject({
      action: 'shortage',
      reason: expect.stringContaining('MTR-Y2-1.5 short 460'),
    });
    const mail = await eventually(
      async () => (await mailsTo('sales@example.com', `Stock shortage: order ${orderNumber}`))[0],
    );
    expect(mail.text).toContain('缺 460');
    // The robots post the hold with the shortfall per SKU (order-held).
    await expectOnEveryRobot(sys, `库存不足：订单 ${orderNumber}`, {
      orderNumber,
      including: 'MTR-Y2-1.5',
    });
  });

  it('tells a superior about an important order (R-INTAKE-5)', async () => {
    const { orderNumber } = await place([{ sku: 'BRG-6204', quantity: 1, unitPrice: 1250 }], {
      priority: 'important',
    });
    await eventually(
      async () => (await mailsTo('sales_director@example.com', `important order: ${orderNumber}`))[0],
    );
  });
});

describe('deciding in the staff console (R-APPR-1, R-SEC-2)', () => {
  it('lets the waiting role decide, refuses other roles and stale requests', async () => {
    const { orderId } = await place([{ sku: 'BRG-6204', quantity: 1, unitPrice: 1300 }]);
    const waiting = await waitForStep(sys, orderId, 'ops');
    const requestId = waiting.pendingApproval!.requestId;
    const asRole = async (role: string, body: Record<string, unknown>) =>
      sys.api(`/api/orders/${orderId}/decision`, { token: await sys.login(role), json: body });
    expect((await asRole('production', { decision: 'approve', requestId })).status).toBe(403);
    expect((await asRole('sales_director', { decision: 'approve', requestId })).status).toBe(403);
    expect((await asRole('ops', { decision: 'maybe' })).status).toBe(400);
    expect((await asRole('ops', { decision: 'reject', requestId })).status).toBe(400);
    const stale = await asRole('ops', { decision: 'approve', requestId: 'OTHER' });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({
      outcome: 'superseded',
      error: 'This step was replaced by a newer request',
    });
    const ok = await asRole('ops', { decision: 'approve', requestId, reason: '价格正常' });
    expect(ok.status).toBe(200);
    expect((await ok.json()).outcome).toBe('approved');
    await waitForStatus(sys, orderId, 'approved');
    // nothing waits any more: said as such, not as a replaced step
    const late = await asRole('ops', { decision: 'approve' });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({
      outcome: 'nothing-pending',
      error: 'No approval is waiting on this order',
    });
  });

  it('refuses an approver their own phone order', async () => {
    const token = await sys.login('ops');
    const res = await sys.api('/api/orders', { token, json: orderBody() });
    const { orderId } = (await res.json()) as { orderId: string };
    await waitForStep(sys, orderId, 'ops');
    const own = await sys.api(`/api/orders/${orderId}/decision`, { token, json: { decision: 'approve' } });
    expect(own.status).toBe(403);
    expect((await own.json()).outcome).toBe('own-order');
  });

  it('refuses an approver an order placed on the public form with their own email (R-APPR-1)', async () => {
    const res = await sys.api('/api/orders', {
      json: orderBody({ customer: { name: '陈运营', email: 'OPS@example.com' } }),
    });
    expect(res.status).toBe(201);
    const { orderId } = (await res.json()) as { orderId: string };
    await waitForStep(sys, orderId, 'ops');
    const token = await sys.login('ops');
    const own = await sys.api(`/api/orders/${orderId}/decision`, { token, json: { decision: 'approve' } });
    expect(own.status).toBe(403);
    expect((await own.json()).outcome).toBe('own-order');
  });

  it('lets only one of two simultaneous clicks on the same link win', async () => {
    const { orderId, orderNumber } = await place([{ sku: 'BRG-6204', quantity: 2, unitPrice: 1250 }]);
    await waitForStep(sys, orderId, 'ops');
    const link = await approvalLink(sys, orderNumber, 'ops@example.com');
    const [a, b] = await Promise.all([decideByLink(link, 'approve'), decideByLink(link, 'reject', 'no')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(await loser.text()).toMatch(/already|已/);
  });

  it('refuses forged and altered links and changes nothing', async () => {
    const { orderId, orderNumber } = await place([{ sku: 'BRG-6204', quantity: 3, unitPrice: 1250 }]);
    await waitForStep(sys, orderId, 'ops');
    const link = await approvalLink(sys, orderNumber, 'ops@example.com');
    const url = new URL(link);
    const forgedSig = `${url.origin}${url.pathname}?sig=${'A'.repeat(43)}`;
    const otherRecipient = link.replace(/\.(\d+)\?/, (_m, n) => `.${Number(n) + 1}?`);
    for (const bad of [forgedSig, otherRecipient, `${url.origin}${url.pathname}`]) {
      expect((await fetch(bad)).status).toBe(404);
      expect((await decideByLink(bad, 'approve')).status).toBe(404);
    }
    expect((await getOrder(sys, orderId)).pendingApproval?.role).toBe('ops');
  });

  it('shows the workflow history of an order (R-APPR-3)', async () => {
    const { orderId } = await place([{ sku: 'BRG-6204', quantity: 4, unitPrice: 1250 }]);
    await waitForStep(sys, orderId, 'ops');
    const token = await sys.login('sales');
    const res = await sys.api(`/api/orders/${orderId}/workflow`, { token });
    expect(res.status).toBe(200);
    const { executions } = (await res.json()) as {
      executions: { stateMachine: string; status: string; events: { state?: string }[] }[];
    };
    const approval = executions.find((e) => e.stateMachine === 'order-approval')!;
    expect(approval.status).toBe('RUNNING');
    expect(approval.events.map((e) => e.state).filter(Boolean)).toEqual(
      expect.arrayContaining(['Review', 'PrepareStep', 'RequestApproval']),
    );
    expect(executions.find((e) => e.stateMachine === 'order-sla')?.status).toBe('RUNNING');
    expect((await sys.api(`/api/orders/${orderId}/workflow`)).status).toBe(401);
  });
});
