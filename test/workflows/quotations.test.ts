/**
 * Quotations through the one approval workflow (R-QUOTE-1..3, R-PRICE-1..5, R-APPR-1): priced
 * beside the list and last price, approved by the tiers with the same signed links as orders,
 * emailed to the customer as a document with a signed link, accepted into an order that asks
 * for no price approval again; an expired one cannot be accepted.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsWithoutDeadlines } from '../support/approval-settings.ts';
import { approvalLink, decideByLink, getOrder, waitForStatus } from '../support/approvals.ts';
import { eventually } from '../support/eventually.ts';
import { inDays, staffCaller, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  approvalsWithoutDeadlines();
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in assertions
type Json = Record<string, any>;
/** A staff call as `role`: the status and the parsed answer. */
const call = staffCaller(() => sys);

const quotationBody = (items: unknown[], extra: Json = {}) => ({
  customer: {
    name: '王经理',
    company: '报价测试有限公司',
    email: 'buyer@quote.example',
    phone: '13900001111',
  },
  items,
  validUntil: inDays(30),
  deliveryTerms: '收款后 15 天交货',
  paymentTerms: '月结 30 天',
  ...extra,
});

/** A seeded customer whose last price of BRG-6204 is 13.00 (local/seed.ts). */
const huaxin = (items: unknown[]) =>
  quotationBody(items, {
    customer: {
      name: '采购部 周工',
      company: '华鑫机械有限公司',
      email: 'purchasing@huaxin-machinery.example',
    },
  });

const quotationStatus = (id: string, status: string) =>
  eventually(
    async () => {
      const { body } = await call('GET', `/api/quotations/${id}`, 'sales');
      return body['status'] === status ? body : undefined;
    },
    20_000,
    `quotation ${status}`,
  );

const waitForQuotationStep = (id: string, role: string) =>
  eventually(
    async () => {
      const { body } = await call('GET', `/api/quotations/${id}`, 'sales');
      return body['pendingApproval']?.role === role ? body : undefined;
    },
    20_000,
    `quotation step ${role}`,
  );

async function customerLink(quotationNumber: string, email = 'buyer@quote.example'): Promise<string> {
  return eventually(
    async () => {
      const mail = (await sys.outbox()).find(
        (m) => m.to.includes(email) && m.subject.includes(quotationNumber),
      );
      return mail ? /(http:\/\/\S+\/quotation-links\/\S+)/.exec(mail.text)?.[1] : undefined;
    },
    20_000,
    'quotation email',
  );
}

const answer = (link: string, decision: string, comment = '') =>
  fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ decision, comment }),
  });

describe('quotations (R-QUOTE-1..3)', () => {
  it('below the list price: ops, sales director and gm approve (R-QUOTE-2, R-PRICE-4); emailed; accepted into an order not approved again (R-QUOTE-3)', async () => {
    // R-PRICE-4: 200.00 is below VLV-DN50's list price.
    const created = await call(
      'POST',
      '/api/quotations',
      'sales',
      huaxin([{ sku: 'BRG-6204', quantity: 20, unitPrice: 1250 }]),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', approvalTier: 'gm' });
    // R-PRICE-1: the line shows the list price beside the quoted one.
    expect(created.body['items'][0]).toMatchObject({ listPrice: 1250, lastPrice: 1300 });
    expect(created.body['items'][0].tierReason).toContain('below last transaction price');
    const { quotationId: id, quotationNumber } = created.body as {
      quotationId: string;
      quotationNumber: string;
    };

    // A draft is edited; only sales may create.
    expect(
      (
        await call(
          'POST',
          '/api/quotations',
          'ops',
          quotationBody([{ sku: 'VLV-DN50', quantity: 2, unitPrice: 20_000 }]),
        )
      ).status,
    ).toBe(403);
    const edited = await call(
      'PUT',
      `/api/quotations/${id}`,
      'sales',
      huaxin([{ sku: 'BRG-6204', quantity: 24, unitPrice: 1250 }]),
    );
    expect(edited.status).toBe(200);
    expect(edited.body['totalAmount']).toBe(30_000);

    expect((await call('POST', `/api/quotations/${id}/submit`, 'sales', {})).status).toBe(200);
    // Submitted: no more edits (withdraw first).
    expect(
      (
        await call(
          'PUT',
          `/api/quotations/${id}`,
          'sales',
          quotationBody([{ sku: 'VLV-DN50', quantity: 1, unitPrice: 20_000 }]),
        )
      ).status,
    ).toBe(409);

    for (const role of ['ops', 'sales_director', 'gm']) {
      await waitForQuotationStep(id, role);
      const link = await approvalLink(sys, quotationNumber, `${role}@example.com`);
      const page = await fetch(link);
      expect(await page.text()).toContain(quotationNumber);
      expect((await decideByLink(link, 'approve')).status).toBe(200);
    }
    const sent = await quotationStatus(id, 'sent');
    expect(sent['approvals'].map((a: Json) => a.role)).toEqual(['ops', 'sales_director', 'gm']);
    expect(sent['history'].map((h: Json) => h.to).filter(Boolean)).toEqual(
      expect.arrayContaining(['draft', 'submitted', 'approved', 'sent']),
    );

    // The print-ready document: company header, 大写金额 (300.00 → 叁佰元整), validity, PDF attached.
    const mail = (await sys.outbox()).find(
      (m) => m.to.includes('purchasing@huaxin-machinery.example') && m.subject.includes(quotationNumber),
    ) as unknown as Json;
    expect(mail['html']).toContain('叁佰元整');
    expect(mail['html']).toContain('报价单');
    expect(mail['html']).toContain(sent['validUntil']);
    expect(mail['attachments']).toEqual([expect.objectContaining({ contentType: 'application/pdf' })]);

    const link = await customerLink(quotationNumber, 'purchasing@huaxin-machinery.example');
    const shown = await fetch(link);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toMatch(/<form[^>]+method="post"/);
    const accepted = await answer(link, 'accept', '请尽快发货');
    expect(accepted.status).toBe(200);
    const orderNumber = /class="order-number">([^<]+)</.exec(await accepted.text())?.[1];
    expect(orderNumber).toMatch(/^OD\d{8}-/);
    // Once: a second answer changes nothing.
    expect((await answer(link, 'decline')).status).toBe(409);

    const done = await quotationStatus(id, 'accepted');
    expect(done['orderNumber']).toBe(orderNumber);
    // R-QUOTE-3: the order (channel quotation) is approved without asking anyone again.
    const order = await waitForStatus(sys, done['orderId'], 'approved');
    expect((order as unknown as Json)['channel']).toBe('quotation');
    expect(order.history.map((h) => h.action)).not.toContain('approval-requested');
    expect(order.history[0]).toMatchObject({ code: 'quotation.order' });
    expect(order.approvals?.map((a) => a.role)).toEqual(['ops', 'sales_director', 'gm']);
    expect((await getOrder(sys, done['orderId'])).status).toBe('approved');

    // R-QUOTE-3: the quotation's approvals cover the prices it was accepted at, no others. A
    // later change of prices or quantities is priced again against the list and the customer's
    // last price and approved in the order-change workflow (R-CHG-2), gm included where the new
    // price needs it (R-PRICE-4); the order keeps its lines until then.
    const changed = await call('POST', `/api/orders/${done['orderId']}/changes`, 'sales', {
      kind: 'items',
      items: [{ sku: 'BRG-6204', quantity: 30, unitPrice: 1100 }],
      reason: '客户追加数量并要求让价',
    });
    expect(changed.status).toBe(202);
    const change = (await call('GET', `/api/orders/${done['orderId']}/changes`, 'sales')).body['changes'][0];
    expect(change).toMatchObject({ status: 'pending', chain: ['dept_manager', 'sales_director', 'gm'] });
    expect(change.diff.lines).toEqual([
      expect.objectContaining({
        sku: 'BRG-6204',
        before: expect.objectContaining({ quantity: 24, unitPrice: 1250 }),
        after: expect.objectContaining({ quantity: 30, unitPrice: 1100 }),
      }),
    ]);
    const unchanged = (await call('GET', `/api/orders/${done['orderId']}`, 'sales')).body;
    expect(unchanged['items'][0]).toMatchObject({ quantity: 24, unitPrice: 1250 });

    // The customer's history lists the quotation with the order it became.
    const customer = await call(
      'GET',
      `/api/customers/${encodeURIComponent('email:purchasing@huaxin-machinery.example')}`,
      'sales',
    );
    expect(customer.body['quotations']).toEqual(
      expect.arrayContaining([expect.objectContaining({ quotationNumber, status: 'accepted', orderNumber })]),
    );
  });

  it('a rejection goes back to sales with the reason; a withdrawn one can be edited and submitted again', async () => {
    const { body } = await call(
      'POST',
      '/api/quotations',
      'sales',
      quotationBody([{ sku: 'BRG-6204', quantity: 5, unitPrice: 1250 }]),
    );
    expect(body['approvalTier']).toBe('ops');
    const id = body['quotationId'];
    await call('POST', `/api/quotations/${id}/submit`, 'sales', {});
    await waitForQuotationStep(id, 'ops');
    // Decided in the console like an order (R-APPR-1).
    const refused = await call('POST', `/api/quotations/${id}/decision`, 'ops', { decision: 'reject' });
    expect(refused.status).toBe(400);
    expect(
      (
        await call('POST', `/api/quotations/${id}/decision`, 'ops', {
          decision: 'reject',
          reason: '价格需复核',
        })
      ).status,
    ).toBe(200);
    const rejected = await quotationStatus(id, 'rejected');
    expect(rejected['history'].at(-1)).toMatchObject({ to: 'rejected', params: { note: '价格需复核' } });

    expect(
      (
        await call(
          'PUT',
          `/api/quotations/${id}`,
          'sales',
          quotationBody([{ sku: 'BRG-6204', quantity: 5, unitPrice: 1300 }]),
        )
      ).status,
    ).toBe(200);
    await call('POST', `/api/quotations/${id}/submit`, 'sales', {});
    await waitForQuotationStep(id, 'ops');
    expect(
      (await call('POST', `/api/quotations/${id}/withdraw`, 'sales', { reason: '客户改需求' })).status,
    ).toBe(200);
    const withdrawn = await quotationStatus(id, 'withdrawn');
    expect(withdrawn['pendingApproval']).toBeNull();

    const list = await call(
      'GET',
      `/api/quotations?status=withdrawn&q=${encodeURIComponent('报价测试')}`,
      'sales_director',
    );
    expect(list.body['items'].map((q: Json) => q.quotationId)).toContain(id);
  });

  it('an expired quotation cannot be accepted (clear page)', async () => {
    const { body } = await call(
      'POST',
      '/api/quotations',
      'sales',
      quotationBody([{ sku: 'BRG-6204', quantity: 5, unitPrice: 1250 }]),
    );
    const { quotationId: id, quotationNumber } = body;
    await call('POST', `/api/quotations/${id}/submit`, 'sales', {});
    await waitForQuotationStep(id, 'ops');
    await decideByLink(await approvalLink(sys, quotationNumber, 'ops@example.com'), 'approve');
    await quotationStatus(id, 'sent');
    const link = await customerLink(quotationNumber);
    // Its validity passed (yesterday).
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: sys.dynamoEndpoint }));
    await db.send(
      new UpdateCommand({
        TableName: sys.tableName,
        Key: { pk: 'QUOTATION', sk: id },
        UpdateExpression: 'SET validUntil = :d',
        ExpressionAttributeValues: { ':d': inDays(-1) },
      }),
    );
    const page = await fetch(link);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('已过期');
    const tried = await answer(link, 'accept');
    expect(tried.status).toBe(410);
    expect(await tried.text()).toContain('can no longer be accepted');
    const expired = await quotationStatus(id, 'expired');
    expect(expired['orderId']).toBeUndefined();
  });

  it('reports quoted, approved, accepted, conversion rate and time to approval', async () => {
    const report = await call('GET', '/api/quotations/report', 'sales_director');
    expect(report.status).toBe(200);
    expect(report.body['quoted']).toBeGreaterThanOrEqual(3);
    expect(report.body['approved']).toBeGreaterThanOrEqual(2);
    expect(report.body['accepted']).toBe(1);
    expect(report.body['expired']).toBe(1);
    expect(report.body['conversionRate']).toBe(0.5);
    expect(report.body['approvalHours']['median']).toBeGreaterThanOrEqual(0);
  });

  it('refuses an incomplete quotation field by field (R-QUOTE-1)', async () => {
    const res = await call('POST', '/api/quotations', 'sales', {
      customer: { name: '' },
      items: [{ quantity: 0, unitPrice: -1 }],
    });
    expect(res.status).toBe(400);
    const paths = res.body['issues'].map((i: Json) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['customer.name', 'validUntil', 'items.0.quantity', 'items.0.unitPrice']),
    );
  });

  it('the morning quotation-expiry run reminds sales of one about to expire and expires an overdue one (R-QUOTE-2)', async () => {
    const sent = async (validUntil: string) => {
      const { body } = await call(
        'POST',
        '/api/quotations',
        'sales',
        quotationBody([{ sku: 'BRG-6204', quantity: 2, unitPrice: 1250 }], { validUntil }),
      );
      await call('POST', `/api/quotations/${body.quotationId}/submit`, 'sales', {});
      await waitForQuotationStep(body.quotationId, 'ops');
      await decideByLink(await approvalLink(sys, body.quotationNumber, 'ops@example.com'), 'approve');
      await quotationStatus(body.quotationId, 'sent');
      return body as { quotationId: string; quotationNumber: string };
    };
    const soon = await sent(inDays(1));
    const overdue = await sent(inDays(10));
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: sys.dynamoEndpoint }));
    await db.send(
      new UpdateCommand({
        TableName: sys.tableName,
        Key: { pk: 'QUOTATION', sk: overdue.quotationId },
        UpdateExpression: 'SET validUntil = :d',
        ExpressionAttributeValues: { ':d': inDays(-1) },
      }),
    );
    // The schedule's run, as croner (locally) and EventBridge Scheduler (AWS) start it.
    const outcome = await sys.reports.runNow('quotation-expiry');
    expect(outcome).toMatchObject({ ok: true });
    await quotationStatus(overdue.quotationId, 'expired');
    const reminded = await call('GET', `/api/quotations/${soon.quotationId}`, 'sales');
    expect(reminded.body['status']).toBe('sent');
    expect(reminded.body['history'].map((e: Json) => e.code)).toContain('quotation.reminded');
    const mails = (await sys.outbox()).filter((m) => m.subject.includes(soon.quotationNumber));
    expect(mails.some((m) => m.subject.includes('报价即将过期'))).toBe(true);
    // Once: the next morning's run does not remind again.
    await sys.reports.runNow('quotation-expiry');
    const again = (await sys.outbox()).filter(
      (m) => m.subject.includes(soon.quotationNumber) && m.subject.includes('报价即将过期'),
    );
    expect(again).toHaveLength(mails.filter((m) => m.subject.includes('报价即将过期')).length);
  });
});

describe('special requirements (R-SPEC-1)', () => {
  it('a line differing from the standard waits for production and ops before the price approval; a rejection goes back to sales', async () => {
    const special = [
      { sku: 'BRG-6204', quantity: 5, unitPrice: 1250, packaging: '木箱，客户唛头', inspection: '100% 全检' },
    ];
    const created = await call('POST', '/api/quotations', 'sales', quotationBody(special));
    expect(created.body['items'][0].special).toEqual(['packaging', 'inspection']);
    const id = created.body['quotationId'];
    await call('POST', `/api/quotations/${id}/submit`, 'sales', {});

    const opinion = await call('POST', `/api/quotations/${id}/special-review`, 'production', {
      opinion: 'accept',
      conditions: '交期加 3 天',
    });
    expect(opinion.status).toBe(200);
    // One department is not enough: no approval step yet.
    expect(opinion.body['pendingApproval'] ?? null).toBeNull();
    expect(
      (await call('POST', `/api/quotations/${id}/special-review`, 'production', { opinion: 'accept' }))
        .status,
    ).toBe(409);
    expect(
      (await call('POST', `/api/quotations/${id}/special-review`, 'ops', { opinion: 'accept' })).status,
    ).toBe(200);
    const waiting = await waitForQuotationStep(id, 'ops');
    const opinions = waiting['history'].filter((h: Json) => h.code === 'special.opinion');
    expect(opinions.map((h: Json) => h.params.department)).toEqual(['production', 'ops']);

    // Another one: ops rejects with a reason, and it is back with sales.
    const other = await call('POST', '/api/quotations', 'sales', quotationBody(special));
    const otherId = other.body['quotationId'];
    await call('POST', `/api/quotations/${otherId}/submit`, 'sales', {});
    expect(
      (await call('POST', `/api/quotations/${otherId}/special-review`, 'ops', { opinion: 'reject' })).status,
    ).toBe(400);
    const rejected = await call('POST', `/api/quotations/${otherId}/special-review`, 'ops', {
      opinion: 'reject',
      reason: '无法全检',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected' });
    expect(rejected.body['history'].at(-1)).toMatchObject({ to: 'rejected', params: { note: '无法全检' } });
  });
});
