import { describe, expect, it } from 'vitest';
import { ConflictError } from '#shared/domain/errors.ts';
import type { ApprovalDecision, ApprovalRequest } from '#shared/entities/approval-entity.ts';
import type { Order } from '#shared/entities/order-entity.ts';
import type { ApprovalStore, StaffDirectory, WorkflowEngine } from '#shared/ports.ts';
import { decideApproval } from '#shared/use-cases/decide-approval.ts';
import { fixedClock, memoryOrderStore } from '../support/memory-stores.ts';

function memoryApprovals(requests: ApprovalRequest[]): ApprovalStore & { all: Map<string, ApprovalRequest> } {
  const all = new Map(requests.map((r) => [r.requestId, r]));
  return {
    all,
    async create(r) {
      if (all.has(r.requestId)) return 'exists';
      all.set(r.requestId, r);
      return 'created';
    },
    async get(id) {
      const r = all.get(id);
      return r ? structuredClone(r) : undefined;
    },
    async decide(id, decision: ApprovalDecision) {
      const r = all.get(id)!;
      if (r.status !== 'pending') throw new ConflictError(`already ${r.status}`);
      Object.assign(r, { status: 'decided', decision });
      return structuredClone(r);
    },
    async markDelivered(id) {
      all.get(id)!.delivered = true;
    },
    async supersede(id) {
      const r = all.get(id)!;
      if (r.status === 'pending') r.status = 'superseded';
      return structuredClone(r);
    },
    async allowRole() {},
  };
}

const REQUEST: ApprovalRequest = {
  requestId: 'R1',
  orderId: 'O1',
  orderNumber: 'OD20261127-000001',
  role: 'ops',
  allowedRoles: ['ops'],
  taskToken: 'token-1',
  recipients: ['ops@example.com', 'ops2@example.com'],
  status: 'pending',
  deadline: '2026-11-27T06:00:00.000Z',
  createdAt: '2026-11-27T02:00:00.000Z',
};

async function setup(
  options: {
    now?: string;
    enteredBy?: string;
    workflowGone?: boolean;
    customer?: { name: string; email?: string; phone?: string };
  } = {},
) {
  const orders = memoryOrderStore();
  await orders.create({
    orderId: 'O1',
    customer: options.customer ?? { name: '客户', email: 'buyer@customer.example' },
    history: [{ at: '', actor: options.enteredBy ?? 'customer', action: 'created', to: 'received' }],
  } as unknown as Order);
  const approvals = memoryApprovals([structuredClone(REQUEST)]);
  const sent: unknown[] = [];
  const workflows: WorkflowEngine = {
    start: async () => 'started',
    sendSuccess: async (_token, output) => {
      sent.push(output);
      return options.workflowGone ? 'gone' : 'sent';
    },
    execution: async () => undefined,
  };
  const deps = { approvals, orders, workflows, clock: fixedClock(options.now ?? '2026-11-27T03:00:00Z') };
  return { deps, approvals, sent };
}

describe('deciding an approval (R-APPR-1, R-SEC-3)', () => {
  it('records the link recipient’s decision once, resumes the workflow and marks it delivered', async () => {
    const { deps, approvals, sent } = await setup();
    const result = await decideApproval(deps, {
      requestId: 'R1',
      decision: 'approve',
      by: { kind: 'link', recipient: 1 },
    });
    expect(result.outcome).toBe('approved');
    expect(sent).toEqual([
      expect.objectContaining({
        decision: 'approve',
        actor: 'ops2@example.com',
        role: 'ops',
        requestId: 'R1',
      }),
    ]);
    expect(approvals.all.get('R1')).toMatchObject({ status: 'decided', delivered: true });
    const again = await decideApproval(deps, {
      requestId: 'R1',
      decision: 'reject',
      reason: 'x',
      by: { kind: 'link', recipient: 0 },
    });
    expect(again).toMatchObject({ outcome: 'already-decided', decision: { actor: 'ops2@example.com' } });
    expect(sent).toHaveLength(1);
  });

  it('refuses a link past its deadline without recording anything', async () => {
    const { deps, approvals } = await setup({ now: '2026-11-27T06:00:01Z' });
    expect(
      (
        await decideApproval(deps, {
          requestId: 'R1',
          decision: 'approve',
          by: { kind: 'link', recipient: 0 },
        })
      ).outcome,
    ).toBe('expired');
    expect(approvals.all.get('R1')?.status).toBe('pending');
  });

  it('says expired when the workflow no longer waits for the step', async () => {
    const { deps } = await setup({ workflowGone: true });
    expect(
      (
        await decideApproval(deps, {
          requestId: 'R1',
          decision: 'approve',
          by: { kind: 'link', recipient: 0 },
        })
      ).outcome,
    ).toBe('expired');
  });

  it('refuses an unknown recipient, a superseded request and an unknown request', async () => {
    const { deps, approvals } = await setup();
    expect(
      (
        await decideApproval(deps, {
          requestId: 'R1',
          decision: 'approve',
          by: { kind: 'link', recipient: 7 },
        })
      ).outcome,
    ).toBe('invalid');
    expect(
      (
        await decideApproval(deps, {
          requestId: 'nope',
          decision: 'approve',
          by: { kind: 'link', recipient: 0 },
        })
      ).outcome,
    ).toBe('invalid');
    await approvals.supersede('R1');
    expect(
      (
        await decideApproval(deps, {
          requestId: 'R1',
          decision: 'approve',
          by: { kind: 'link', recipient: 0 },
        })
      ).outcome,
    ).toBe('superseded');
  });

  it('lets only allowed roles decide in the console, and nobody their own order', async () => {
    const { deps } = await setup({ enteredBy: 'ops@example.com' });
    const console = (email: string, roles: string[]) => ({ kind: 'console' as const, email, roles });
    expect(
      (
        await decideApproval(deps, {
          requestId: 'R1',
          decision: 'approve',
          by: console('s@example.com', ['sales']),
        })
      ).outcome,
    ).toBe('not-allowed');
    expect(
      (
        await decideApproval(deps, {
          requestId: 'R1',
          decision: 'approve',
          by: console('OPS@example.com', ['ops']),
        })
      ).outcome,
    ).toBe('own-order');
    expect(
      (
        await decideApproval(deps, {
          requestId: 'R1',
          decision: 'approve',
          by: { kind: 'link', recipient: 0 },
        })
      ).outcome,
    ).toBe('own-order');
    expect(
      (
        await decideApproval(deps, {
          requestId: 'R1',
          decision: 'approve',
          by: console('ops2@example.com', ['ops', 'gm']),
        })
      ).outcome,
    ).toBe('approved');
  });

  it('requires a reason to reject', async () => {
    const { deps, approvals } = await setup();
    expect(
      (
        await decideApproval(deps, {
          requestId: 'R1',
          decision: 'reject',
          reason: '  ',
          by: { kind: 'link', recipient: 0 },
        })
      ).outcome,
    ).toBe('reason-required');
    expect(approvals.all.get('R1')?.status).toBe('pending');
  });

  it('refuses an approver whose email or phone is the customer’s own (R-APPR-1 own-order rule)', async () => {
    const staff: StaffDirectory = {
      members: async (role) =>
        role === 'ops'
          ? [
              { email: 'ops@example.com', name: '陈运营', phone: '+86 139-1234-5678' },
              { email: 'ops2@example.com', name: '王运营' },
            ]
          : [],
    };
    // Placed on the public form with the approver's own email (any case).
    const byEmail = await setup({ customer: { name: '我', email: 'OPS2@example.com' } });
    expect(
      await decideApproval(byEmail.deps, {
        requestId: 'R1',
        decision: 'approve',
        by: { kind: 'link', recipient: 1 },
      }),
    ).toMatchObject({ outcome: 'own-order' });
    const consoleByEmail = await setup({ customer: { name: '我', email: 'ops2@example.com' } });
    expect(
      await decideApproval(consoleByEmail.deps, {
        requestId: 'R1',
        decision: 'approve',
        by: { kind: 'console', email: 'Ops2@Example.com', roles: ['ops'] },
      }),
    ).toMatchObject({ outcome: 'own-order' });
    // With the approver's own mobile number, written another way.
    const byPhone = await setup({ customer: { name: '我', phone: '13912345678' } });
    expect(
      await decideApproval(
        { ...byPhone.deps, staff },
        { requestId: 'R1', decision: 'approve', by: { kind: 'link', recipient: 0 } },
      ),
    ).toMatchObject({ outcome: 'own-order' });
    expect(byPhone.approvals.all.get('R1')!.status).toBe('pending');
    // Somebody else's order is decided as usual.
    const other = await setup({
      customer: { name: '客户', phone: '13800000000', email: 'buyer@customer.example' },
    });
    expect(
      await decideApproval(
        { ...other.deps, staff },
        { requestId: 'R1', decision: 'approve', by: { kind: 'link', recipient: 0 } },
      ),
    ).toMatchObject({ outcome: 'approved' });
  });
});
