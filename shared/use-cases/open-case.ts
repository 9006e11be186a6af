/**
 * Staff open an after-sales case on an order (R-AFTER-1):
 * 1. Load the order; 404 when missing.
 * 2. Returns, exchanges, refunds and repairs need an order that has been shipped (or later);
 *    complaints and inquiries may be opened at any time — otherwise a 400 on `caseType`.
 * 3. A refund asks for at most the order total minus the refunds already granted on its
 *    cases — otherwise a 400 on `refundAmount`.
 * 4. Compute the first-response deadline on the working calendar (4.2 快速响应) and write the
 *    case with its first history entry (R-ARCH-2) in one conditional PutItem. With an
 *    Idempotency-Key the case id comes from the key, so a retried request answers the case it
 *    opened the first time instead of opening a second one.
 * 5. Tell the customer by email (Chinese first), outside any condition of the write.
 */
import { ulid } from 'ulid';
import {
  assertRefundWithin,
  type OpenCaseBody,
  openBlocker,
  refundable,
  responseDeadline,
} from '../domain/after-sales.ts';
import { derivedId } from '../domain/derived-id.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { StaffRole } from '../domain/roles.ts';
import type { WorkingCalendar } from '../domain/working-calendar.ts';
import type { AfterSalesCase, CaseStore } from '../entities/case-entity.ts';
import { type CaseMailDeps, caseOpenedEmail, tellCustomer } from '../notifications/case-messages.ts';
import type { Clock, OrderStore } from '../ports.ts';
import { type CaseView, grantedRefunds, toCaseView } from './list-order-cases.ts';

export interface CaseDeps extends CaseMailDeps {
  orders: OrderStore;
  cases: CaseStore;
  clock: Clock;
  calendar: WorkingCalendar;
}

/** A case id that is the same for the same order and Idempotency-Key. */
const caseIdFromKey = (orderId: string, key: string): string =>
  derivedId('after-sales-case', `${orderId}:${key}`);

export async function openCase(
  deps: CaseDeps,
  request: {
    orderId: string;
    body: OpenCaseBody;
    actor: string;
    roles: readonly StaffRole[];
    idempotencyKey?: string;
  },
): Promise<CaseView> {
  const { body } = request;
  const order = await deps.orders.get(request.orderId);
  if (!order) throw new NotFoundError(`Order ${request.orderId} not found`);
  const now = deps.clock.now();
  const caseId = request.idempotencyKey
    ? caseIdFromKey(order.orderId, request.idempotencyKey)
    : ulid(now.getTime());
  if (request.idempotencyKey) {
    const earlier = await deps.cases.get(order.orderId, caseId);
    if (earlier) return toCaseView(earlier, request.roles, now);
  }

  const blocked = openBlocker(body.caseType, order.status);
  if (blocked)
    throw new ValidationError('This case cannot be opened yet', [{ path: 'caseType', message: blocked }]);
  if (body.refundAmount !== undefined) {
    const limit = refundable(order.totalAmount, grantedRefunds(await deps.cases.listForOrder(order.orderId)));
    assertRefundWithin(body.refundAmount, limit, 'refundAmount');
  }

  const at = now.toISOString();
  const c: AfterSalesCase = {
    caseId,
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    caseType: body.caseType,
    caseStatus: 'open',
    description: body.description,
    openedBy: request.actor,
    assignee: body.assignee ?? null,
    responseDeadline: responseDeadline(deps.calendar, body.caseType, now).toISOString(),
    ...(body.refundAmount !== undefined ? { requestedAmount: body.refundAmount } : {}),
    history: [
      {
        at,
        actor: request.actor,
        action: 'opened',
        to: 'open',
        ...(body.refundAmount !== undefined ? { amount: body.refundAmount } : {}),
      },
    ],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await deps.cases.create(c);
  } catch (error) {
    // Two concurrent retries with the same key: the second answers the case the first wrote.
    const earlier = error instanceof ConflictError && (await deps.cases.get(order.orderId, caseId));
    if (earlier) return toCaseView(earlier, request.roles, now);
    throw error;
  }
  await tellCustomer(deps, order, c, (link) => caseOpenedEmail(order, c, link));
  return toCaseView(c, request.roles, now);
}
