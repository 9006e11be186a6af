/**
 * An order's after-sales cases as staff see them (R-AFTER-1), for any staff role (R-SEC-1):
 * 1. Load the order; 404 when missing.
 * 2. Query its cases (one Query on the order's partition), oldest first.
 * 3. Answer each case with whether its first response is overdue and the actions the caller's
 *    roles may take now (R-SEC-2), plus what may still be refunded and which case types may be
 *    opened on the order in its status.
 */
import {
  allowedCaseActions,
  CASE_TYPES,
  type CaseAction,
  type CaseType,
  openBlocker,
  refundable,
} from '../domain/after-sales.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { StaffRole } from '../domain/roles.ts';
import type { AfterSalesCase, CaseStore } from '../entities/case-entity.ts';
import type { Clock, OrderStore } from '../ports.ts';

export interface CaseView extends AfterSalesCase {
  /** No first response yet and the deadline has passed. */
  overdue: boolean;
  /** What the caller may do now (the page's buttons). */
  allowedActions: CaseAction[];
}

export function toCaseView(c: AfterSalesCase, roles: readonly StaffRole[], now: Date): CaseView {
  return {
    ...c,
    overdue: !c.respondedAt && now.getTime() > Date.parse(c.responseDeadline),
    allowedActions: allowedCaseActions(c, roles),
  };
}

/** Refunds already granted on an order's cases, in cents. */
export const grantedRefunds = (cases: readonly AfterSalesCase[], exceptCaseId?: string): number[] =>
  cases.filter((c) => c.caseId !== exceptCaseId && c.refundedAt).map((c) => c.refundAmount ?? 0);

export interface OrderCasesView {
  orderId: string;
  orderNumber: string;
  orderStatus: string;
  /** Cents that may still be refunded: order total minus refunds granted. */
  refundable: number;
  /** Case types that may be opened on the order now. */
  openableTypes: CaseType[];
  cases: CaseView[];
}

export async function listOrderCases(
  deps: { orders: OrderStore; cases: CaseStore; clock: Clock },
  request: { orderId: string; roles: readonly StaffRole[] },
): Promise<OrderCasesView> {
  const order = await deps.orders.get(request.orderId);
  if (!order) throw new NotFoundError(`Order ${request.orderId} not found`);
  const cases = await deps.cases.listForOrder(order.orderId);
  const now = deps.clock.now();
  return {
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    orderStatus: order.status,
    refundable: refundable(order.totalAmount, grantedRefunds(cases)),
    openableTypes: CASE_TYPES.filter((t) => !openBlocker(t, order.status)),
    cases: cases.map((c) => toCaseView(c, request.roles, now)),
  };
}
