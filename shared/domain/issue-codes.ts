/**
 * Stable codes for validation issues. Entry points answer `{ path, message, code?, params? }`:
 * `message` is English for people reading the API, `code` (and `params`) is what a page or an
 * email reply translates — never the English text itself. One table says, per code, the English
 * message the schemas write and its Chinese, so the browser (web/js/i18n.js maps codes to its
 * own strings), the email replies and the API cannot drift apart (R-INTAKE-2).
 */
import type { FieldIssue } from './errors.ts';

export interface CodedIssue extends FieldIssue {
  code?: IssueCode;
  params?: Record<string, string>;
}

interface IssueRule {
  /** The English message (a pattern when it carries a value; named groups become `params`). */
  en: RegExp;
  zh: (params: Record<string, string>) => string;
}

const rules = {
  required: { en: /^Required$/, zh: () => '缺少此项' },
  'unknown-sku': { en: /^Unknown SKU (?<sku>.+)$/, zh: (p) => `未知的产品编号 ${p['sku']}` },
  'contact-required': { en: /^Give a phone number or an email address$/, zh: () => '请提供联系电话或邮箱' },
  'date-past': { en: /^The requested delivery date is in the past$/, zh: () => '交货日期已过' },
  date: { en: /^Must be a date YYYY-MM-DD$/, zh: () => '日期格式应为 YYYY-MM-DD' },
  phone: { en: /^Not a phone number$/, zh: () => '不是有效的电话号码' },
  email: { en: /^(Not an email address|Give the handler’s email address)$/, zh: () => '不是有效的邮箱地址' },
  'items-required': { en: /^At least one item$/, zh: () => '至少需要一项产品' },
  'at-least-one': { en: /^Must be at least 1$/, zh: () => '至少为 1' },
  integer: { en: /^(Must be an integer|Must be a whole number)/, zh: () => '应为整数' },
  number: { en: /^(Expected number, received|Must be a number$)/, zh: () => '应为数字' },
  cents: { en: /^(Must be a number \(cents\)|Must be whole cents)$/, zh: () => '金额应为整数（分）' },
  negative: { en: /^Must not be negative$/, zh: () => '不能为负数' },
  'too-large': { en: /^Too large$/, zh: () => '数值过大' },
  'too-long': { en: /^At most (?<max>\d+) characters$/, zh: (p) => `最多 ${p['max']} 个字符` },
  'line-total': {
    en: /^Line total .* above the limit of (?<limit>[\d,.]+) yuan$/,
    zh: (p) => `该行金额（数量 × 单价）超过上限 ${p['limit']} 元`,
  },
  'order-total': {
    en: /^Order total is above the limit of (?<limit>[\d,.]+) yuan$/,
    zh: (p) => `订单总额超过上限 ${p['limit']} 元`,
  },
  'visible-text': { en: /^Must contain visible characters$/, zh: () => '应包含可见文字' },
  'control-characters': { en: /^Must not contain control characters/, zh: () => '不能包含控制字符或换行' },
  'reason-required': { en: /^Required when rejecting$/, zh: () => '驳回时须填写原因' },
  // After-sales cases (R-AFTER-1): amounts in fen as params, worded by the page in yuan.
  'refund-over': {
    en: /^At most (?<max>\d+) cents may be refunded/,
    zh: (p) => `最多可退 ${(Number(p['max']) / 100).toFixed(2)} 元（订单金额减已退款）`,
  },
  'refund-over-asked': {
    en: /^At most the (?<max>\d+) cents asked for$/,
    zh: (p) => `不能超过申请的 ${(Number(p['max']) / 100).toFixed(2)} 元`,
  },
  'case-not-shipped': {
    en: /^A (?<caseType>\w+) case needs an order that has been shipped; this one is (?<status>\w+)$/,
    zh: () => '退货、换货、退款和维修需在订单发货之后办理',
  },
  'case-note-required': { en: /^Say how the case was answered$/, zh: () => '请说明如何处理了此案件' },
  // Report periods (R-REPORT-2).
  'period-date': { en: /^Must be a real date YYYY-MM-DD$/, zh: () => '应为真实日期 YYYY-MM-DD' },
  'period-order': { en: /^Must be on or after/, zh: () => '结束日期不能早于开始日期' },
  'period-too-long': {
    en: /^The period is (?<days>\d+) days; at most (?<max>\d+)$/,
    zh: (p) => `统计期间为 ${p['days']} 天，最多 ${p['max']} 天`,
  },
} as const satisfies Record<string, IssueRule>;

export type IssueCode = keyof typeof rules;
export const ISSUE_CODES = Object.keys(rules) as IssueCode[];

/** The code and params of an English issue message, when it is one of the table's. */
export function codeOf(message: string): { code: IssueCode; params?: Record<string, string> } | undefined {
  for (const code of ISSUE_CODES) {
    const m = rules[code].en.exec(message);
    if (!m) continue;
    const params = m.groups ? { ...m.groups } : undefined;
    return params && Object.keys(params).length ? { code, params } : { code };
  }
  return undefined;
}

/** The issue with its code added (unchanged when the message has none). */
export function coded(issue: FieldIssue): CodedIssue {
  const c = (issue as CodedIssue).code ? undefined : codeOf(issue.message);
  return c ? { ...issue, ...c } : issue;
}

/** The Chinese of an issue message, when the table knows it. */
export function issueInChinese(message: string): string | undefined {
  const c = codeOf(message);
  return c ? rules[c.code].zh(c.params ?? {}) : undefined;
}
