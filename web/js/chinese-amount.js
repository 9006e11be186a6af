// @ts-check
/**
 * An amount in fen written in Chinese capital numerals (大写金额), as on a sales order
 * confirmation or a delivery note: 壹仟零壹元零伍分, 贰拾元整, 壹亿元整. The digits in
 * groups of four (个、万、亿), a zero (零) said once where digits are skipped, 整 when there are
 * no fen. Negative amounts are led by 负.
 */
const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

/** One group of up to four digits, with its zeros; `''` for 0. */
function group(n) {
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d] + UNITS[i];
  }
  return out;
}

/** The yuan part (a whole number) in capital numerals, without 元. */
function yuanText(yuan) {
  if (yuan === 0) return '零';
  const groups = [];
  for (let n = yuan; n > 0; n = Math.floor(n / 10_000)) groups.push(n % 10_000);
  let out = '';
  let pendingZero = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] ?? 0;
    if (g === 0) {
      if (out) pendingZero = true;
      continue;
    }
    // A zero between groups: a skipped group, or a group under 1000 after a higher one.
    if (out && (pendingZero || g < 1000)) out += '零';
    pendingZero = false;
    out += group(g) + GROUPS[i];
  }
  return out;
}

/**
 * @param {number} fen an integer amount in fen (分)
 * @returns {string} e.g. `壹仟零壹元零伍分`
 */
export function chineseAmount(fen) {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`Not a whole number of fen: ${fen}`);
  if (fen < 0) return `负${chineseAmount(-fen)}`;
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  if (fen === 0) return '零元整';
  let out = yuan > 0 ? `${yuanText(yuan)}元` : '';
  if (jiao === 0 && cents === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += '零';
  if (cents > 0) out += `${DIGITS[cents]}分`;
  else out += '整';
  return out;
}
