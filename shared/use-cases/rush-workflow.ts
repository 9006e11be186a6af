/**
 * The tasks of the rush-order workflow (statemachines/rush-order.asl.json, R-RUSH-2..8).
 * Each takes the whole state and returns the next; a re-run after the order moved on changes
 * nothing that was already done.
 */

import type { ApprovalState, ApprovalStep } from '../domain/approval-flow.ts';
import { historyNote } from '../domain/history-codes.ts';
import type { RushSettings } from '../domain/rush-settings.ts';
import { onWorkflowClock } from '../domain/workflow-time.ts';
import type { RushInfo } from '../entities/rush-entity.ts';
import { beijingTime } from '../notifications/bilingual-email.ts';
import { staffNotice } from '../notifications/workflow-messages.ts';
import { emailRoles, loadOrder, retirePendingRequest, type WorkflowDeps } from './workflow-deps.ts';

export interface RushState extends Omit<ApprovalState, 'next'> {
  next?: ApprovalState['next'] | 'confirm' | 'progress' | 'wait' | 'continue' | 'delivered' | 'stopped';
  interval?: number;
  /** Start of the progress window now open. */
  windowStart?: string;
  window?: number;
  /** Windows run by this execution (check-rush-window hands over after RUSH_WINDOWS_PER_EXECUTION). */
  loops?: number;
  /** How many executions came before this one; set only once the workflow has handed over. */
  generation?: number;
}

/** R-RUSH-3: wall-clock minutes, on the workflow clock like every other deadline. */
const step = (
  deps: Pick<WorkflowDeps, 'timeScale'>,
  role: 'sales_director' | 'gm',
  now: Date,
  minutes: number,
  escalatedFrom?: 'sales_director',
): ApprovalStep => ({
  role,
  deadline: onWorkflowClock(now, new Date(now.getTime() + minutes * 60_000), deps.timeScale).toISOString(),
  timeoutSeconds: Math.round(minutes * 60),
  ...(escalatedFrom ? { escalatedFrom } : {}),
});

export const mail = (
  deps: WorkflowDeps,
  to: string[],
  subject: [string, string],
  zh: string[],
  en: string[],
  order: Parameters<typeof staffNotice>[0],
) => (to.length ? deps.mailer.send(staffNotice(order, to, subject, zh, en)) : Promise.resolve());

function rushLines(rush: RushInfo): { zh: string[]; en: string[] } {
  const level = rush.urgency === 'critical' ? '特急' : '高';
  return {
    zh: [
      `紧急程度：${level}`,
      `要求完成：${beijingTime(rush.requiredBy)}`,
      `原因：${rush.reason}`,
      `申请人：${rush.filedBy}`,
    ],
    en: [
      `Urgency: ${rush.urgency}`,
      `Required by: ${rush.requiredBy}`,
      `Reason: ${rush.reason}`,
      `Filed by: ${rush.filedBy}`,
    ],
  };
}

/** R-RUSH-2: production and logistics get the application while leadership is asked (R-RUSH-3). */
export async function startRush(
  deps: WorkflowDeps,
  settings: RushSettings,
  state: RushState,
): Promise<RushState> {
  const order = await loadOrder(deps, state.orderId);
  const now = deps.clock.now();
  if (order.status === 'received' && order.rush) {
    const at = now.toISOString();
    const updated = await deps.orders.update(order, {
      status: 'under_review',
      updatedAt: at,
      history: {
        at,
        actor: 'workflow',
        action: 'rush-filed',
        from: 'received',
        to: 'under_review',
        ...historyNote('rush.filed', { urgency: order.rush.urgency }),
      },
    });
    const { zh, en } = rushLines(order.rush);
    const items = order.items.map((i) => `${i.sku} ${i.name} × ${i.quantity}`);
    await emailRoles(deps, ['production', 'logistics'], (to) =>
      staffNotice(
        updated,
        to,
        [`紧急订单申请：${order.orderNumber}`, `Rush order application: ${order.orderNumber}`],
        ['紧急订单申请，请评估产能与物流：', ...zh, ...items],
        ['is a rush application: please assess capacity and logistics.', ...en, ...items],
      ),
    );
  }
  return {
    orderId: order.orderId,
    next: 'request',
    step: step(deps, 'sales_director', now, settings.decisionMinutes),
  };
}

/** R-RUSH-3: no answer in time — gm is asked (email and SMS) and the sales rep told; gm late too holds it. */
export async function escalateRush(
  deps: WorkflowDeps,
  settings: RushSettings,
  state: RushState,
): Promise<RushState> {
  let order = await loadOrder(deps, state.orderId);
  const decided = await retirePendingRequest(deps, order);
  if (decided) return { ...state, next: 'decided', decision: decided };
  const now = deps.clock.now();
  const at = now.toISOString();
  const role = state.step?.role ?? 'sales_director';
  const filedBy = order.rush?.filedBy ? [order.rush.filedBy] : [];
  if (role !== 'gm') {
    order = await deps.orders.update(order, {
      updatedAt: at,
      set: { pendingApproval: null },
      history: {
        at,
        actor: 'workflow',
        action: 'escalated',
        ...historyNote('rush.escalated', { minutes: settings.decisionMinutes }),
      },
    });
    for (const gm of await deps.staff.members('gm')) {
      if (gm.phone)
        await deps.sms.send({
          to: gm.phone,
          text: `【订单服务】紧急订单 ${order.orderNumber} 1小时内未获答复，请审批。`,
        });
    }
    await mail(
      deps,
      filedBy,
      [`紧急订单已升级：${order.orderNumber}`, `Rush order escalated: ${order.orderNumber}`],
      ['1 小时内未获领导答复，已升级至总经理。请告知客户进展。'],
      [
        'got no leadership answer within the hour and was escalated to the general manager. Please keep the customer informed.',
      ],
      order,
    );
    return {
      orderId: order.orderId,
      next: 'request',
      step: step(deps, 'gm', now, settings.decisionMinutes, 'sales_director'),
    };
  }
  order = await deps.orders.update(order, {
    status: 'on_hold',
    updatedAt: at,
    set: { pendingApproval: null },
    history: {
      at,
      actor: 'workflow',
      action: 'escalated',
      from: order.status,
      to: 'on_hold',
      ...historyNote('rush.timedOut'),
    },
  });
  await mail(
    deps,
    filedBy,
    [`紧急订单暂停：${order.orderNumber}`, `Rush order on hold: ${order.orderNumber}`],
    ['总经理也未及时答复，订单已暂停。'],
    ['is on hold: the general manager did not answer in time either.'],
    order,
  );
  return { orderId: order.orderId, next: 'hold' };
}

/** R-RUSH-4, R-RUSH-5: accepted — the task group is formed and told, production starts. */
export async function acceptRush(
  deps: WorkflowDeps,
  settings: RushSettings,
  state: RushState,
): Promise<RushState> {
  let order = await loadOrder(deps, state.orderId);
  const rush = order.rush;
  const decision = state.decision;
  if (!rush || !decision) throw new Error('Not a decided rush order');
  const now = deps.clock.now();
  const at = now.toISOString();
  const interval = Math.round(settings.intervalMinutes * 60);
  if (['approved', 'in_production', 'shipped', 'delivered'].includes(order.status)) {
    return {
      orderId: order.orderId,
      next: 'progress',
      interval,
      windowStart: rush.loopStartedAt ?? at,
      window: 0,
    };
  }
  const record = {
    decision: decision.decision,
    actor: decision.actor,
    role: decision.role,
    at: decision.at,
    ...(decision.reason ? { reason: decision.reason } : {}),
  };
  if (!rush.decision) {
    const [production] = await deps.staff.members('production');
    const [logistics] = await deps.staff.members('logistics');
    const taskGroup = {
      lead: decision.actor,
      sales: rush.filedBy,
      production: production?.email ?? '',
      logistics: logistics?.email ?? '',
    };
    const needsGm = order.approvalTier === 'gm' && decision.role !== 'gm';
    order = await deps.orders.update(order, {
      updatedAt: at,
      set: { pendingApproval: null, rush: { ...rush, decision: record, taskGroup } },
      history: {
        at: decision.at,
        actor: decision.actor,
        action: 'rush-accepted',
        ...historyNote('rush.accepted', {
          note: decision.reason,
          group: Object.values(taskGroup).filter((m): m is string => Boolean(m)),
        }),
      },
    });
    const members = [...new Set(Object.values(taskGroup).filter(Boolean))];
    await mail(
      deps,
      members,
      [`紧急订单专项小组：${order.orderNumber}`, `Rush task group: ${order.orderNumber}`],
      [
        `已接受，专项小组：负责人 ${taskGroup.lead}，销售 ${taskGroup.sales}，生产 ${taskGroup.production}，物流 ${taskGroup.logistics}。`,
        `销售与生产每 ${settings.intervalMinutes} 分钟报告一次进度，直至交货。`,
      ],
      [
        `was accepted. Task group: lead ${taskGroup.lead}, sales ${taskGroup.sales}, production ${taskGroup.production}, logistics ${taskGroup.logistics}.`,
        `Sales and production report progress every ${settings.intervalMinutes} minutes until delivery.`,
      ],
      order,
    );
    if (needsGm) {
      // R-PRICE-4: the price needs gm; gm confirms before production starts.
      return {
        orderId: order.orderId,
        next: 'confirm',
        step: step(deps, 'gm', now, settings.decisionMinutes),
      };
    }
  } else {
    order = await deps.orders.update(order, {
      updatedAt: at,
      set: { pendingApproval: null },
      history: {
        at: decision.at,
        actor: decision.actor,
        action: 'approved-step',
        ...historyNote('rush.priceConfirmed'),
      },
    });
  }
  order = await deps.orders.update(order, {
    status: 'approved',
    updatedAt: at,
    history: {
      at,
      actor: 'workflow',
      action: 'status',
      from: order.status,
      to: 'approved',
      ...historyNote('rush.approved'),
    },
  });
  order = await deps.orders.update(order, {
    status: 'in_production',
    updatedAt: at,
    set: { rush: { ...order.rush!, loopStartedAt: at, missed: { sales: 0, production: 0 } } },
    history: {
      at,
      actor: 'workflow',
      action: 'status',
      from: 'approved',
      to: 'in_production',
      ...historyNote('rush.production'),
    },
  });
  return { orderId: order.orderId, next: 'progress', interval, windowStart: at, window: 0 };
}
