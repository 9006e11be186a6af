/**
 * Progress reports and the post-delivery review of a rush order (R-RUSH-6..8).
 * - report: only the task group's sales and production members, only while the order is being
 *   made or shipped; overtime reminds the safety officer (R-RUSH-8).
 * - review: any task-group member, once, after delivery.
 */

import { ulid } from 'ulid';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { historyNote } from '../domain/history-codes.ts';
import type { Order } from '../entities/order-entity.ts';
import type { ReportRole, RushReport, RushWindow } from '../entities/rush-entity.ts';
import { overtimeWords } from '../notifications/rush-messages.ts';
import { mobilesOf, orderAlert } from '../notifications/staff-alerts.ts';
import { staffNotice } from '../notifications/workflow-messages.ts';
import type { Clock, Mailer, OrderStore, RushStore, StaffAlerts, StaffDirectory } from '../ports.ts';

async function rushOrder(orders: OrderStore, orderId: string): Promise<Order> {
  const order = await orders.get(orderId);
  if (!order?.rush) throw new NotFoundError(`Rush order ${orderId} not found`);
  return order;
}

export async function reportRushProgress(
  deps: {
    orders: OrderStore;
    rush: RushStore;
    staff: StaffDirectory;
    mailer: Mailer;
    clock: Clock;
    /** The overtime safety reminder to the group robots (docs/robots.md). */
    alerts?: StaffAlerts;
    /** Minutes between progress reports (R-RUSH-6) and the workflow clock's scale. */
    intervalMinutes: number;
    timeScale: number;
  },
  input: {
    orderId: string;
    actor: string;
    report: Pick<RushReport, 'done' | 'next' | 'risk' | 'expectedDelivery' | 'overtime'>;
  },
): Promise<{ reportId: string; at: string; window: { index: number; start: string; end: string } }> {
  const order = await rushOrder(deps.orders, input.orderId);
  const group = order.rush?.taskGroup;
  const actor = input.actor.toLowerCase();
  const role: ReportRole | undefined =
    group?.sales.toLowerCase() === actor
      ? 'sales'
      : group?.production.toLowerCase() === actor
        ? 'production'
        : undefined;
  if (!role) throw new ForbiddenError('Only the task group’s sales and production leads report progress');
  if (!['approved', 'in_production', 'shipped'].includes(order.status)) {
    throw new ConflictError(`Order ${order.orderNumber} is ${order.status}: no progress reports now`);
  }
  const at = deps.clock.now().toISOString();
  const reportId = ulid();
  await deps.rush.putReport({
    reportId,
    orderId: order.orderId,
    role,
    actor: input.actor,
    at,
    ...input.report,
  });
  const updated = await deps.orders.appendHistory(order.orderId, {
    at,
    actor: input.actor,
    action: 'rush-report',
    ...historyNote('rush.report', {
      role,
      done: input.report.done.slice(0, 200),
      overtime: input.report.overtime || undefined,
    }),
  });
  if (input.report.overtime) {
    const officers = await deps.staff.members('safety');
    const safety = officers.map((m) => m.email);
    const words = overtimeWords(order, role);
    if (safety.length) await deps.mailer.send(staffNotice(updated, safety, words.title, words.zh, words.en));
    await deps.alerts?.raise(
      orderAlert('overtime-safety', updated, words.title, words.zh, words.alertEn, {
        at,
        mobiles: mobilesOf(officers),
      }),
    );
  }
  // Which window the report counts in: the one open since the last check.
  const { windows } = await deps.rush.records(order.orderId);
  const last = windows.reduce<RushWindow | undefined>(
    (top, w) => (!top || w.index > top.index ? w : top),
    undefined,
  );
  const start = last?.end ?? order.rush?.loopStartedAt ?? at;
  // The window's Wait is scaled like every workflow duration (shared/domain/workflow-time.ts).
  const windowMs = (deps.intervalMinutes * 60_000) / deps.timeScale;
  const end = new Date(new Date(start).getTime() + windowMs).toISOString();
  return { reportId, at, window: { index: (last?.index ?? -1) + 1, start, end } };
}

export async function reviewRushOrder(
  deps: { orders: OrderStore; clock: Clock },
  input: { orderId: string; actor: string; wentWell: string; wentWrong: string; actions: string },
): Promise<void> {
  const order = await rushOrder(deps.orders, input.orderId);
  const group = order.rush?.taskGroup;
  const members = group ? Object.values(group).map((m) => m.toLowerCase()) : [];
  if (!members.includes(input.actor.toLowerCase()))
    throw new ForbiddenError('Only the task group writes the review');
  if (!['delivered', 'completed'].includes(order.status))
    throw new ConflictError('The review comes after delivery');
  if (order.rush?.review) throw new ConflictError('The review was already written');
  const at = deps.clock.now().toISOString();
  const { orderId, actor, ...review } = input;
  await deps.orders.update(order, {
    updatedAt: at,
    set: { rush: { ...order.rush!, review: { ...review, actor, at } } },
    history: { at, actor, action: 'rush-review', ...historyNote('rush.reviewed') },
  });
}
