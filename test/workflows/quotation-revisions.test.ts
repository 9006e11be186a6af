/**
 * Revising a quotation (R-QUOTE-1): an approved quotation is frozen — it cannot be edited — and a
 * new price is a revision, a new draft numbered `…-R2` that goes through the approval again; the
 * sent one is withdrawn and its link names the revision instead of accepting. Real parts: the
 * local system on dynalite, the approval workflow on the local runner, the SES emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsWithoutDeadlines } from '../support/approval-settings.ts';
import { approvalLink, decideByLink } from '../support/approvals.ts';
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

const BUYER = 'buyer@revise.example';
const body = (unitPrice: number) => ({
  customer: { name: '钱经理', company: '修订测试有限公司', email: BUYER },
  items: [{ sku: 'BRG-6204', quantity: 10, unitPrice }],
  validUntil: inDays(30),
  paymentTerms: '月结 30 天',
});

const statusOf = (id: string, status: string) =>
  eventually(
    async () => {
      const { body: q } = await call('GET', `/api/quotations/${id}`, 'sales');
      return q['status'] === status ? q : undefined;
    },
    20_000,
    `quotation ${status}`,
  );

const linkOf = (quotationNumber: string) =>
  eventually(
    async () => {
      const mail = (await sys.outbox()).find(
        (m) => m.to.includes(BUYER) && m.subject.includes(quotationNumber),
      );
      return mail ? /(http:\/\/\S+\/quotation-links\/\S+)/.exec(mail.text)?.[1] : undefined;
    },
    20_000,
    'quotation email',
  );

/** A quotation at the list price (ops approves alone), submitted, approved and sent. */
async function sentQuotation(unitPrice = 1300): Promise<Json> {
  const created = await call('POST', '/api/quotations', 'sales', body(unitPrice));
  expect(created.status).toBe(201);
  const { quotationId, quotationNumber } = created.body;
  await call('POST', `/api/quotations/${quotationId}/submit`, 'sales', {});
  await eventually(
    async () =>
      (await call('GET', `/api/quotations/${quotationId}`, 'sales')).body['pendingApproval'] ?? undefined,
    20_000,
    'ops step',
  );
  await decideByLink(await approvalLink(sys, quotationNumber, 'ops@example.com'), 'approve');
  return statusOf(quotationId, 'sent');
}

describe('revising a quotation (R-QUOTE-1)', () => {
  it('a sent quotation is frozen; its revision is a new draft approved again, and the old link names it', async () => {
    const sent = await sentQuotation();
    const id = sent['quotationId'] as string;
    const link = await linkOf(sent['quotationNumber']);

    // Frozen: no edit once approved.
    expect((await call('PUT', `/api/quotations/${id}`, 'sales', body(1200))).status).toBe(409);
    // Only sales revise.
    expect((await call('POST', `/api/quotations/${id}/revise`, 'ops')).status).toBe(403);

    const revised = await call('POST', `/api/quotations/${id}/revise`, 'sales');
    expect(revised.status).toBe(201);
    const r2 = revised.body;
    expect(r2).toMatchObject({
      status: 'draft',
      revision: 2,
      quotationNumber: `${sent['quotationNumber']}-R2`,
      revisionOf: { quotationId: id, quotationNumber: sent['quotationNumber'] },
      items: [expect.objectContaining({ sku: 'BRG-6204', quantity: 10, unitPrice: 1300 })],
    });
    expect(r2['history'][0]).toMatchObject({ action: 'created', code: 'quotation.revision' });

    // The old one: withdrawn, naming its revision, with the history kept.
    const old = (await call('GET', `/api/quotations/${id}`, 'sales')).body;
    expect(old['status']).toBe('withdrawn');
    expect(old['revisedTo']).toEqual({
      quotationId: r2['quotationId'],
      quotationNumber: r2['quotationNumber'],
    });
    expect(old['history'].at(-1)).toMatchObject({ action: 'revised', from: 'sent', to: 'withdrawn' });
    // Its link accepts nothing and names the revision.
    const page = await fetch(link);
    expect(await page.text()).toContain(r2['quotationNumber']);
    const tried = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision: 'accept' }),
    });
    expect(tried.status).not.toBe(200);
    expect((await call('GET', `/api/quotations/${id}`, 'sales')).body['orderId']).toBeUndefined();
    // Revised once: a second revision of the same one is refused.
    expect((await call('POST', `/api/quotations/${id}/revise`, 'sales')).status).toBe(409);

    // The revision is edited and goes through the approval again (a lower price: more approvers).
    const edited = await call('PUT', `/api/quotations/${r2['quotationId']}`, 'sales', body(1100));
    expect(edited.status).toBe(200);
    expect(edited.body['approvalChain'].length).toBeGreaterThan(1);
    expect((await call('POST', `/api/quotations/${r2['quotationId']}/submit`, 'sales', {})).status).toBe(200);
    const waiting = await eventually(
      async () =>
        (await call('GET', `/api/quotations/${r2['quotationId']}`, 'sales')).body['pendingApproval'] ??
        undefined,
      20_000,
      'the revision waits for ops',
    );
    expect(waiting['role']).toBe('ops');
  });

  it('refuses to revise what is edited, withdrawn first, or an order already', async () => {
    const draft = await call('POST', '/api/quotations', 'sales', body(1300));
    const refused = await call('POST', `/api/quotations/${draft.body['quotationId']}/revise`, 'sales');
    expect(refused.status).toBe(409);
    expect(refused.body['error']).toContain('edited');
    expect((await call('POST', '/api/quotations/QT00000000000000000000000000/revise', 'sales')).status).toBe(
      404,
    );

    // Two revisions at once: one wins, the other is told.
    const sent = await sentQuotation();
    const [a, b] = await Promise.all([
      call('POST', `/api/quotations/${sent['quotationId']}/revise`, 'sales'),
      call('POST', `/api/quotations/${sent['quotationId']}/revise`, 'sales'),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
  });
});
