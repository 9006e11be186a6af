import { historyNote } from '../../domain/history-codes.ts';
import {
  type ChangeRequest,
  LOCKED_STATUSES,
  type OrderVersion,
  versionsOf,
} from '../../domain/order-change.ts';
import type { StaffRole } from '../../domain/roles.ts';
import { assertTransition } from '../../domain/status.ts';
import type { Order } from '../../entities/order-entity.ts';
import { bilingualEmail, yuan } from '../../notifications/bilingual-email.ts';
import { log } from '../../observability/logger.ts';
import {
  type ChangeDeps,
  type ChangeState,
  type ChangeWorkflowDeps,
  diffLines,
  emailRoles,
  loadChange,
  loadOrder,
  OPEN_CHANGE,
} from './common.ts';

/** Apply (the last task of an approved change, or a delivery date at once): the order's new version. */
export async function applyChangeTask(deps: ChangeWorkflowDeps, state: ChangeState): Promise<ChangeState> {
  const change = await loadChange(deps, state.orderId, state.changeId);
  const base = { orderId: state.orderId, changeId: state.changeId };
  if (change.status === 'applied') {
    // A retried Apply: the stop is idempotent and must have happened (R-CHG-3).
    if (change.kind === 'cancel') await stopOrderWorkflows(deps, state.orderId);
    return { ...base, next: 'finish' };
  }
  const order = await loadOrder(deps, state.orderId);
  if (change.kind !== 'delivery-date' && LOCKED_STATUSES.includes(order.status)) {
    await deps.changes.save(
      {
        ...change,
        status: 'rejected',
        outcome: `the order went ${order.status} before the change applied`,
        updatedAt: deps.clock.now().toISOString(),
      },
      OPEN_CHANGE,
    );
    return { ...base, next: 'finish' };
  }
  await applyChange(deps, order, change, 'workflow');
  return { ...base, next: 'finish' };
}

/** Finish: a change that was not applied — the order is free for the next one, the requester told. */
export async function finishChange(deps: ChangeWorkflowDeps, state: ChangeState): Promise<ChangeState> {
  const change = await loadChange(deps, state.orderId, state.changeId);
  const order = await loadOrder(deps, state.orderId);
  const at = deps.clock.now().toISOString();
  if (change.status !== 'applied' && order.pendingChange?.changeId === change.changeId) {
    await deps.orders.update(order, {
      updatedAt: at,
      set: { pendingChange: null },
      history: {
        at,
        actor: 'workflow',
        action: 'change-closed',
        ...historyNote('change.rejected', {
          changeId: change.changeId,
          note: change.outcome ?? change.status,
        }),
      },
    });
    if (change.requestedBy.email) {
      await deps.mailer.send(
        bilingualEmail({
          to: [change.requestedBy.email],
          subject: [
            `变更未执行：订单 ${order.orderNumber}`,
            `Change not applied: order ${order.orderNumber}`,
          ],
          zh: [`订单 ${order.orderNumber} 的变更未执行（${change.status}）。${change.outcome ?? ''}`],
          en: [
            `The change of order ${order.orderNumber} was not applied (${change.status}). ${change.outcome ?? ''}`,
          ],
        }),
      );
    }
  }
  return { orderId: state.orderId, changeId: state.changeId };
}

/** R-CHG-3: the order's other workflows end cleanly — no reminder or escalation after a cancellation. */
export async function stopOrderWorkflows(
  deps: Pick<ChangeDeps, 'workflows'>,
  orderId: string,
): Promise<void> {
  if (!deps.workflows.stop) return;
  for (const workflow of ['order-approval', 'order-sla', 'rush-order'] as const) {
    try {
      await deps.workflows.stop(workflow, orderId, 'The order was cancelled (R-CHG-3)');
    } catch (error) {
      // Retried by the task: a stop that failed must not leave a reminder running.
      log().error('stopping a workflow of a cancelled order failed', {
        orderId,
        workflow,
        error: String(error),
      });
      throw error;
    }
  }
}

/**
 * Applies a change as the order's next version (R-PROC-6): items with their reservations
 * (R-CHG-2), a cancellation releasing stock and stopping the order's workflows (R-CHG-3), or a
 * delivery date (R-CHG-1); the history keeps the diff; customer, production and logistics told.
 */
export async function applyChange(
  deps: ChangeDeps,
  order: Order,
  change: ChangeRequest,
  actor: string,
): Promise<Order> {
  const now = deps.clock.now().toISOString();
  const versions = versionsOf(order);
  const version = versions.at(-1)!.version + 1;
  const items = change.kind === 'items' && change.items ? change.items : order.items;
  const totalAmount =
    change.kind === 'items' ? items.reduce((s, l) => s + l.lineAmount, 0) : order.totalAmount;
  const requestedDate =
    change.kind === 'delivery-date' && change.requestedDate
      ? change.requestedDate
      : order.delivery.requestedDate;
  let reservations = order.reservations;
  const held = Object.keys(order.reservations ?? {}).length > 0;
  if (change.kind === 'items' && held) {
    // R-CHG-2: the reservations follow the new quantities (all or none).
    await deps.inventory.release(order.orderId, order.reservations!);
    const wanted: Record<string, number> = {};
    for (const line of items) wanted[line.sku] = (wanted[line.sku] ?? 0) + line.quantity;
    const result = await deps.inventory.reserve(order.orderId, wanted);
    if (!result.reserved) {
      await deps.inventory.reserve(order.orderId, order.reservations!);
      const short = result.shortfall.map((s) => `${s.sku} short ${s.short}`).join(', ');
      await deps.changes.save(
        { ...change, status: 'rejected', outcome: `stock: ${short}`, updatedAt: now },
        OPEN_CHANGE,
      );
      return order;
    }
    reservations = wanted;
  }
  if (change.kind === 'cancel') {
    assertTransition(order.status, 'cancelled');
    if (held) await deps.inventory.release(order.orderId, order.reservations!);
    reservations = {};
  }
  const next: OrderVersion = {
    version,
    at: now,
    changeId: change.changeId,
    items,
    totalAmount,
    requestedDate,
  };
  const updated = await deps.orders.update(order, {
    updatedAt: now,
    ...(change.kind === 'cancel' ? { status: 'cancelled' as const } : {}),
    set: {
      versions: [...versions, next],
      pendingChange: null,
      ...(change.kind === 'items' ? { items, totalAmount } : {}),
      ...(change.kind === 'delivery-date' ? { delivery: { ...order.delivery, requestedDate } } : {}),
      ...(reservations !== order.reservations ? { reservations: reservations ?? {} } : {}),
      ...(change.kind === 'cancel' ? { pendingApproval: null } : {}),
    },
    history: {
      at: now,
      actor,
      action: 'change-applied',
      ...(change.kind === 'cancel' ? { from: order.status, to: 'cancelled' as const } : {}),
      ...historyNote('change.applied', { kind: change.kind, changeId: change.changeId, version }),
    },
  });
  await deps.changes.save({ ...change, status: 'applied', appliedVersion: version, updatedAt: now }, [
    ...OPEN_CHANGE,
  ]);
  if (change.kind === 'cancel') {
    // Links of a pending approval stop working, then the workflows stop (R-CHG-3).
    if (order.pendingApproval) await deps.approvals.supersede(order.pendingApproval.requestId);
    await stopOrderWorkflows(deps, order.orderId);
  }
  await tellEveryone(deps, updated, change, version);
  return updated;
}

export async function tellEveryone(deps: ChangeDeps, order: Order, change: ChangeRequest, version: number) {
  const lines = { zh: diffLines(change, 'zh'), en: diffLines(change, 'en') };
  const staffRoles: StaffRole[] = change.kind === 'items' ? ['production'] : ['production', 'logistics'];
  const subject: [string, string] =
    change.kind === 'cancel'
      ? [`订单已取消：${order.orderNumber}`, `Order cancelled: ${order.orderNumber}`]
      : [
          `订单变更确认（第 ${version} 版）：${order.orderNumber}`,
          `Order change confirmed (version ${version}): ${order.orderNumber}`,
        ];
  if (order.customer.email) {
    await deps.mailer.send(
      bilingualEmail({
        to: [order.customer.email],
        subject,
        zh: [
          change.kind === 'cancel'
            ? `您的订单 ${order.orderNumber} 已取消。`
            : `您的订单 ${order.orderNumber} 已更新为第 ${version} 版：`,
          ...lines.zh,
          `合计 ${yuan(order.totalAmount)}，交货日期 ${order.delivery.requestedDate}。`,
        ],
        en: [
          change.kind === 'cancel'
            ? `Your order ${order.orderNumber} is cancelled.`
            : `Your order ${order.orderNumber} is now version ${version}:`,
          ...lines.en,
          `Total ${yuan(order.totalAmount)}, delivery date ${order.delivery.requestedDate}.`,
        ],
      }),
    );
  }
  await emailRoles(deps, staffRoles, (to) =>
    bilingualEmail({
      to,
      subject,
      zh: [`订单 ${order.orderNumber}：`, ...lines.zh],
      en: [`Order ${order.orderNumber}:`, ...lines.en],
    }),
  );
}
