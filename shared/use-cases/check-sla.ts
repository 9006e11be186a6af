/**
 * The processing SLA fired (R-PROC-5): 2 working days after receipt.
 * 1. An order already approved, rejected or further along is fine: nothing to do.
 * 2. Otherwise flag it (the queue shows the flag), write the breach to the history, let gm
 *    decide the pending step, and tell gm.
 */

import { historyNote } from '../domain/history-codes.ts';
import { mobilesOf, orderAlert } from '../notifications/staff-alerts.ts';
import { slaBreachWords, staffNotice } from '../notifications/workflow-messages.ts';
import { emailRoles, loadOrder, type WorkflowDeps } from './workflow-deps.ts';

export async function checkSla(
  deps: WorkflowDeps,
  input: { orderId: string },
): Promise<{ breached: boolean }> {
  const order = await loadOrder(deps, input.orderId);
  if (!['received', 'under_review', 'on_hold'].includes(order.status) || order.slaBreached)
    return { breached: false };
  const at = deps.clock.now().toISOString();
  const pending = order.pendingApproval;
  if (pending) await deps.approvals.allowRole(pending.requestId, 'gm');
  const updated = await deps.orders.update(order, {
    updatedAt: at,
    set: {
      slaBreached: true,
      ...(pending
        ? { pendingApproval: { ...pending, allowedRoles: [...new Set([...pending.allowedRoles, 'gm'])] } }
        : {}),
    },
    history: {
      at,
      actor: 'workflow',
      action: 'sla-breached',
      ...historyNote('sla.escalated'),
    },
  });
  const words = slaBreachWords(updated);
  await emailRoles(deps, ['gm'], (to) => staffNotice(updated, to, words.title, words.zh, words.en));
  await deps.alerts.raise(
    orderAlert('approval-escalated', updated, words.title, words.zh, words.alertEn, {
      at,
      mobiles: mobilesOf(await deps.staff.members('gm')),
    }),
  );
  return { breached: true };
}
