/**
 * Rush workflow (R-RUSH-3): leadership did not answer in time. A decision made but not handed
 * on is handed on; otherwise gm is asked (email and SMS) and the sales rep told; gm late too
 * puts the order on hold.
 */
import type { RushSettings } from '../domain/rush-settings.ts';
import { rushEscalatedEmail, rushEscalatedSms, rushOnHoldEmail } from '../notifications/rush-messages.ts';
import { escalateOrHold } from './escalation.ts';
import { mailTo, type RushState, rushStep } from './rush-state.ts';
import { loadOrder, retirePendingRequest, type WorkflowDeps } from './workflow-deps.ts';

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
    order = await escalateOrHold(deps, order, at, {
      up: true,
      note: ['rush.escalated', { minutes: settings.decisionMinutes }],
    });
    for (const gm of await deps.staff.members('gm')) {
      if (gm.phone) await deps.sms.send(rushEscalatedSms(order, gm.phone, settings));
    }
    const escalated = order;
    await mailTo(deps, filedBy, (to) => rushEscalatedEmail(escalated, to, settings));
    return {
      orderId: order.orderId,
      next: 'request',
      step: rushStep(deps, 'gm', now, settings.decisionMinutes, 'sales_director'),
    };
  }
  const held = await escalateOrHold(deps, order, at, { up: false, note: ['rush.timedOut'] });
  await mailTo(deps, filedBy, (to) => rushOnHoldEmail(held, to));
  return { orderId: order.orderId, next: 'hold' };
}
