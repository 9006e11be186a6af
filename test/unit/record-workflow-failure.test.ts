/**
 * RecordFailure (R-APPR-3): a terminal task that failed after its retries is written once to the
 * order's history and mailed to ops — also when the order cannot be found. And a rush order
 * held for an error tells ops as well as the sales rep, as the approval workflow's hold does.
 */
import { describe, expect, it } from 'vitest';
import type { Order } from '#shared/entities/order-entity.ts';
import type { OutgoingEmail, StaffDirectory } from '#shared/ports.ts';
import { recordWorkflowFailure } from '#shared/use-cases/record-workflow-failure.ts';
import { fixedClock, memoryOrderStore } from '../support/memory-stores.ts';

function setup() {
  const orders = memoryOrderStore();
  const sent: OutgoingEmail[] = [];
  const staff: StaffDirectory = {
    members: async (role) => (role === 'ops' ? [{ email: 'ops@example.com', name: '运营' }] : []),
  } as StaffDirectory;
  const deps = {
    orders,
    staff,
    mailer: { send: async (m: OutgoingEmail) => void sent.push(m) },
    clock: fixedClock('2026-12-03T02:00:00.000Z'),
  };
  return { orders, sent, deps };
}

const input = {
  orderId: 'O1',
  workflow: 'order-approval',
  execution: 'O1',
  error: {
    Error: 'Lambda.ServiceException',
    Cause: '{"errorType":"Lambda.ServiceException","errorMessage":"boom"}',
  },
};

describe('recordWorkflowFailure', () => {
  it('writes workflow-failed once, even when retried, and mails ops each time with the cause', async () => {
    const { orders, sent, deps } = setup();
    orders.all.set('O1', {
      orderId: 'O1',
      orderNumber: 'OD20261203-000001',
      customer: { name: '客户', company: '测试有限公司' },
      totalAmount: 700,
      currency: 'CNY',
      history: [],
      version: 1,
    } as unknown as Order);
    expect(await recordWorkflowFailure(deps, input)).toEqual({ recorded: true, notified: 1 });
    expect(await recordWorkflowFailure(deps, input)).toEqual({ recorded: false, notified: 1 });
    const history = orders.all.get('O1')!.history.filter((h) => h.action === 'workflow-failed');
    expect(history).toEqual([
      expect.objectContaining({
        actor: 'workflow',
        code: 'workflow.failed',
        params: { workflow: 'order-approval', execution: 'O1', error: 'Lambda.ServiceException' },
        reason: 'order-approval execution O1 failed: Lambda.ServiceException; ops told',
      }),
    ]);
    expect(sent[0]!.to).toEqual(['ops@example.com']);
    expect(sent[0]!.subject).toContain('Workflow failed: OD20261203-000001');
    expect(sent[0]!.text).toContain('boom');
  });

  it('still tells ops when the order is gone', async () => {
    const { sent, deps } = setup();
    expect(await recordWorkflowFailure(deps, { ...input, orderId: 'GONE' })).toEqual({
      recorded: false,
      notified: 1,
    });
    expect(sent[0]!.subject).toContain('Workflow failed: GONE');
  });
});

describe('finishRush held (R-RUSH-4)', () => {
  it('puts the order on hold with the error and tells the filing sales rep and ops', async () => {
    const { orders, sent, deps } = setup();
    orders.all.set('R1', {
      orderId: 'R1',
      orderNumber: 'OD20261203-000002',
      status: 'in_production',
      customer: { name: '客户', company: '测试有限公司' },
      totalAmount: 700,
      currency: 'CNY',
      rush: { filedBy: 'sales@example.com' },
      history: [],
      version: 1,
    } as unknown as Order);
    const { finishRush } = await import('#shared/use-cases/finish-rush.ts');
    const out = await finishRush(deps as never, {
      orderId: 'R1',
      outcome: 'held',
      error: { Error: 'Lambda.ServiceException' },
    });
    expect(out).toEqual({ status: 'on_hold' });
    expect(orders.all.get('R1')!.history.at(-1)).toMatchObject({
      to: 'on_hold',
      reason: 'rush workflow stopped: Lambda.ServiceException',
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to.sort()).toEqual(['ops@example.com', 'sales@example.com']);
    expect(sent[0]!.text).toContain('Lambda.ServiceException');
  });
});
