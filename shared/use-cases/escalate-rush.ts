/**
 * Rush workflow (R-RUSH-3): leadership did not answer in time. A decision made but not handed
 * on is handed on; otherwise gm is asked (email and SMS) and the sales rep told; gm late too
 * puts the order on hold.
 */

import { durationWords, type RushSettings } from '../domain/rush-settings.ts';
import { rushEscalatedEmail, rushEscalatedSms, rushOnHoldEmail } from '../notifications/rush-messages.ts';
import { mobilesOf, orderAlert } from '../notifications/staff-alerts.ts';
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
    const gms = await deps.staff.members('gm');
    for (const gm of gms) {
      if (gm.phone) await deps.sms.send(rushEscalatedSms(order, gm.phone, settings));
    }
    const escalated = order;
    await mailTo(deps, filedBy, (to) => rushEscalatedEmail(escalated, to, settings));
    await deps.alerts.raise(
      orderAlert(
        'approval-escalated',
        order,
        [`紧急订单已升级：${order.orderNumber}`, `Rush order escalated: ${order.orderNumber}`],
        [`${durationWords(settings.decisionMinutes).zh}内未获领导答复，已升级至总经理。`],
        [
          `No leadership answer within ${durationWords(settings.decisionMinutes).en}; the general manager is asked.`,
        ],
        { at, mobiles: mobilesOf(gms) },
      ),
    );
    return {
      orderId: order.orderId,
      next: 'request',
      step: rushStep(deps, 'gm', now, settings.decisionMinutes, 'sales_director'),
    };
  }
  const held = await escalateOrHold(deps, order, at, { up: false, note: ['rush.timedOut'] });
  await mailTo(deps, filedBy, (to) => rushOnHoldEmail(held, to));
  await deps.alerts.raise(
    orderAlert(
      'order-held',
      held,
      [`紧急订单暂停：${order.orderNumber}`, `Rush order on hold: ${order.orderNumber}`],
      ['总经理也未及时答复，订单已暂停。'],
      ['The general manager did not answer in time either; the order is on hold.'],
      { at },
    ),
  );
  return { orderId: order.orderId, next: 'hold' };
}
