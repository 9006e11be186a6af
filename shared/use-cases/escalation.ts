/**
 * The one escalation step of the approval and rush workflows (R-APPR-3, R-RUSH-3): a deadline
 * passed and nobody decided. With someone above, the request is cleared and the history says
 * who it went to; with nobody above, the order goes on hold (R-PROC-7), keeping its stock.
 * The caller has already retired the pending request (its links stop working) and handed on a
 * decision that was made but never reached the workflow.
 */
import type { HistoryCode, HistoryParamValue } from '../domain/history-codes.ts';
import { historyNote } from '../domain/history-codes.ts';
import type { Order } from '../entities/order-entity.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

type Note = [HistoryCode, Record<string, HistoryParamValue | undefined>?];

export async function escalateOrHold(
  deps: Pick<WorkflowDeps, 'orders'>,
  order: Order,
  at: string,
  next: { up: true; note: Note } | { up: false; note: Note },
): Promise<Order> {
  const [code, params] = next.note;
  if (next.up) {
    return deps.orders.update(order, {
      updatedAt: at,
      set: { pendingApproval: null },
      history: { at, actor: 'workflow', action: 'escalated', ...historyNote(code, params) },
    });
  }
  return deps.orders.update(order, {
    status: 'on_hold',
    updatedAt: at,
    set: { pendingApproval: null },
    history: {
      at,
      actor: 'workflow',
      action: 'escalated',
      from: order.status,
      to: 'on_hold',
      ...historyNote(code, params),
    },
  });
}
