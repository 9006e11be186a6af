/**
 * The staff alerts of the group robots (docs/robots.md), worded like the staff emails of the
 * same events: the order's number, the customer's company (or name) and the amount — what staff
 * need to pick the order out — and never a customer's phone or email (R-SEC-1).
 */
import type { AlertKind, StaffAlertInput } from '../domain/staff-alerts.ts';
import type { Order } from '../entities/order-entity.ts';
import type { StaffMember } from '../ports.ts';
import { yuan } from './bilingual-email.ts';

/** Staff numbers to @-mention: the directory's phones of the people concerned. */
export const mobilesOf = (members: readonly StaffMember[]): string[] => [
  ...new Set(
    members.map((m) => m.phone?.replace(/[^0-9+]/g, '') ?? '').filter((p) => /^\+?[0-9]{5,15}$/.test(p)),
  ),
];

export function orderAlert(
  kind: AlertKind,
  order: Order,
  title: [zh: string, en: string],
  zh: string[],
  en: string[],
  extra: Pick<StaffAlertInput, 'buttons' | 'mobiles'> & { at?: string } = {},
): StaffAlertInput {
  const who = order.customer.company ?? order.customer.name;
  return {
    kind,
    at: extra.at ?? new Date().toISOString(),
    orderId: order.orderId,
    title,
    zh: [`订单 ${order.orderNumber}（${who}，${yuan(order.totalAmount)}）`, ...zh],
    en: [`Order ${order.orderNumber} (${who}, ${yuan(order.totalAmount)})`, ...en],
    ...(extra.buttons?.length ? { buttons: extra.buttons } : {}),
    ...(extra.mobiles?.length ? { mobiles: extra.mobiles } : {}),
  };
}

/** A scheduled report run failed (it is retried, then the ops alert topic is told too). */
export function reportFailedAlert(
  schedule: string,
  period: string | undefined,
  error: Error,
): StaffAlertInput {
  const which = `${schedule}${period ? ` ${period}` : ''}`;
  return {
    kind: 'report-failed',
    at: new Date().toISOString(),
    title: [`报表发送失败：${which}`, `Report run failed: ${which}`],
    zh: [`定时报表未能发送（${error.name}），系统将自动重试；如仍失败请联系运维。`],
    en: [
      `The scheduled report was not sent (${error.name}); it is retried, and operations alerted if it keeps failing.`,
    ],
  };
}
