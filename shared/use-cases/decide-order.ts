/**
 * A decision on an order's pending approval step from the staff console (R-APPR-1, R-SEC-2).
 * 1. Load the order; 404 when missing; 409 when no step is waiting, or a different one than
 *    the caller saw (`requestId`).
 * 2. Decide through the same rules as the emailed link (decide-approval), as the caller.
 * 3. Answer with the outcome and the order as it now stands.
 */
import { NotFoundError } from '../domain/errors.ts';
import type { StaffIdentity } from '../http/auth.ts';
import { type DecideApprovalDeps, decideApproval } from './decide-approval.ts';
import { toOrderView } from './get-order.ts';

const STATUS: Record<string, number> = {
  approved: 200,
  rejected: 200,
  'already-decided': 409,
  expired: 409,
  superseded: 409,
  invalid: 409,
  'own-order': 403,
  'not-allowed': 403,
  'reason-required': 400,
};

const MESSAGES: Record<string, string> = {
  'already-decided': 'This step was already decided',
  expired: 'The deadline of this step has passed; it was escalated',
  superseded: 'This step was replaced by a newer request',
  invalid: 'No approval is waiting on this order',
  'own-order':
    'You may not approve your own order (entered by you, or with your email or phone as the customer’s)',
  'not-allowed': 'Your role may not decide this step',
};

export async function decideOrder(
  deps: DecideApprovalDeps,
  input: {
    orderId: string;
    staff: StaffIdentity;
    decision: 'approve' | 'reject';
    reason?: string;
    requestId?: string;
  },
): Promise<{ status: number; body: unknown }> {
  const order = await deps.orders.get(input.orderId);
  if (!order) throw new NotFoundError(`Order ${input.orderId} not found`);
  const pending = order.pendingApproval;
  if (!pending || (input.requestId && input.requestId !== pending.requestId)) {
    return {
      status: 409,
      body: { error: MESSAGES['superseded'], outcome: pending ? 'superseded' : 'invalid' },
    };
  }
  const result = await decideApproval(deps, {
    requestId: pending.requestId,
    decision: input.decision,
    reason: input.reason,
    by: { kind: 'console', email: input.staff.email, roles: input.staff.roles },
  });
  const status = STATUS[result.outcome] ?? 500;
  if (result.outcome === 'reason-required') {
    return {
      status,
      body: {
        error: 'Give a reason for the rejection',
        issues: [{ path: 'reason', message: 'Required when rejecting' }],
      },
    };
  }
  if (status !== 200) return { status, body: { error: MESSAGES[result.outcome], outcome: result.outcome } };
  const now = await deps.orders.get(input.orderId);
  return { status, body: { outcome: result.outcome, order: now ? toOrderView(now) : undefined } };
}
