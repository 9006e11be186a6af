/**
 * Values as customers write them in an emailed order (R-INTAKE-6): money in yuan → integer
 * cents parsed from the digits (never through floating point), quantities with units, dates
 * with or without a year, phone numbers and email addresses inside free text. Each parser
 * returns the value or a reason (English and Chinese) the caller quotes with the line.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; messageZh: string };

const fail = (message: string, messageZh: string): Parsed<never> => ({ ok: false, message, messageZh });

/** A number as written: `1,234.56`, `12.5`, `20` (thousands separators in groups of three). */
export const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+`;
const WHOLE_NUMBER = new RegExp(`^(?:${NUMBER})$`);

/**
 * Yuan with at most 2 decimals → cents, exactly: `0.29` → 29, `1,234.56` → 123456. Currency
 * marks (¥ ￥ RMB CNY 元) around the number are allowed.
 */
export function parseCents(raw: string): Parsed<number> {
  const text = raw
    .normalize('NFKC')
    .replace(/^\s*(?:¥|RMB|CNY|人民币)\s*/i, '')
    .replace(/\s*(?:元|块|RMB|CNY)?(?:\s*\/\s*\S+)?\s*$/i, '')
    .trim();
  if (!WHOLE_NUMBER.test(text))
    return fail(`"${raw.trim()}" is not a price`, `“${raw.trim()}”不是有效的价格`);
  const [whole = '0', fraction = ''] = text.replace(/,/g, '').split('.');
  const extra = fraction.slice(2);
  if (/[1-9]/.test(extra))
    return fail(
      `Price ${raw.trim()} has more than 2 decimals (cents)`,
      `价格 ${raw.trim()} 超过两位小数（精确到分）`,
    );
  const cents = Number(whole || '0') * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(cents))
    return fail(`Price ${raw.trim()} is too large`, `价格 ${raw.trim()} 过大`);
  return { ok: true, value: cents };
}

/** Units customers put after a quantity: `20件`, `20 pcs`, `20箱`. */
export const QUANTITY_UNITS_WORDS =
  '件|个|只|台|套|箱|支|根|条|张|块|卷|袋|桶|包|盒|副|对|把|片|捆|托|吨|千克|公斤|米|kg|m|pcs|pc|pieces|piece|units|unit|sets|set|boxes|box|cartons|ctns|ctn|rolls|roll';
const UNIT_SUFFIX = new RegExp(`\\s*(?:${QUANTITY_UNITS_WORDS})\\.?$`, 'i');

/** A whole quantity, units allowed: `20`, `20件`, `1,000 pcs`. */
export function parseQuantity(raw: string): Parsed<number> {
  const text = raw.normalize('NFKC').trim().replace(UNIT_SUFFIX, '').trim();
  if (!WHOLE_NUMBER.test(text))
    return fail(`"${raw.trim()}" is not a quantity`, `“${raw.trim()}”不是有效的数量`);
  const value = Number(text.replace(/,/g, ''));
  if (!Number.isInteger(value))
    return fail(`Quantity ${raw.trim()} is not a whole number`, `数量 ${raw.trim()} 不是整数`);
  return { ok: true, value };
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const isReal = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;

/** Year, month, day as written; year undefined when left out. */
function dateParts(text: string): { y?: number; m: number; d: number; ambiguous?: true } | undefined {
  let m = /(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)/.exec(text);
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  // `5/12/2026`: day first or month first, as far as the numbers tell.
  m = /(?<!\d)(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?!\d)/.exec(text);
  if (m) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (a > 12) return { y, m: b, d: a };
    if (b > 12 || a === b) return { y, m: a, d: b };
    return { y, m: a, d: b, ambiguous: true };
  }
  m = new RegExp(`${MONTH_NAME}\\s+(\\d{1,2})(?!\\d)(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?`, 'i').exec(text);
  if (m)
    return {
      y: m[3] ? Number(m[3]) : undefined,
      m: MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1,
      d: Number(m[2]),
    };
  m = new RegExp(`(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_NAME}(?:,?\\s+(\\d{4}))?`, 'i').exec(text);
  if (m)
    return {
      y: m[3] ? Number(m[3]) : undefined,
      m: MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1,
      d: Number(m[1]),
    };
  m = /(?<!\d)(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)/.exec(text);
  if (m) return { m: Number(m[1]), d: Number(m[2]) };
  return undefined;
}

/**
 * A date → `YYYY-MM-DD`: `2026-12-05`, `2026/12/5`, `2026.12.5`, `2026年12月5日`, `Dec 5, 2026`;
 * without a year (`12月5日`, `12-05`) the next such day on or after `today` (Asia/Shanghai).
 * `25/12/2026` and `12/25/2026` are read; `5/12/2026` (day or month first?) is a problem.
 */
export function parseDate(raw: string, today: string): Parsed<string> {
  const parts = dateParts(raw.normalize('NFKC'));
  if (!parts) return fail(`"${raw.trim()}" is not a date`, `“${raw.trim()}”不是有效的日期`);
  const { m, d } = parts;
  if (parts.ambiguous)
    return fail(
      `${raw.trim()} could be read day first or month first; please write it as YYYY-MM-DD`,
      `${raw.trim()} 无法确定日和月的顺序，请按“年-月-日”填写`,
    );
  if (parts.y !== undefined) {
    if (!isReal(parts.y, m, d))
      return fail(`${raw.trim()} is not a real date`, `${raw.trim()} 不是有效的日期`);
    return { ok: true, value: iso(parts.y, m, d) };
  }
  const thisYear = Number(today.slice(0, 4));
  for (let y = thisYear; y <= thisYear + 8; y++) {
    if (isReal(y, m, d) && iso(y, m, d) >= today) return { ok: true, value: iso(y, m, d) };
  }
  return fail(`${raw.trim()} is not a real date`, `${raw.trim()} 不是有效的日期`);
}

/** The first phone number in the text, separators kept: `138-0013-8000（手机）` → `138-0013-8000`. */
export function parsePhone(raw: string): Parsed<string> {
  const m = /\+?\d[\d ()-]{5,22}\d/.exec(raw.normalize('NFKC'));
  return m
    ? { ok: true, value: m[0].trim() }
    : fail(`"${raw.trim()}" is not a phone number`, `“${raw.trim()}”不是有效的电话号码`);
}

/** The first email address in the text: `张三 <zhang@example.com>` → `zhang@example.com`. */
export function parseEmail(raw: string): Parsed<string> {
  const m = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/.exec(raw.normalize('NFKC'));
  return m
    ? { ok: true, value: m[0] }
    : fail(`"${raw.trim()}" is not an email address`, `“${raw.trim()}”不是有效的邮箱地址`);
}
