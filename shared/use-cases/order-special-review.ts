/**
 * The special-requirement review of an order entered directly (R-SPEC-1, seed 4.2.1), as on a
 * quotation: `POST /api/orders/{id}/special-review` `{ opinion, conditions?, reason? }`.
 * 1. Only an order still `received` with its review pending takes an opinion (409); a caller in
 *    none of the review's departments is refused (403), one whose departments all answered gets 409.
 * 2. The opinion goes into the order's history (who, department, conditions or reason).
 * 3. A rejection holds the order (received → on_hold) and sends it back to sales with the
 *    reason (R-PRICE-6 style); the customer hears nothing. Resuming it asks the departments again.
 * 4. When every department accepted, the review is recorded accepted and then the approval
 *    workflow starts (named after the order, as at intake); otherwise the departments still due
 *    stay in My work. Should the start fail after the write, a department's retry finds the
 *    review accepted with nothing started and starts it (a second start of the name is nothing).
 */
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { historyNote } from '../domain/history-codes.ts';
import { isStaffRole, type StaffRole } from '../domain/roles.ts';
import {
  answeringDepartment,
  type SpecialReview,
  specialOpinionSchema,
  waitingDepartments,
  withOpinion,
} from '../domain/special-review.ts';
import { toFieldIssues } from '../domain/validate.ts';
import type { Order } from '../entities/order-entity.ts';
import { staffNotice } from '../notifications/workflow-messages.ts';
import type {
  Clock,
  Mailer,
  OrderStore,
  SpecialReviewQueue,
  SpecialWaiting,
  StaffDirectory,
} from '../ports.ts';
import { type StartDeps, startOrderApproval } from './start-order-workflows.ts';
import { emailRoles } from './workflow-deps.ts';

export interface OrderSpecialReviewDeps extends StartDeps {
  orders: OrderStore;
  special: Pick<SpecialReviewQueue, 'waitOn'>;
  clock: Clock;
  staff: StaffDirectory;
  mailer: Mailer;
}

/** The My work entry of an order waiting for opinions. */
export const specialWaiting = (order: Order, review: SpecialReview): SpecialWaiting => ({
  orderId: order.orderId,
  orderNumber: order.orderNumber,
  status: 'received',
  priority: order.priority,
  channel: order.channel,
  customerName: order.customer.name,
  totalAmount: order.totalAmount,
  currency: order.currency,
  createdAt: order.createdAt,
  waitingOn: waitingDepartments(review),
});

/**
 * R-SPEC-1: the departments of a new order's special review are told by email (My work lists it
 * too). Called once the order is stored (the table stream of new orders); a retried record may
 * tell them twice, never not at all. An order whose review is not pending is left alone.
 */
export async function announceSpecialReview(
  deps: { orders: Pick<OrderStore, 'get'>; staff: StaffDirectory; mailer: Mailer },
  orderId: string,
): Promise<'sent' | 'skipped'> {
  const order = await deps.orders.get(orderId);
  const review = order?.specialReview;
  if (!order || review?.status !== 'pending') return 'skipped';
  const lines = review.lines ?? [];
  await emailRoles(deps, waitingDepartments(review).filter(isStaffRole), (to) =>
    staffNotice(
      order,
      to,
      [
        `特殊要求评审：订单 ${order.orderNumber}`,
        `Special requirements to review: order ${order.orderNumber}`,
      ],
      [`第 ${lines.join('、')} 行与产品标准不同，请在订单页面给出意见（同意并附条件，或不同意并说明原因）。`],
      [
        `Lines ${lines.join(', ')} differ from the product standard: give your opinion on the order page (accept with conditions, or reject with a reason).`,
      ],
    ),
  );
  return 'sent';
}

export async function recordOrderSpecialOpinion(
  deps: OrderSpecialReviewDeps,
  orderId: string,
  body: unknown,
  staff: { email: string; roles: readonly StaffRole[] },
): Promise<Order> {
  const parsed = specialOpinionSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError('Invalid opinion', toFieldIssues(parsed.error));
  const order = await deps.orders.get(orderId);
  if (!order) throw new NotFoundError(`Order ${orderId} not found`);
  const review = order.specialReview;
  const inDepartment = review && answeringDepartment(review, staff.roles) !== 'none';
  if (order.status === 'received' && review?.status === 'accepted' && inDepartment) {
    await startOrderApproval(deps, order);
    return order;
  }
  if (order.status !== 'received' || review?.status !== 'pending')
    throw new ConflictError('No special-requirement review is waiting on this order');
  const department = answeringDepartment(review, staff.roles);
  if (department === 'none')
    throw new ForbiddenError(`Only ${review.departments.join(', ')} give an opinion on this order`);
  if (department === 'answered')
    throw new ConflictError('Your department has given its opinion on this order');
  const at = deps.clock.now().toISOString();
  const next = withOpinion(review, department, staff.email, parsed.data, at);
  const { opinion, conditions, reason } = parsed.data;
  const note = opinion === 'reject' ? reason : conditions;
  const entry = {
    at,
    actor: staff.email,
    action: 'special-opinion',
    ...historyNote('special.opinion', { department, opinion, note }),
  };

  if (next.outcome === 'rejected') {
    // R-PRICE-6 style: back to sales with the reason; held, so it waits on nobody silently.
    const held = await deps.orders.update(order, {
      status: 'on_hold',
      updatedAt: at,
      set: { specialReview: next.review },
      history: { ...entry, from: 'received', to: 'on_hold' },
    });
    await deps.special.waitOn(order.orderId, []);
    await emailRoles(deps, ['sales'], (to) =>
      staffNotice(
        held,
        to,
        [
          `特殊要求被驳回：订单 ${order.orderNumber}`,
          `Special requirements rejected: order ${order.orderNumber}`,
        ],
        [`${department} 不同意：${reason}。订单已暂停，请与客户协商后恢复（重新评审）或取消。`],
        [
          `${department} rejected: ${reason}. The order is on hold: agree with the customer, then resume it (reviewed again) or cancel it.`,
        ],
      ),
    );
    return held;
  }
  const updated = await deps.orders.update(order, {
    updatedAt: at,
    set: { specialReview: next.review },
    history: entry,
  });
  await deps.special.waitOn(order.orderId, waitingDepartments(next.review));
  // Every department accepted: now the price approval (R-PRICE-1..5).
  if (next.outcome === 'accepted') await startOrderApproval(deps, updated);
  return updated;
}

/**
 * R-SPEC-1: an order held by a rejected special review and resumed goes back to the
 * departments, which review it again before the approval starts.
 */
export const reopenedReview = (review: SpecialReview): SpecialReview => ({
  ...review,
  opinions: [],
  status: 'pending',
});
