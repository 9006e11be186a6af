/**
 * A decision on an order's pending approval step from the staff console (R-APPR-1, R-SEC-2).
 * 1. Load the order (NotFoundError when missing); `nothing-pending` when no step is waiting,
 *    `superseded` when a different step waits than the one the caller saw (`requestId`).
 * 2. Decide through the same rules as the emailed link (decide-approval), as the caller.
 * 3. Return the outcome and, once decided, the order as it now stands. The handler picks the
 *    HTTP status from the outcome (shared/http/outcome-status.ts).
 */
import { NotFoundError } from '../domain/errors.ts';
import type { StaffRole } from '../domain/roles.ts';
import type { ApprovalOutcome } from '../notifications/approval-pages.ts';
import { type DecideApprovalDeps, decideApproval } from './decide-approval.ts';
import { type OrderView, toOrderView } from './get-order.ts';

export type ConsoleDecisionOutcome = Exclude<ApprovalOutcome, 'error'> | 'nothing-pending';

export async function decideOrder(
  deps: DecideApprovalDeps,
  input: {
    orderId: string;
    staff: { email: string; roles: readonly StaffRole[] };
    decision: 'approve' | 'reject';
    reason?: string;
    requestId?: string;
  },
): Promise<{ outcome: ConsoleDecisionOutcome; order?: OrderView }> {
  const order = await deps.orders.get(input.orderId);
  if (!order) throw new NotFoundError(`Order ${input.orderId} not found`);
  const pending = order.pendingApproval;
  if (!pending) return { outcome: 'nothing-pending' };
  if (input.requestId && input.requestId !== pending.requestId) return { outcome: 'superseded' };
  const result = await decideApproval(deps, {
    requestId: pending.requestId,
    decision: input.decision,
    reason: input.reason,
    by: { kind: 'console', email: input.staff.email, roles: [...input.staff.roles] },
  });
  if (result.outcome !== 'approved' && result.outcome !== 'rejected') return { outcome: result.outcome };
  const now = await deps.orders.get(input.orderId);
  return { outcome: result.outcome, ...(now ? { order: toOrderView(now) } : {}) };
}
