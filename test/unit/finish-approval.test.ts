import { describe, expect, it } from 'vitest';
import { finishApproval } from '#shared/use-cases/finish-approval.ts';
import { sampleOrder, workflowWith } from '../support/sample-order.ts';

const INTERNAL = '客户信用额度不足，先别接 — margin too thin';

describe('the end of approval: a rejection (R-APPR-3, R-INTAKE-3)', () => {
  it('keeps the approver’s reason internal: history and sales get it, the customer a standard notice', async () => {
    const { deps, orders, mails } = await workflowWith(sampleOrder({ status: 'under_review' }));
    await finishApproval(deps, {
      orderId: 'O1',
      outcome: 'rejected',
      decision: { role: 'ops', actor: 'ops@example.com', at: '2026-11-27T01:30:00.000Z', reason: INTERNAL },
    } as Parameters<typeof finishApproval>[1]);

    const customer = mails.find((m) => m.to.includes('c@example.cn'));
    expect(customer?.subject).toContain('订单未能接受');
    expect(customer?.text).not.toContain('客户信用额度不足');
    expect(customer?.html).not.toContain('客户信用额度不足');
    expect(customer?.text).toContain('我们的销售人员会尽快与您联系');
    expect(customer?.text).toContain('Our sales team will contact you');

    const sales = mails.find((m) => m.to.includes('sales@example.com'));
    expect(sales?.text).toContain(INTERNAL);
    expect(orders.all.get('O1')?.history.at(-1)).toMatchObject({
      to: 'rejected',
      code: 'approval.rejected',
      params: { role: 'ops', note: INTERNAL },
    });
  });
});
