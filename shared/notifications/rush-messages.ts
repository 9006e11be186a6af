/**
 * What staff read about a rush order (R-RUSH-2..5): the application, the escalation, the hold
 * and the task group. The durations come from the rush settings, never a fixed "1 hour".
 */
import { durationWords, type RushSettings } from '../domain/rush-settings.ts';
import type { Order } from '../entities/order-entity.ts';
import type { RushInfo } from '../entities/rush-entity.ts';
import type { OutgoingEmail } from '../ports.ts';
import { beijingTime, bilingualEmail } from './bilingual-email.ts';
import { staffNotice } from './workflow-messages.ts';

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

/** R-RUSH-2: production and logistics assess the application. */
export function rushApplicationEmail(
  order: Order,
  rush: RushInfo,
  to: string[],
  shortfall: readonly { sku: string; short: number }[] = [],
): OutgoingEmail {
  const { zh, en } = rushLines(rush);
  const items = order.items.map((i) => `${i.sku} ${i.name} × ${i.quantity}`);
  if (shortfall.length) {
    zh.push(`库存不足：${shortfall.map((s) => `${s.sku} 缺 ${s.short}`).join('，')}`);
    en.push(`Short of stock: ${shortfall.map((s) => `${s.sku} short by ${s.short}`).join(', ')}`);
  }
  return staffNotice(
    order,
    to,
    [`紧急订单申请：${order.orderNumber}`, `Rush order application: ${order.orderNumber}`],
    ['紧急订单申请，请评估产能与物流：', ...zh, ...items],
    ['is a rush application: please assess capacity and logistics.', ...en, ...items],
  );
}

/** R-RUSH-3: the sales rep is told that gm was asked. */
export function rushEscalatedEmail(order: Order, to: string[], settings: RushSettings): OutgoingEmail {
  const within = durationWords(settings.decisionMinutes);
  return staffNotice(
    order,
    to,
    [`紧急订单已升级：${order.orderNumber}`, `Rush order escalated: ${order.orderNumber}`],
    [`${within.zh}内未获领导答复，已升级至总经理。请告知客户进展。`],
    [
      `got no leadership answer within ${within.en} and was escalated to the general manager. Please keep the customer informed.`,
    ],
  );
}

/** R-RUSH-3: the text gm gets by SMS when asked. */
export function rushEscalatedSms(
  order: Order,
  phone: string,
  settings: RushSettings,
): { to: string; text: string } {
  return {
    to: phone,
    text: `【订单服务】紧急订单 ${order.orderNumber} ${durationWords(settings.decisionMinutes).zh}内未获答复，请审批。`,
  };
}

/** R-RUSH-3: gm did not answer either. */
export const rushOnHoldEmail = (order: Order, to: string[]): OutgoingEmail =>
  staffNotice(
    order,
    to,
    [`紧急订单暂停：${order.orderNumber}`, `Rush order on hold: ${order.orderNumber}`],
    ['总经理也未及时答复，订单已暂停。'],
    ['is on hold: the general manager did not answer in time either.'],
  );

/** R-RUSH-5: the task group is formed and told how often it reports. */
export function rushTaskGroupEmail(
  order: Order,
  to: string[],
  group: { lead: string; sales: string; production: string; logistics: string },
  settings: RushSettings,
): OutgoingEmail {
  const every = durationWords(settings.intervalMinutes);
  return staffNotice(
    order,
    to,
    [`紧急订单专项小组：${order.orderNumber}`, `Rush task group: ${order.orderNumber}`],
    [
      `已接受，专项小组：负责人 ${group.lead}，销售 ${group.sales}，生产 ${group.production}，物流 ${group.logistics}。`,
      `销售与生产每 ${every.zh}报告一次进度，直至交货。`,
    ],
    [
      `was accepted. Task group: lead ${group.lead}, sales ${group.sales}, production ${group.production}, logistics ${group.logistics}.`,
      `Sales and production report progress every ${every.en} until delivery.`,
    ],
  );
}

/** R-RUSH-6: a role missed a window's progress report; twice in a row, the lead is told too. */
export function rushReportMissedEmail(
  order: Order,
  to: string[],
  role: 'sales' | 'production',
  missedInARow: number,
): OutgoingEmail {
  const twice = missedInARow >= 2;
  return staffNotice(
    order,
    to,
    twice
      ? [`进度报告连续缺失：${order.orderNumber}`, `Progress reports missed twice: ${order.orderNumber}`]
      : [`请提交进度报告：${order.orderNumber}`, `Progress report due: ${order.orderNumber}`],
    [
      `${role === 'sales' ? '销售' : '生产'}未在本时段提交进度报告${twice ? '（连续两次，已通知专项小组负责人）' : ''}。`,
    ],
    [
      `No ${role} progress report in this window${twice ? ' (second in a row; the task-group lead is told)' : ''}.`,
    ],
  );
}

/** What staff read about one event: the title, the Chinese lines, and the English lines. */
export interface StaffWords {
  title: [zh: string, en: string];
  zh: string[];
  /** Continues "Order <number> …" in an email (staffNotice). */
  en: string[];
  /** Stands alone in a group-robot alert. */
  alertEn: string[];
}

/** R-RUSH-8: overtime was reported; the safety officer sees to overtime safety. */
export function overtimeWords(order: Order, role: 'sales' | 'production'): StaffWords {
  return {
    title: [`加班安全提醒：${order.orderNumber}`, `Overtime safety reminder: ${order.orderNumber}`],
    zh: [`紧急订单安排了加班（${role === 'sales' ? '销售' : '生产'}报告）。请落实加班安全措施。`],
    en: [`has overtime staffing (reported by ${role}). Please see to overtime safety.`],
    alertEn: [`Overtime staffing (reported by ${role}). Please see to overtime safety.`],
  };
}

/** R-RUSH-4: the rush order was not accepted; sales passes production's explanation on. */
export function rushNotAcceptedEmail(order: Order, to: string[], explanation: string): OutgoingEmail {
  return staffNotice(
    order,
    to,
    [`紧急订单未被接受：${order.orderNumber}`, `Rush order not accepted: ${order.orderNumber}`],
    [`未被接受。生产说明（请转告客户）：${explanation}`],
    [`was not accepted. Production's explanation, for the customer: ${explanation}`],
  );
}

/** R-RUSH-7: the customer of a delivered rush order is asked how satisfied they are. */
export function rushFeedbackEmail(order: Order, link: string): OutgoingEmail {
  return bilingualEmail({
    to: [order.customer.email!],
    englishFirst: order.language === 'en',
    subject: [`请评价订单 ${order.orderNumber}`, `How did we do? Order ${order.orderNumber}`],
    zh: [
      `${order.customer.name}，您好：`,
      `您的紧急订单 ${order.orderNumber} 已送达。请花一分钟告诉我们您是否满意。`,
    ],
    en: [
      `Dear ${order.customer.name},`,
      `Your rush order ${order.orderNumber} was delivered. Please take a minute to tell us how satisfied you are.`,
    ],
    link: { url: link, zh: '评价本次订单', en: 'Rate this order' },
  });
}

/** R-RUSH-7: the task group writes the post-delivery review. */
export function rushReviewEmail(order: Order, to: string[], link: string): OutgoingEmail {
  return bilingualEmail({
    to,
    subject: [`请填写交付复盘：${order.orderNumber}`, `Post-delivery review: ${order.orderNumber}`],
    zh: [`紧急订单 ${order.orderNumber} 已交付。请专项小组填写交付复盘：做得好的、出现的问题、改进措施。`],
    en: [
      `Rush order ${order.orderNumber} was delivered. Please record the task group's review: what went well, what went wrong, actions.`,
    ],
    link: { url: link, zh: '填写复盘', en: 'Write the review' },
  });
}

/** The rush workflow stopped on an error its retries did not cure: the order is held. */
export function rushHeldEmail(order: Order, to: string[], error: string): OutgoingEmail {
  return staffNotice(
    order,
    to,
    [`紧急订单暂停：${order.orderNumber}`, `Rush order on hold: ${order.orderNumber}`],
    [`流程出错（${error}），订单已暂停，请人工处理。`],
    [`is on hold: the rush workflow stopped (${error}). Please handle it by hand.`],
  );
}
