/**
 * The customer's emails about an after-sales case (R-AFTER-1, 4.2 保持良好的沟通): when it is
 * opened (with the first-response deadline) and when it is answered — resolved, refund granted
 * or rejected. Chinese first unless the order was placed in English.
 */
import type { CaseType } from '../domain/after-sales.ts';
import { signTrackingToken, trackingUrl } from '../domain/tracking-token.ts';
import type { AfterSalesCase } from '../entities/case-entity.ts';
import type { Order } from '../entities/order-entity.ts';
import { errorFields, log } from '../observability/logger.ts';
import type { Mailer, OutgoingEmail } from '../ports.ts';
import { beijingTime, bilingualEmail, yuan } from './bilingual-email.ts';

export const CASE_TYPE_NAMES: Record<CaseType, [zh: string, en: string]> = {
  complaint: ['投诉', 'complaint'],
  return: ['退货', 'return'],
  exchange: ['换货', 'exchange'],
  refund: ['退款', 'refund'],
  repair: ['维修', 'repair'],
  inquiry: ['咨询', 'inquiry'],
};

interface Link {
  url: string;
}

const base = (order: Order, link: Link, subject: [string, string]) => ({
  to: [order.customer.email!],
  englishFirst: order.language === 'en',
  subject: [`订单 ${order.orderNumber}：${subject[0]}`, `Order ${order.orderNumber}: ${subject[1]}`] as [
    string,
    string,
  ],
  link: { url: link.url, zh: '查看订单状态', en: 'Track your order' },
});

/** The case is registered; we answer by the deadline. */
export function caseOpenedEmail(order: Order, c: AfterSalesCase, link: Link): OutgoingEmail {
  const [zhType, enType] = CASE_TYPE_NAMES[c.caseType];
  const b = base(order, link, [`已受理您的${zhType}申请`, `your ${enType} request is registered`]);
  const amountZh = c.requestedAmount !== undefined ? `申请退款金额：${yuan(c.requestedAmount)}。` : '';
  const amountEn = c.requestedAmount !== undefined ? ` Refund requested: ${yuan(c.requestedAmount)}.` : '';
  return bilingualEmail({
    ...b,
    zh: [
      `${order.customer.name}，您好：`,
      `我们已受理您关于订单 ${order.orderNumber} 的${zhType}申请（售后单号 ${c.caseId}）。${amountZh}`,
      `我们将在 ${beijingTime(c.responseDeadline)} 前答复您。`,
    ],
    en: [
      `Dear ${order.customer.name},`,
      `We have registered your ${enType} request about order ${order.orderNumber} (case ${c.caseId}).${amountEn}`,
      `We will answer by ${beijingTime(c.responseDeadline).replace('北京时间', 'Beijing time')}.`,
    ],
  });
}

/** The case is answered: resolved (with how), refund granted (with the amount) or rejected (why). */
export function caseAnsweredEmail(
  order: Order,
  c: AfterSalesCase,
  how: 'resolve' | 'grant-refund' | 'reject',
  note: string | undefined,
  link: Link,
): OutgoingEmail {
  const [zhType, enType] = CASE_TYPE_NAMES[c.caseType];
  const words = {
    resolve: [`${zhType}已处理完毕`, `your ${enType} is resolved`],
    'grant-refund': ['退款已批准', 'your refund is granted'],
    reject: [`${zhType}申请未获通过`, `your ${enType} request was not accepted`],
  }[how] as [string, string];
  const b = base(order, link, words);
  const refundZh =
    how === 'grant-refund' && c.refundAmount !== undefined ? `退款金额：${yuan(c.refundAmount)}。` : '';
  const refundEn =
    how === 'grant-refund' && c.refundAmount !== undefined ? ` Refund: ${yuan(c.refundAmount)}.` : '';
  return bilingualEmail({
    ...b,
    zh: [
      `${order.customer.name}，您好：`,
      `您关于订单 ${order.orderNumber} 的售后单（${c.caseId}）：${words[0]}。${refundZh}`,
      ...(note ? [`说明：${note}`] : []),
      '如有疑问，请直接回复本邮件或联系您的销售代表。',
    ],
    en: [
      `Dear ${order.customer.name},`,
      `About order ${order.orderNumber}, case ${c.caseId}: ${words[1]}.${refundEn}`,
      ...(note ? [`Note: ${note}`] : []),
      'If you have any questions, reply to this email or contact your sales representative.',
    ],
  });
}

export interface CaseMailDeps {
  mailer: Mailer;
  trackingSecret: string;
  publicBaseUrl: string;
}

/**
 * Sends a case email to the order's customer, when the order has an email address. The case is
 * already stored: a mail failure is logged (ids only, never the address — R-SEC-1) and answered
 * as `false`, not thrown, so a retry never opens a second case.
 */
export async function tellCustomer(
  deps: CaseMailDeps,
  order: Order,
  c: AfterSalesCase,
  build: (link: Link) => OutgoingEmail,
): Promise<boolean> {
  if (!order.customer.email) return false;
  const url = trackingUrl(deps.publicBaseUrl, signTrackingToken(deps.trackingSecret, order.orderId));
  try {
    await deps.mailer.send(build({ url }));
    return true;
  } catch (error) {
    log().error('after-sales case email not sent', {
      orderId: order.orderId,
      caseId: c.caseId,
      ...errorFields(error),
    });
    return false;
  }
}
