/**
 * The lines of an email body worth reading for an order (R-INTAKE-6): quote marks removed
 * (quoted orders are read), forwarded-message headers, `… wrote:` lines and signatures left
 * out, full-width characters made plain; and the labelled fields (`label: value`) of a line.
 * Pure.
 */
import { FIELD_LABELS, type FieldKey, FORWARD_MARKER, MAIL_HEADER_LABELS } from './order-words.ts';

export interface MailLine {
  /** As written, without quote marks, trimmed: what problems and sources quote. */
  line: string;
  /** Full-width colons, digits, letters and spaces made plain (`widthFold`), without its bullet. */
  norm: string;
  /** `line` without its bullet: the same offsets as `norm`, for values in the customer's own characters. */
  orig: string;
  /** Quote depth: 0 for the sender's own text, 1 for `> …`, 2 for `> > …`. */
  depth: number;
}

/**
 * Full-width ASCII (`：`, `，`, `１２`, `ＳＫＵ`), the ideographic and non-breaking spaces and `￥`
 * made plain, one character for one, so offsets in the result are offsets in the line.
 */
export const widthFold = (s: string): string =>
  s.replace(/[\uff01-\uff5e\u3000\u00a0\uffe5]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (code === 0x3000 || code === 0xa0) return ' ';
    if (code === 0xffe5) return '¥';
    return String.fromCharCode(code - 0xfee0);
  });

const QUOTE_PREFIX = /^(?:[ \t]*[>＞])+[ \t]?/;
const BULLET = /^\s*(?:[-*•·●○◆◇▪■□►]+|\d{1,2}[.、)](?!\d)|\(\d{1,2}\)|[一二三四五六七八九十]+、)\s*/;
const WROTE = /(?:wrote|写道)\s*:\s*$/i;

/**
 * The body's lines worth reading, quote marks removed; `undefined` marks a paragraph break.
 * A signature (`-- `) is skipped up to the next forwarded message or change of quote depth.
 */
export function mailLines(text: string): (MailLine | undefined)[] {
  const out: (MailLine | undefined)[] = [];
  let signatureDepth: number | undefined;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const prefix = QUOTE_PREFIX.exec(raw)?.[0] ?? '';
    const depth = (prefix.match(/[>＞]/g) ?? []).length;
    const line = raw.slice(prefix.length).trim();
    const plain = widthFold(line);
    if (FORWARD_MARKER.test(plain)) {
      signatureDepth = undefined;
      out.push(undefined);
      continue;
    }
    if (signatureDepth !== undefined && depth === signatureDepth) continue;
    signatureDepth = undefined;
    if (plain === '--' || plain === '——') {
      signatureDepth = depth;
      out.push(undefined);
    } else if (plain === '' || WROTE.test(plain)) out.push(undefined);
    else {
      const bullet = BULLET.exec(plain)?.[0].length ?? 0;
      out.push({ line, norm: plain.slice(bullet), orig: line.slice(bullet), depth });
    }
  }
  return out;
}

const LABELS = [
  ...(Object.keys(FIELD_LABELS) as FieldKey[]).flatMap((key) => [
    ...FIELD_LABELS[key].zh.map((w) => ({ w, key: key as FieldKey | 'header', en: false })),
    ...FIELD_LABELS[key].en.map((w) => ({ w, key: key as FieldKey | 'header', en: true })),
  ]),
  ...MAIL_HEADER_LABELS.map((w) => ({ w, key: 'header' as const, en: false })),
].sort((a, b) => b.w.length - a.w.length);
const LABEL_OF = new Map(LABELS.map((l) => [l.w, l]));
const LABEL_ALT = LABELS.map((l) =>
  l.w.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&').replace(/ /g, String.raw`\s*`),
).join('|');
const LABELLED = new RegExp(`^(${LABEL_ALT})\\s*:\\s*(.*)$`, 'id');
/** A Chinese label followed by a space instead of a colon: `联系人 张三`. */
const LABELLED_BY_SPACE = new RegExp(
  `^(${LABELS.filter((l) => l.key !== 'header' && !l.en)
    .map((l) => l.w)
    .join('|')})\\s+(\\S.*)$`,
  'd',
);
/** Where a second label starts inside a labelled line: `联系人：张三，电话：138…`. */
const NEXT_LABEL = new RegExp(`[,;，；\\s]+(?=(?:${LABEL_ALT})\\s*:)`, 'i');

const labelInfo = (label: string) => LABEL_OF.get(label.toLowerCase().replace(/\s+/g, ' '));

/**
 * Labelled fields of one line (a notes value is never split), values as the customer wrote
 * them: found in `norm`, cut from `orig` at the same offsets. A line may start with a Chinese
 * label and a space (`电话 138…`); later labels on the line need their colon.
 */
export function labelledFields({
  norm,
  orig,
}: MailLine): { key: FieldKey | 'header'; en: boolean; value: string }[] {
  const out: { key: FieldKey | 'header'; en: boolean; value: string }[] = [];
  let start = 0;
  for (;;) {
    const m = LABELLED.exec(norm.slice(start)) ?? (start === 0 ? LABELLED_BY_SPACE.exec(norm) : null);
    const info = m ? labelInfo(m[1] ?? '') : undefined;
    const [from, to] = m?.indices?.[2] ?? [0, 0];
    if (!m || !info) return out;
    const next = info.key === 'notes' || info.key === 'header' ? null : NEXT_LABEL.exec(m[2] ?? '');
    const end = next ? from + next.index : to;
    out.push({ key: info.key, en: info.en, value: orig.slice(start + from, start + end) });
    if (!next) return out;
    start += end + next[0].length;
  }
}
