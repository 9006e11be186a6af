import { describe, expect, it } from 'vitest';
import { historyNote } from '#shared/domain/history-codes.ts';
import { requestApproval } from '#shared/use-cases/request-approval.ts';
import { reviewOrder } from '#shared/use-cases/review-order.ts';
import { sampleOrder, workflowWith } from '../support/sample-order.ts';

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

describe('history entries as codes with parameters (R-APPR-3, R-PROC-4)', () => {
  it('writes the stock check as a code and its shortfall as params, not a sentence', async () => {
    const { deps, orders } = await workflowWith(sampleOrder(), {
      inventory: {
        reserve: async () => ({
          reserved: false,
          shortfall: [{ sku: 'A', name: '轴承', requested: 80, available: 5, short: 75 }],
        }),
        release: async () => {},
      },
    } as never);
    await reviewOrder(deps, { orderId: 'O1' });
    expect(orders.all.get('O1')?.history.at(-1)).toMatchObject({
      action: 'shortage',
      code: 'stock.short',
      params: { shortfall: [{ sku: 'A', short: 75 }] },
      reason: 'R-PROC-4 shortage: A short 75', // the older shape, still there
    });
  });

  it('writes a passed review as a code', async () => {
    const { deps, orders } = await workflowWith(sampleOrder());
    await reviewOrder(deps, { orderId: 'O1' });
    expect(orders.all.get('O1')?.history.at(-1)).toMatchObject({ code: 'review.passed', to: 'under_review' });
  });

  it('writes an approval request with its role and deadline as params, with no Chinese in the English reason', async () => {
    const { deps, orders } = await workflowWith(sampleOrder({ status: 'under_review' }), {
      approvals: { create: async () => 'created' },
      sms: { send: async () => {} },
      topic: { publish: async () => {} },
    } as never);
    await requestApproval(deps, {
      token: 't',
      orderId: 'O1',
      step: {
        role: 'sales_director',
        deadline: '2026-11-28T02:00:00.000Z',
        escalatedFrom: 'ops',
        timeoutSeconds: 60,
      },
    });
    const entry = orders.all.get('O1')?.history.at(-1);
    expect(entry).toMatchObject({
      action: 'approval-requested',
      code: 'approval.requested',
      params: { role: 'sales_director', deadline: '2026-11-28T02:00:00.000Z', escalatedFrom: 'ops' },
    });
    expect(entry?.reason).not.toMatch(CJK);
  });

  it('builds every English reason without Chinese words, leaving out empty params', () => {
    expect(historyNote('approval.step', { role: 'ops', note: undefined })).toEqual({
      code: 'approval.step',
      params: { role: 'ops' },
      reason: 'ops',
    });
    expect(historyNote('approval.approved', { chain: ['ops', 'gm'] }).reason).toBe('approved by ops → gm');
    expect(historyNote('review.passed').reason).not.toMatch(CJK);
  });
});
