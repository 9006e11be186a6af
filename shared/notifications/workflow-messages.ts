/**
 * Messages of the approval workflow (R-APPR-1..3, R-PROC-4, R-PROC-5, R-PRICE-5, R-INTAKE-5):
 * who is told what at each step. Customers get their own language first.
 */
import { isQuotationId } from '../domain/quotation.ts';
import type { Order } from '../entities/order-entity.ts';
import type { OutgoingEmail } from '../ports.ts';
import { beijingTime, bilingualEmail, roleEn, roleZh, yuan } from './bilingual-email.ts';

/** What is approved: an order, or a quotation run through the same workflow (R-QUOTE-2). */
const noun = (o: Order) =>
  isQuotationId(o.orderId)
    ? { zh: '报价单', en: 'quotation', En: 'Quotation' }
    : { zh: '订单', en: 'order', En: 'Order' };

const ref = (o: Order) =>
  `${o.orderNumber}（${o.customer.company ?? o.customer.name}，${yuan(o.totalAmount)}）`;
const refEn = (o: Order) =>
  `${o.orderNumber} (${o.customer.company ?? o.customer.name}, ${yuan(o.totalAmount)})`;

export function approvalRequestEmail(
  order: Order,
  step: { role: string; deadline: string; escalatedFrom?: string },
  to: string,
  link: string,
): OutgoingEmail {
  const esc = step.escalatedFrom;
  const n = noun(order);
  return bilingualEmail({
    to: [to],
    subject: [`待审批：${n.zh} ${order.orderNumber}`, `Approval needed: ${n.en} ${order.orderNumber}`],
    zh: [
      `${n.zh} ${ref(order)} 需要您以${roleZh(step.role)}身份审批。`,
      ...(esc ? [`${roleZh(esc)}未在时限内处理，已升级至您。`] : []),
      `请在 ${beijingTime(step.deadline)} 前处理。链接仅可使用一次。`,
    ],
    en: [
      `${n.En} ${refEn(order)} needs your approval as ${roleEn(step.role)}.`,
      ...(esc ? [`The ${roleEn(esc)} did not decide in time; it was escalated to you.`] : []),
      `Please decide before ${step.deadline} (UTC). The link works once.`,
    ],
    link: { url: link, zh: '查看并审批', en: 'Review and decide' },
  });
}

export const reminderEmail = (
  order: Order,
  to: string[],
  role: string,
  escalatedTo?: string,
): OutgoingEmail =>
  bilingualEmail({
    to,
    subject: [
      `审批超时提醒：${noun(order).zh} ${order.orderNumber}`,
      `Approval overdue: ${noun(order).en} ${order.orderNumber}`,
    ],
    zh: [
      `${noun(order).zh} ${ref(order)} 的${roleZh(role)}审批已超过时限。`,
      escalatedTo ? `已升级至${roleZh(escalatedTo)}。` : '订单已暂停处理，并已通知销售。',
    ],
    en: [
      `The ${roleEn(role)} approval of ${noun(order).en} ${refEn(order)} is overdue.`,
      escalatedTo
        ? `It was escalated to the ${roleEn(escalatedTo)}.`
        : 'The order is on hold; sales were told.',
    ],
  });

export const staffNotice = (
  order: Order,
  to: string[],
  subject: [string, string],
  zh: string[],
  en: string[],
): OutgoingEmail =>
  bilingualEmail({
    to,
    subject,
    zh: [`${noun(order).zh} ${ref(order)}`, ...zh],
    en: [`${noun(order).En} ${refEn(order)}`, ...en],
  });

/** R-APPR-3: gm, the last approver, missed the deadline: sales follows up the held order. */
export const approvalOnHoldEmail = (order: Order, to: string[]): OutgoingEmail =>
  staffNotice(
    order,
    to,
    [`订单暂停：${order.orderNumber}`, `Order on hold: ${order.orderNumber}`],
    ['总经理未在时限内审批，订单已暂停，请跟进。'],
    ['is on hold: the general manager did not decide in time. Please follow up.'],
  );

export function shortageEmail(
  order: Order,
  to: string[],
  shortfall: { sku: string; name: string; short: number }[],
) {
  return staffNotice(
    order,
    to,
    [`库存不足：订单 ${order.orderNumber}`, `Stock shortage: order ${order.orderNumber}`],
    [
      '库存不足，订单已暂停。请与客户沟通替代方案：',
      ...shortfall.map((s) => `· ${s.sku} ${s.name}：缺 ${s.short}`),
    ],
    [
      'is on hold for lack of stock. Please offer the customer alternatives:',
      ...shortfall.map((s) => `· ${s.sku} ${s.name}: short by ${s.short}`),
    ],
  );
}

/**
 * The customer's word on the approval outcome (R-INTAKE-3). A rejection says so in a standard,
 * customer-facing message: the approver's reason is internal (history and sales, R-APPR-3) and
 * never reaches the customer; sales follow up in person.
 */
export function customerDecisionEmail(order: Order, outcome: 'approved' | 'rejected', link: string) {
  const approved = outcome === 'approved';
  return bilingualEmail({
    to: order.customer.email ? [order.customer.email] : [],
    englishFirst: order.language === 'en',
    subject: approved
      ? [`订单已确认 ${order.orderNumber}`, `Order confirmed ${order.orderNumber}`]
      : [`订单未能接受 ${order.orderNumber}`, `Order not accepted ${order.orderNumber}`],
    zh: approved
      ? [`${order.customer.name}，您好：`, `您的订单 ${order.orderNumber} 已审核通过，将安排生产和发货。`]
      : [
          `${order.customer.name}，您好：`,
          `很抱歉，您的订单 ${order.orderNumber} 目前未能接受。`,
          '我们的销售人员会尽快与您联系，说明情况并商讨可行的方案。',
        ],
    en: approved
      ? [
          `Dear ${order.customer.name},`,
          `Your order ${order.orderNumber} has been approved and will be scheduled for production and shipping.`,
        ]
      : [
          `Dear ${order.customer.name},`,
          `We are sorry: your order ${order.orderNumber} could not be accepted as it stands.`,
          'Our sales team will contact you shortly to explain and to find a way forward with you.',
        ],
    link: { url: link, zh: '查看订单状态', en: 'Track your order' },
  });
}

/** R-PROC-5: an order passed its processing deadline undecided and went to the general manager. */
export function slaBreachWords(order: Order): {
  title: [zh: string, en: string];
  zh: string[];
  en: string[];
  alertEn: string[];
} {
  return {
    title: [`订单处理超时：${order.orderNumber}`, `Order SLA breached: ${order.orderNumber}`],
    zh: ['收到后 2 个工作日内未完成审批，已升级至总经理。'],
    en: ['was not approved or rejected within 2 working days; escalated to the general manager.'],
    alertEn: ['Not approved or rejected within 2 working days; escalated to the general manager.'],
  };
}
