/**
 * A staff action on an after-sales case (R-AFTER-1): start, resolve, close, reject, grant-refund.
 * 1. Load the case; 404 when missing. If the caller saw another version, refuse (409) before
 *    writing (optimistic locking).
 * 2. Check the caller's role for the action (R-SEC-2: a refund is granted by finance or gm;
 *    403) and the case's status and type (409 on an illegal transition).
 * 3. grant-refund: the amount (by default the amount asked for) is at most the amount asked for
 *    and at most the order total minus the refunds granted on its other cases (400 on `amount`).
 *    It is then taken from the order's refund ledger in one conditional write, so two grants at
 *    the same moment cannot together exceed the total; if the case write fails, it is given back.
 *    (A crash between the two leaves the ledger too high — refunds blocked, never overpaid.)
 * 4. Write the new status, what it sets (first response time, assignee, refund, resolution) and
 *    the history entry in one conditional write (R-ARCH-2); a concurrent change loses with 409.
 * 5. When the case is answered (resolved, refund granted, rejected), tell the customer.
 */
import {
  assertRefundWithin,
  type CaseActionBody,
  nextCaseStatus,
  refundable,
} from '../domain/after-sales.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { StaffRole } from '../domain/roles.ts';
import type { CaseFields } from '../entities/case-entity.ts';
import { caseAnsweredEmail, tellCustomer } from '../notifications/case-messages.ts';
import { type CaseView, grantedRefunds, toCaseView } from './list-order-cases.ts';
import type { CaseDeps } from './open-case.ts';

export async function actOnCase(
  deps: Omit<CaseDeps, 'calendar'>,
  request: {
    orderId: string;
    caseId: string;
    body: CaseActionBody;
    actor: string;
    roles: readonly StaffRole[];
  },
): Promise<CaseView> {
  const { body } = request;
  const current = await deps.cases.get(request.orderId, request.caseId);
  if (!current) throw new NotFoundError(`Case ${request.caseId} not found on order ${request.orderId}`);
  if (body.expectedVersion !== current.version) {
    throw new ConflictError(
      `Case ${current.caseId} was changed by someone else (version ${current.version}, you had ${body.expectedVersion})`,
    );
  }
  const to = nextCaseStatus(current, body.action, request.roles);
  const now = deps.clock.now();
  const at = now.toISOString();
  const set: CaseFields = {};
  if (!current.respondedAt && current.caseStatus === 'open') set.respondedAt = at;
  if (body.action === 'start' && !current.assignee) set.assignee = request.actor;
  if (to === 'resolved') set.resolvedAt = at;

  let amount: number | undefined;
  const how = body.action;
  // The order is read only when the customer is told or the refund limit checked.
  const answered = how === 'resolve' || how === 'grant-refund' || how === 'reject';
  const order = answered ? await deps.orders.get(current.orderId) : undefined;
  if (body.action === 'grant-refund') {
    amount = body.amount ?? current.requestedAmount ?? 0;
    if (current.requestedAmount !== undefined && amount > current.requestedAmount)
      throw new ValidationError('The refund is more than was asked for', [
        { path: 'amount', message: `At most the ${current.requestedAmount} cents asked for` },
      ]);
    if (!order) throw new NotFoundError(`Order ${current.orderId} not found`);
    const others = grantedRefunds(await deps.cases.listForOrder(current.orderId), current.caseId);
    assertRefundWithin(amount, refundable(order.totalAmount, others), 'amount');
    const before = others.reduce((sum, x) => sum + x, 0);
    if ((await deps.cases.reserveRefund(current.orderId, amount, order.totalAmount, before)) === 'over') {
      throw new ValidationError('The refund is more than may be refunded', [
        {
          path: 'amount',
          message:
            'Another refund on this order was granted meanwhile; reload to see what may still be refunded',
        },
      ]);
    }
    set.refundAmount = amount;
    set.refundedAt = at;
  }

  const write = deps.cases.update(current, {
    caseStatus: to,
    set,
    updatedAt: at,
    history: {
      at,
      actor: request.actor,
      action: body.action,
      from: current.caseStatus,
      to,
      ...(body.note ? { note: body.note } : {}),
      ...(amount !== undefined ? { amount } : {}),
    },
  });
  const updated = await write.catch(async (error: unknown) => {
    if (amount !== undefined) await deps.cases.releaseRefund(current.orderId, amount);
    throw error;
  });
  if (order && answered)
    await tellCustomer(deps, order, updated, (link) =>
      caseAnsweredEmail(order, updated, how, body.note, link),
    );
  return toCaseView(updated, request.roles, now);
}
