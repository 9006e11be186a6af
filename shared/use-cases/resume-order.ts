/**
 * A held order goes on (R-PROC-7): gm, or the role whose step stalled (shared/domain/fulfilment.ts
 * resumeRoles), resumes it with a reason.
 * 1. Only an order on hold resumes (409); another role is refused (403).
 * 2. The order returns to the status it was held from, with who, when and why; its stock stays
 *    reserved (a hold never released it).
 * 3. Held before a decision (received, under review): a new run of the approval workflow
 *    starts, named after the order and this version so it never collides with the first run.
 *    It reviews again when the order was held at review, or asks the next approver of the
 *    chain again — the approvals already given stand. A rush order's workflow starts again
 *    instead and asks the leadership decision again (R-RUSH-3).
 * 4. Held by a rejected special-requirement review (R-SPEC-1): the departments review it again
 *    (My work) before the approval starts; nothing starts now.
 */
import { ForbiddenError } from '../domain/errors.ts';
import { lastHold, resumeRoles } from '../domain/fulfilment.ts';
import type { StaffRole } from '../domain/roles.ts';
import type { Order } from '../entities/order-entity.ts';
import type { Clock, OrderStore, SpecialReviewQueue, WorkflowEngine } from '../ports.ts';
import { loadForAction, requireStatus } from './order-action.ts';
import { reopenedReview, specialWaiting } from './order-special-review.ts';

export async function resumeOrder(
  deps: {
    orders: OrderStore;
    clock: Clock;
    workflows: Pick<WorkflowEngine, 'start'>;
    special?: Pick<SpecialReviewQueue, 'reopen'>;
  },
  input: {
    orderId: string;
    actor: string;
    roles: readonly string[];
    reason: string;
    expectedVersion?: number;
  },
): Promise<Order> {
  const order = await loadForAction(deps.orders, input.orderId, input.expectedVersion);
  requireStatus(order, ['on_hold'], 'resumed');
  const allowed = resumeRoles(order);
  if (!input.roles.some((r) => allowed.includes(r as StaffRole))) {
    throw new ForbiddenError(`Only ${allowed.join(' or ')} may resume this order`);
  }
  const to = lastHold(order)?.from ?? 'received';
  const at = deps.clock.now().toISOString();
  // R-SPEC-1: a rejected special review is asked again, before any approval.
  const review =
    to === 'received' && order.specialReview?.status === 'rejected'
      ? reopenedReview(order.specialReview)
      : undefined;
  const updated = await deps.orders.update(order, {
    status: to,
    updatedAt: at,
    set: { pendingApproval: null, ...(review ? { specialReview: review } : {}) },
    history: {
      at,
      actor: input.actor,
      action: 'status',
      from: 'on_hold',
      to,
      reason: `resumed: ${input.reason}`,
    },
  });
  if (review) {
    await deps.special?.reopen(specialWaiting(updated, review));
  } else if (to === 'received' || to === 'under_review') {
    const name = `${order.orderId}-v${updated.version}`;
    if (order.rush) await deps.workflows.start('rush-order', name, { orderId: order.orderId });
    else
      await deps.workflows.start('order-approval', name, {
        orderId: order.orderId,
        ...(order.slaDeadline ? { slaDeadline: order.slaDeadline } : {}),
      });
  }
  return updated;
}
