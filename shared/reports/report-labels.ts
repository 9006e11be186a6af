/**
 * The bilingual words of a report (R-REPORT-1, R-REPORT-2): the names of channels, statuses,
 * priorities, approval tiers and after-sales types, and the headline figures with their labels.
 * The tables (report-tables.ts) and the report email both read them, so they name things alike.
 */
import { durationWords } from '../domain/rush-settings.ts';
import { CHANGE_KEYS, type ChangeKey, type PeriodFigures } from './report.ts';

export type Pair = readonly [zh: string, en: string];

export const CHANNEL_NAMES: Record<string, Pair> = {
  web: ['网站', 'Web'],
  email: ['邮件', 'Email'],
  phone: ['电话', 'Phone'],
  fax: ['传真', 'Fax'],
  api: ['接口', 'API'],
  quotation: ['报价单', 'Quotation'],
};
export const STATUS_NAMES: Record<string, Pair> = {
  received: ['已受理', 'Received'],
  under_review: ['审核中', 'Under review'],
  approved: ['已批准', 'Approved'],
  rejected: ['已驳回', 'Rejected'],
  in_production: ['生产中', 'In production'],
  shipped: ['已发货', 'Shipped'],
  delivered: ['已交付', 'Delivered'],
  completed: ['已完成', 'Completed'],
  archived: ['已归档', 'Archived'],
  cancelled: ['已取消', 'Cancelled'],
  on_hold: ['暂停', 'On hold'],
};
export const PRIORITY_NAMES: Record<string, Pair> = {
  urgent: ['紧急', 'Urgent'],
  important: ['重要', 'Important'],
  normal: ['普通', 'Normal'],
};
export const TIER_NAMES: Record<string, Pair> = {
  ops: ['运营', 'Operations'],
  sales_director: ['销售总监', 'Sales director'],
  gm: ['总经理', 'General manager'],
};
export const AFTER_SALES_NAMES: Record<string, Pair> = {
  return: ['退货', 'Return'],
  exchange: ['换货', 'Exchange'],
  repair: ['维修', 'Repair'],
  refund: ['退款', 'Refund'],
  complaint: ['投诉', 'Complaint'],
};

/** `已受理 Received`; unknown keys as they are. */
export const label = (names: Record<string, Pair>, key: string): string => {
  const pair = names[key];
  return pair ? `${pair[0]} ${pair[1]}` : key;
};

/** A headline figure: its label, how it is shown, where it is in the figures. */
export interface Headline {
  key: ChangeKey;
  zh: string;
  en: string;
  kind: 'count' | 'amount' | 'share' | 'hours';
}

export const HEADLINES: readonly Headline[] = [
  { key: 'orders.count', zh: '订单数', en: 'Orders', kind: 'count' },
  { key: 'orders.amount', zh: '订单金额', en: 'Order amount', kind: 'amount' },
  { key: 'netAmount', zh: '净额（扣除退款）', en: 'Net amount (after refunds)', kind: 'amount' },
  {
    key: 'processing.toApproved.medianHours',
    zh: '受理至批准（中位，小时）',
    en: 'Received to approved (median, h)',
    kind: 'hours',
  },
  {
    key: 'processing.toDelivered.medianHours',
    zh: '受理至交付（中位，小时）',
    en: 'Received to delivered (median, h)',
    kind: 'hours',
  },
  { key: 'sla.breached', zh: '超过2个工作日未审批', en: 'Past the 2-working-day SLA', kind: 'count' },
  {
    key: 'rush.answeredWithinHourShare',
    zh: '紧急订单{decision}内答复率',
    en: 'Rush orders answered within {decision}',
    kind: 'share',
  },
  {
    key: 'rush.windowsCompleteShare',
    zh: '紧急订单每{interval}报告完成率',
    en: 'Rush report windows (every {interval}) with both reports',
    kind: 'share',
  },
  { key: 'rush.onTimeShare', zh: '紧急订单准时交付率', en: 'Rush orders delivered on time', kind: 'share' },
  { key: 'afterSales.cases', zh: '售后案件', en: 'After-sales cases', kind: 'count' },
  { key: 'afterSales.refunds.amount', zh: '退款金额', en: 'Refunds', kind: 'amount' },
];
// Every change key has a headline (a new key without one fails here, at load).
for (const key of CHANGE_KEYS) {
  if (!HEADLINES.some((h) => h.key === key)) throw new Error(`No headline for change key ${key}`);
}

/**
 * The headlines as a report shows them: `{decision}` and `{interval}` become the rush settings
 * the figures were measured against, so the labels follow RUSH_DECISION_MINUTES and
 * RUSH_REPORT_INTERVAL_MINUTES instead of saying "1 h" and "2-hour" whatever they are.
 */
export function headlinesOf(figures: Pick<PeriodFigures, 'rush'>): Headline[] {
  const decision = durationWords(figures.rush.decisionMinutes);
  const interval = durationWords(figures.rush.intervalMinutes);
  const fill = (text: string, lang: 'zh' | 'en'): string =>
    text.replaceAll('{decision}', decision[lang]).replaceAll('{interval}', interval[lang]);
  return HEADLINES.map((h) => ({ ...h, zh: fill(h.zh, 'zh'), en: fill(h.en, 'en') }));
}

/** The value of a dotted key in a period's figures. */
export function figure(figures: PeriodFigures, key: string): number | null {
  let value: unknown = figures;
  for (const part of key.split('.')) value = (value as Record<string, unknown> | null)?.[part];
  return typeof value === 'number' ? value : null;
}
