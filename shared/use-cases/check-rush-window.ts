/**
 * A progress window of a rush order closed (every RUSH_REPORT_INTERVAL_MINUTES, R-RUSH-6).
 * 1. Delivered: the loop ends. Rejected, cancelled or held: it stops.
 * 2. Record the window once — who reported between the previous check and now (so a restart
 *    loses no time) — as its own item; a re-run finds it and changes nothing.
 * 3. A role's first miss reminds it; a second in a row also tells the task-group lead.
 * 4. After `windowsPerExecution` windows in this execution, hand over: `next: 'continue'` makes
 *    the workflow start a new execution with this state (window numbering goes on) and end, so
 *    no execution nears the history limit of 25,000 events however long production takes.
 */

import { historyNote } from '../domain/history-codes.ts';
import type { RushWindow } from '../entities/rush-entity.ts';
import { REPORT_ROLES } from '../entities/rush-entity.ts';
import { rushReportMissedEmail } from '../notifications/rush-messages.ts';
import { orderAlert } from '../notifications/staff-alerts.ts';
import { mailTo, type RushState } from './rush-state.ts';
import { loadOrder, type WorkflowDeps } from './workflow-deps.ts';

export interface HandOver {
  /** Windows one execution runs before it continues as a new one (RUSH_WINDOWS_PER_EXECUTION). */
  windowsPerExecution: number;
}

export async function checkRushWindow(
  deps: WorkflowDeps,
  handOver: HandOver,
  state: RushState,
): Promise<RushState> {
  const order = await loadOrder(deps, state.orderId);
  if (['delivered', 'completed'].includes(order.status)) return { ...state, next: 'delivered' };
  if (!['approved', 'in_production', 'shipped'].includes(order.status) || !order.rush?.taskGroup)
    return { ...state, next: 'stopped' };
  const now = deps.clock.now();
  const at = now.toISOString();
  const index = state.window ?? 0;
  const start = state.windowStart ?? order.rush.loopStartedAt ?? at;
  const { reports, windows } = await deps.rush.records(order.orderId);
  // A re-run after a crash finds its window recorded: the next one starts where it ended.
  const recorded = windows.find((w) => w.index === index);
  if (recorded) return nextWindow(order.orderId, state, recorded.end, index, handOver);
  const inWindow = reports.filter((r) => r.at >= start && r.at < at);
  const window: RushWindow = {
    index,
    start,
    end: at,
    reports: inWindow.map(({ role, actor, at: when }) => ({ role, actor, at: when })),
    missed: REPORT_ROLES.filter((role) => !inWindow.some((r) => r.role === role)),
  };
  if ((await deps.rush.putWindow(order.orderId, window)) === 'created') {
    const group = order.rush.taskGroup;
    const missed = { sales: 0, production: 0, ...order.rush.missed };
    for (const role of REPORT_ROLES) missed[role] = window.missed.includes(role) ? missed[role] + 1 : 0;
    await deps.orders.update(order, {
      updatedAt: at,
      set: { rush: { ...order.rush, missed } },
      history: {
        at,
        actor: 'workflow',
        action: 'rush-window',
        ...historyNote('rush.window', {
          window: index + 1,
          missed: window.missed.filter((role) => missed[role] < 2),
          twice: window.missed.filter((role) => missed[role] >= 2),
        }),
      },
    });
    for (const role of window.missed) {
      const member = group[role];
      const to = missed[role] >= 2 ? [group.lead, member] : [member];
      await mailTo(deps, to.filter(Boolean), (list) =>
        rushReportMissedEmail(order, list, role, missed[role]),
      );
      const twice = missed[role] >= 2;
      const email = rushReportMissedEmail(order, [], role, missed[role]);
      await deps.alerts.raise(
        orderAlert(
          twice ? 'rush-report-missed' : 'rush-report-reminder',
          order,
          email.subject.split(' / ') as [string, string],
          [
            `${role === 'sales' ? '销售' : '生产'}未在本时段提交进度报告${twice ? '（连续两次，已通知专项小组负责人）' : ''}。`,
          ],
          [
            `No ${role} progress report in this window${twice ? ' (second in a row; the task-group lead is told)' : ''}.`,
          ],
          { at },
        ),
      );
    }
  }
  return nextWindow(order.orderId, state, at, index, handOver);
}

function nextWindow(
  orderId: string,
  state: RushState,
  end: string,
  index: number,
  handOver: HandOver,
): RushState {
  const loops = (state.loops ?? 0) + 1;
  const generation = state.generation ?? 0;
  const next = { orderId, interval: state.interval, windowStart: end, window: index + 1 };
  if (loops >= handOver.windowsPerExecution) {
    return { ...next, next: 'continue', loops: 0, generation: generation + 1 };
  }
  return { ...next, next: 'wait', loops, ...(state.generation !== undefined ? { generation } : {}) };
}
