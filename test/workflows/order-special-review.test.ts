/**
 * Special requirements on orders entered directly (R-SPEC-1, seed 4.2.1), on the running local
 * system (dynalite, workflow runner, SES emulator): a line that differs from the product's
 * standard holds the price approval until production and ops — and quality where configured
 * (SPECIAL_REVIEW_QUALITY_ROLE) — accepted; each opinion is in the history; a rejection holds
 * the order and goes back to sales with the reason (R-PRICE-6 style); resuming asks again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsWithoutDeadlines } from '../support/approval-settings.ts';
import { waitForStatus, waitForStep } from '../support/approvals.ts';
import { eventually } from '../support/eventually.ts';
import { chineseOrderText, sendMail } from '../support/mail.ts';
import { inDays, orderBody, staffCaller, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  approvalsWithoutDeadlines();
  delete process.env['SPECIAL_REVIEW_QUALITY_ROLE'];
  sys = await startTestSystem();
});
afterAll(async () => {
  delete process.env['SPECIAL_REVIEW_QUALITY_ROLE'];
  await sys?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in assertions
type Json = Record<string, any>;
/** A staff call as `role`: the status and the parsed answer. */
const call = staffCaller(() => sys);

/** A phone order entered by sales whose first line asks for another packaging and an inspection. */
const specialOrder = (email: string) =>
  orderBody({
    customer: { name: '特殊要求客户', company: '特殊要求测试厂', email, phone: '13900002222' },
    items: [
      {
        sku: 'BRG-6204',
        quantity: 10,
        unitPrice: 1250,
        packaging: '木箱，客户唛头',
        inspection: '100% 全检',
      },
      // The product's own packaging option is no departure (R-SPEC-1).
      { sku: 'GSK-PTFE-50', quantity: 10, unitPrice: 450, packaging: '袋装' },
    ],
    delivery: { address: '上海市浦东新区世纪大道 100 号', requestedDate: inDays(20) },
  });

/** The order has passed through order-received: its confirmation is in the outbox. */
const received = (email: string) =>
  eventually(
    async () => (await sys.outbox()).find((m) => m.channel === 'email' && m.to.includes(email)),
    20_000,
    `confirmation to ${email}`,
  );

const myWork = async (role: string): Promise<string[]> => {
  const { body } = await call('GET', '/api/my-work', role);
  const group = (body['groups'] as Json[]).find((g) => g.key === 'specialReview' && g.role === role);
  return (group?.items ?? []).map((i: Json) => i.orderId);
};

describe('special requirements on an order entered directly (R-SPEC-1)', () => {
  it('flags the line and starts the price approval only after production and ops accepted', async () => {
    const created = await call('POST', '/api/orders', 'sales', specialOrder('special-1@customer.example'));
    expect(created.status).toBe(201);
    const id = created.body['orderId'];
    await received('special-1@customer.example');

    const order = (await call('GET', `/api/orders/${id}`, 'ops')).body;
    expect(order['items'][0].special).toEqual(['packaging', 'inspection']);
    expect(order['items'][1].special).toBeUndefined();
    expect(order['specialReview']).toMatchObject({
      departments: ['production', 'ops'],
      lines: ['1'],
      status: 'pending',
      opinions: [],
    });
    expect(order['status']).toBe('received');
    expect(order['history'].map((h: Json) => h.code)).toContain('special.requested');
    // The SLA clock runs; the approval workflow waits for the review.
    const workflows = (await call('GET', `/api/orders/${id}/workflow`, 'ops')).body;
    expect(workflows['executions'].map((e: Json) => e.stateMachine)).toEqual(['order-sla']);

    // Each department sees it in My work (we do not see other roles' work).
    expect(await myWork('production')).toContain(id);
    expect(await myWork('ops')).toContain(id);
    // …and is told by email, once per new order (sales, who entered it, is not asked).
    const told = (await sys.outbox()).filter((m) =>
      m.subject.includes(`Special requirements to review: order ${order['orderNumber']}`),
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.to).toEqual(expect.arrayContaining(['production@example.com', 'ops@example.com']));
    expect(told[0]!.to).not.toContain('sales@example.com');
    expect(told[0]!.text).toContain('第 1 行与产品标准不同');

    // Only the review's departments answer; a rejection needs a reason.
    expect(
      (await call('POST', `/api/orders/${id}/special-review`, 'sales', { opinion: 'accept' })).status,
    ).toBe(403);
    expect(
      (await call('POST', `/api/orders/${id}/special-review`, 'ops', { opinion: 'reject' })).status,
    ).toBe(400);

    const production = await call('POST', `/api/orders/${id}/special-review`, 'production', {
      opinion: 'accept',
      conditions: '木箱另计，交期加 3 天',
    });
    expect(production.status).toBe(200);
    expect(production.body['status']).toBe('received');
    expect(production.body['pendingApproval'] ?? null).toBeNull();
    expect(
      (await call('POST', `/api/orders/${id}/special-review`, 'production', { opinion: 'accept' })).status,
    ).toBe(409);
    expect(await myWork('production')).not.toContain(id);
    expect(await myWork('ops')).toContain(id);

    const ops = await call('POST', `/api/orders/${id}/special-review`, 'ops', { opinion: 'accept' });
    expect(ops.status).toBe(200);
    expect(ops.body['specialReview'].status).toBe('accepted');
    expect(await myWork('ops')).not.toContain(id);

    // Every department accepted: the price approval starts and asks ops (R-PRICE-2).
    const waiting = await waitForStep(sys, id, 'ops');
    const opinions = (waiting.history as Json[]).filter((h) => h['code'] === 'special.opinion');
    expect(opinions.map((h) => [h['actor'], h['params'].department, h['params'].opinion])).toEqual([
      ['production@example.com', 'production', 'accept'],
      ['ops@example.com', 'ops', 'accept'],
    ]);
    expect(opinions[0]!['params'].note).toBe('木箱另计，交期加 3 天');
  });

  it('a rejection holds the order and tells sales the reason; resuming asks the departments again', async () => {
    const created = await call('POST', '/api/orders', 'sales', specialOrder('special-2@customer.example'));
    const id = created.body['orderId'];
    const number = created.body['orderNumber'];
    await received('special-2@customer.example');

    const rejected = await call('POST', `/api/orders/${id}/special-review`, 'production', {
      opinion: 'reject',
      reason: '无法做 100% 全检',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'on_hold', specialReview: { status: 'rejected' } });
    expect(rejected.body['history'].at(-1)).toMatchObject({
      from: 'received',
      to: 'on_hold',
      code: 'special.opinion',
      params: { department: 'production', opinion: 'reject', note: '无法做 100% 全检' },
    });
    // R-PRICE-6 style: back to sales with the reason; nobody else's opinion is asked now.
    const mail = await eventually(
      async () =>
        (await sys.outbox()).find((m) => m.subject.includes('特殊要求被驳回') && m.subject.includes(number)),
      20_000,
      'the rejection to sales',
    );
    expect(mail.to).toContain('sales@example.com');
    expect(mail.text).toContain('无法做 100% 全检');
    expect(await myWork('ops')).not.toContain(id);
    expect(
      (await call('POST', `/api/orders/${id}/special-review`, 'ops', { opinion: 'accept' })).status,
    ).toBe(409);

    // Sales agreed it with the customer and resumes: the departments review again.
    const resumed = await call('POST', `/api/orders/${id}/resume`, 'sales', { reason: '客户改为抽检' });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({
      status: 'received',
      specialReview: { status: 'pending', opinions: [] },
    });
    expect(await myWork('production')).toContain(id);
    await call('POST', `/api/orders/${id}/special-review`, 'production', {
      opinion: 'accept',
      conditions: '抽检',
    });
    await call('POST', `/api/orders/${id}/special-review`, 'ops', { opinion: 'accept' });
    await waitForStep(sys, id, 'ops');
  });

  it('reviews orders from the public web form and from email intake the same way', async () => {
    // The public form: no staff token.
    const res = await sys.api('/api/orders', { json: specialOrder('special-web@customer.example') });
    expect(res.status).toBe(201);
    const web = (await res.json()) as Json;
    await received('special-web@customer.example');
    expect((await call('GET', `/api/orders/${web['orderId']}`, 'ops')).body).toMatchObject({
      channel: 'web',
      status: 'received',
      specialReview: { status: 'pending', departments: ['production', 'ops'] },
    });
    // An emailed order whose line asks for wooden cases (R-INTAKE-6).
    await sendMail(sys, {
      from: 'special-mail@customer.example',
      subject: '订单：木箱包装',
      messageId: `<special-${Date.now()}@customer.example>`,
      text: chineseOrderText(inDays(12), ['BRG-6204 规格：6204-2RS，包装：木箱，数量：20，单价：12.50']),
    });
    await sys.drain();
    const emailed = await eventually(
      async () => {
        const { body } = await call('GET', '/api/my-work', 'production');
        const group = (body['groups'] as Json[]).find((g) => g.key === 'specialReview');
        return (group?.items as Json[] | undefined)?.find((i) => i.channel === 'email');
      },
      20_000,
      'the emailed order in production’s My work',
    );
    const order = (await call('GET', `/api/orders/${emailed['orderId']}`, 'ops')).body;
    expect(order['items'][0].special).toEqual(['packaging']);
    expect(order['specialReview']).toMatchObject({ status: 'pending', lines: ['1'] });
  });

  it('an order without special requirements goes straight into the approval', async () => {
    const created = await call(
      'POST',
      '/api/orders',
      'sales',
      orderBody({ customer: { name: '普通', email: 'plain@customer.example' } }),
    );
    const order = await waitForStatus(sys, created.body['orderId'], 'under_review');
    expect((order as Json)['specialReview']).toBeUndefined();
  });
});

describe('quality where configured (R-SPEC-1, SPECIAL_REVIEW_QUALITY_ROLE)', () => {
  it('adds the quality role to the review of orders and quotations, and waits for it too', async () => {
    process.env['SPECIAL_REVIEW_QUALITY_ROLE'] = 'safety';
    try {
      const created = await call('POST', '/api/orders', 'sales', specialOrder('special-3@customer.example'));
      const id = created.body['orderId'];
      expect((await call('GET', `/api/orders/${id}`, 'ops')).body['specialReview'].departments).toEqual([
        'production',
        'ops',
        'safety',
      ]);
      await received('special-3@customer.example');
      expect(await myWork('safety')).toContain(id);
      await call('POST', `/api/orders/${id}/special-review`, 'production', { opinion: 'accept' });
      const two = await call('POST', `/api/orders/${id}/special-review`, 'ops', { opinion: 'accept' });
      // Two of three: still waiting, for quality.
      expect(two.body['specialReview']).toMatchObject({ status: 'pending' });
      expect(two.body['pendingApproval'] ?? null).toBeNull();
      const quality = await call('POST', `/api/orders/${id}/special-review`, 'safety', {
        opinion: 'accept',
        conditions: '出货前由品质抽检',
      });
      expect(quality.body['specialReview'].status).toBe('accepted');
      await waitForStep(sys, id, 'ops');

      // The same setting for quotations.
      const quote = await call('POST', '/api/quotations', 'sales', {
        customer: { name: '王经理', company: '报价测试有限公司', email: 'buyer@quote.example' },
        items: [{ sku: 'BRG-6204', quantity: 5, unitPrice: 1250, labelling: '客户标签' }],
        validUntil: inDays(30),
      });
      const qid = quote.body['quotationId'];
      const submitted = await call('POST', `/api/quotations/${qid}/submit`, 'sales', {});
      expect(submitted.body['specialReview'].departments).toEqual(['production', 'ops', 'safety']);
    } finally {
      delete process.env['SPECIAL_REVIEW_QUALITY_ROLE'];
    }
    // Unset again: production and ops alone, and safety has no say.
    const quote = await call('POST', '/api/quotations', 'sales', {
      customer: { name: '王经理', company: '报价测试有限公司', email: 'buyer@quote.example' },
      items: [{ sku: 'BRG-6204', quantity: 5, unitPrice: 1250, labelling: '客户标签' }],
      validUntil: inDays(30),
    });
    const qid = quote.body['quotationId'];
    const submitted = await call('POST', `/api/quotations/${qid}/submit`, 'sales', {});
    expect(submitted.body['specialReview'].departments).toEqual(['production', 'ops']);
    expect(
      (await call('POST', `/api/quotations/${qid}/special-review`, 'safety', { opinion: 'accept' })).status,
    ).toBe(403);
  });
});
