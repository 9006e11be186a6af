/**
 * The words of the approval pages (shared/notifications/approval-pages.ts): every phrase in
 * Chinese and English side by side, so neither can be forgotten.
 */

import { shanghai } from './approval-page-format.ts';
import type { ApprovalOutcome, OutcomeDetails, PageLanguage } from './approval-pages.ts';

export const other = (lang: PageLanguage): PageLanguage => (lang === 'en' ? 'zh-CN' : 'en');

/**
 * What the page approves (R-QUOTE-2): the one approval workflow approves orders and quotations,
 * and a quotation's number starts with `QT` (shared/domain/quotation.ts), so the page names a
 * quotation 报价单 / quotation and an order 订单 / order.
 */
export const isQuotationNumber = (n?: string): boolean => !!n && /^QT/.test(n);
const noun = (n?: string): Pair<string> =>
  isQuotationNumber(n) ? ['报价单', 'quotation'] : ['订单', 'order'];
const Noun = (n?: string): string => (isQuotationNumber(n) ? 'Quotation' : 'Order');

export type Pair<T> = readonly [zh: T, en: T];
export const ROLE: Record<string, Pair<string>> = {
  ops: ['运营', 'Operations'],
  sales_director: ['销售总监', 'Sales director'],
  gm: ['总经理', 'General manager'],
};
export const PRIORITY: Record<string, Pair<string>> = {
  normal: ['普通', 'Normal'],
  important: ['重要', 'Important'],
  urgent: ['紧急', 'Urgent'],
};
export const PAYMENT: Record<string, Pair<string>> = {
  bank_transfer: ['银行转账', 'Bank transfer'],
  alipay: ['支付宝', 'Alipay'],
  wechat_pay: ['微信支付', 'WeChat Pay'],
  cash_on_delivery: ['货到付款', 'Cash on delivery'],
  monthly_settlement: ['月结', 'Monthly settlement'],
};
export const OUTCOME_TITLE: Record<ApprovalOutcome, Pair<string>> = {
  approved: ['已批准', 'Approved'],
  rejected: ['已驳回', 'Rejected'],
  'already-decided': ['已处理', 'Already decided'],
  expired: ['已过期', 'Expired'],
  superseded: ['链接已更新', 'Link replaced'],
  invalid: ['链接无效', 'Link not valid'],
  'own-order': ['不能审批', 'Not permitted'],
  'not-allowed': ['无权审批', 'Not permitted'],
  'reason-required': ['请填写原因', 'Reason required'],
  error: ['出错了', 'Something went wrong'],
};

/** Every other phrase, Chinese and English side by side so neither can be forgotten. */
export const TEXT = {
  app: ['订单台', 'Order desk'],
  title: [(n: string) => `审批${noun(n)[0]} ${n}`, (n: string) => `Approve ${noun(n)[1]} ${n}`],
  step: [(role: string) => `本步审批：${role}`, (role: string) => `This step: ${role}`],
  escalated: [
    (role: string) => `因${role}未在时限内处理，本步已升级至您审批（R-APPR-2）。`,
    (role: string) => `Escalated to you because ${role} did not answer in time (R-APPR-2).`,
  ],
  customer: ['客户', 'Customer'],
  company: ['公司', 'Company'],
  total: [(n?: string) => `${noun(n)[0]}合计`, (n?: string) => `${Noun(n)} total`],
  requestedDate: ['要求交货日期', 'Requested delivery'],
  payment: ['付款方式', 'Payment method'],
  deadline: ['审批截止', 'Decide by'],
  beijing: ['（北京时间）', ' (Beijing time)'],
  items: [(n?: string) => `${noun(n)[0]}明细`, (_n?: string) => 'Lines'],
  listPrice: ['价目价', 'List price'],
  lastPrice: ['上次成交价', 'Last price'],
  noPrice: ['无', 'none'],
  tier: [(role: string) => `需${role}审批`, (role: string) => `Needs ${role}`],
  belowList: [
    (p: string, l: string) => `单价低于价目价（${p} < ${l}）`,
    (p: string, l: string) => `Below list price (${p} < ${l})`,
  ],
  belowLast: [
    (p: string, l: string) => `单价低于上次成交价（${p} < ${l}）`,
    (p: string, l: string) => `Below last price (${p} < ${l})`,
  ],
  noList: ['该产品无价目价', 'No list price for this product'],
  atOrAbove: ['单价不低于价目价和上次成交价', 'At or above list and last price'],
  chain: ['审批顺序', 'Approvers in order'],
  approvedBy: [
    (who: string, at: string) => `已批准：${who}，${at}`,
    (who: string, at: string) => `Approved by ${who}, ${at}`,
  ],
  current: ['等待您的决定', 'Waiting for your decision'],
  later: ['待后续审批', 'Later'],
  timedOut: ['超时未处理，已升级', 'No answer in time, escalated'],
  decide: ['您的决定', 'Your decision'],
  reason: ['原因（驳回时必填）', 'Reason (required to reject)'],
  reasonHint: [
    '批准时可不填；驳回时必须说明原因。原因只记入处理记录并通知销售人员，不发给客户（客户收到标准通知，由销售跟进）。',
    'Optional when approving; a rejection needs a reason. It goes into the history and to sales, never to the customer (who gets a standard notice; sales follow up).',
  ],
  approve: ['批准', 'Approve'],
  reject: ['驳回', 'Reject'],
  once: [
    (email: string) => `此链接专属于 ${email}，只能使用一次，请勿转发。截止时间过后将自动升级。`,
    (email: string) =>
      `This link is for ${email} only and works once; do not forward it. After the deadline it escalates.`,
  ],
  footer: ['订单台 · 审批页面', 'Order desk · approval page'],
  order: [
    (n?: string) => (n ? `${noun(n)[0]} ${n}` : '该订单'),
    (n?: string) => (n ? `${noun(n)[1]} ${n}` : 'this order'),
  ],
  decided: [
    (d?: string) => (d === 'reject' ? '驳回' : d === 'approve' ? '批准' : '处理'),
    (d?: string) => (d === 'reject' ? 'rejected' : d === 'approve' ? 'approved' : 'decided'),
  ],
  someone: ['其他审批人', 'another approver'],
  back: ['返回审批页面', 'Back to the approval page'],
} as const;

export const at = (lang: PageLanguage): 0 | 1 => (lang === 'en' ? 1 : 0);
type Widen<T> = T extends string ? string : T;
export type Words = { [K in keyof typeof TEXT]: Widen<(typeof TEXT)[K][0]> };
export const pick = (i: 0 | 1) =>
  Object.fromEntries(Object.entries(TEXT).map(([k, v]) => [k, v[i]])) as unknown as Words;
export const WORDS: Record<PageLanguage, Words> = { 'zh-CN': pick(0), en: pick(1) };
export const from = (table: Record<string, Pair<string>>, code: string, lang: PageLanguage): string =>
  table[code]?.[at(lang)] ?? code;
export const roleName = (lang: PageLanguage, role: string): string => from(ROLE, role, lang);

/** The outcome sentence in one language. */
export function sentence(outcome: ApprovalOutcome, d: OutcomeDetails, lang: PageLanguage): string {
  const w = WORDS[lang];
  const n = d.orderNumber;
  const when = d.decidedAt ? shanghai(d.decidedAt) : undefined;
  const to = d.escalatedTo ? roleName(lang, d.escalatedTo) : undefined;
  if (lang === 'en') {
    const order = w.order(n);
    return {
      approved: `${n ? `${Noun(n)} ${n}` : 'The order'} approved. Thank you, your decision has been recorded.`,
      rejected: `${n ? `${Noun(n)} ${n}` : 'The order'} rejected. Sales will be told the reason.`,
      'already-decided': `This step of ${order} was already ${w.decided(d.decision)} by ${d.decidedBy ?? w.someone}${when ? ` on ${when} (Beijing time)` : ''}. Nothing more to do.`,
      expired: `The deadline for ${order} has passed; the approval was escalated${to ? ` to ${to}` : ''}.`,
      superseded: 'This link was replaced by a newer request. Use the link in the latest email.',
      invalid: 'This link is not valid. Open the link from your email exactly as it was sent.',
      'own-order': `You may not approve your own ${noun(n)[1]}.`,
      'not-allowed': `Your role may not decide this step of ${order}.`,
      'reason-required': 'A rejection needs a reason. Go back and write why.',
      error: 'Something went wrong and your decision was not recorded. Please open the link again later.',
    }[outcome];
  }
  const order = w.order(n);
  return {
    approved: `已批准${order}。感谢，您的决定已记录。`,
    rejected: `已驳回${order}。驳回原因将通知销售人员。`,
    'already-decided': `${order}的这一步已由 ${d.decidedBy ?? w.someone}${when ? ` 于 ${when}（北京时间）` : ''}${w.decided(d.decision)}，无需再次处理。`,
    expired: `${order}的审批时限已过，已升级至${to ?? '上一级'}审批。`,
    superseded: '此链接已被更新的审批请求取代，请使用最新邮件中的链接。',
    invalid: '链接无效。请完整打开邮件中的链接。',
    'own-order': `您不能审批自己的${noun(n)[0]}。`,
    'not-allowed': `您的角色无权审批${order}的这一步。`,
    'reason-required': '驳回时必须填写原因，请返回填写。',
    error: '系统暂时出错，您的决定未被记录，请稍后重新打开链接重试。',
  }[outcome];
}
