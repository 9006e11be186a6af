/**
 * One item line of an emailed order (R-INTAKE-6), in the forms customers write:
 * `SKU-001 x 20 @ 12.50`, `SKU-001 × 20 @ ¥12.5`, `SKU-001 *20 单价12.5元`,
 * `产品 SKU-001 数量 20 单价 12.5`, `货号：SKU-001，数量：20，单价：12.50`,
 * `Item SKU-001 qty 20 price 12.50`, and table rows `SKU-001 | 20 | 12.50`. Pure.
 */
import { NUMBER, type Parsed, parseCents, parseQuantity, QUANTITY_UNITS_WORDS } from './order-values.ts';
import { ITEM_LABELS, type ItemKey, wordPattern } from './order-words.ts';

/** A product code as the catalogue writes them: `BRG-6204`, `MTR-Y2-1.5`, `PMP-CUSTOM` (also in `BRG-6204x20`). */
export const SKU_PATTERN =
  /(?<![\w@./-])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+(?:\.[0-9]+)?)+(?:(?![\w@-])|(?=[x×*]\s*\d))/;

export interface ItemLineFields {
  sku: string;
  quantity?: number;
  unitPrice?: number;
  spec?: string;
  packaging?: string;
}

export interface ItemLineProblem {
  field: 'sku' | 'quantity' | 'unitPrice';
  message: string;
  messageZh: string;
}

export interface ItemLineResult {
  item?: ItemLineFields;
  problems: ItemLineProblem[];
  /** Labels seen, by language (for the order's language). */
  labels: { zh: number; en: number };
}

const labelsOf = (key: ItemKey) =>
  [...ITEM_LABELS[key].zh, ...ITEM_LABELS[key].en].sort((a, b) => b.length - a.length);
const alternation = (words: string[]) =>
  words.map((w) => wordPattern(w).replace(/ /g, String.raw`\s*`)).join('|');

const ALL_LABELS = alternation(
  (Object.keys(ITEM_LABELS) as ItemKey[]).flatMap(labelsOf).sort((a, b) => b.length - a.length),
);
const SEP = String.raw`[,;，；|\t]`;
const textField = (key: ItemKey) =>
  new RegExp(
    `(?:${alternation(labelsOf(key))})\\s*[:：]?\\s*(.+?)\\s*(?=${SEP}|\\s(?:${ALL_LABELS})|$)`,
    'i',
  );
const SPEC = textField('spec');
const PACKAGING = textField('packaging');
const SKU_LABEL = new RegExp(`^(?:${alternation(labelsOf('sku'))})\\s*[:：]?\\s*([^\\s,;，；|]+)`, 'i');
/** A number ends at a space, a separator or a unit, not inside `12.5.3`. */
const NUMBER_END = String.raw`(?=$|[\s,;，；|/@元块]|[^\d.,a-z])`;
const PRICE_LABEL = new RegExp(
  `(?:${alternation(labelsOf('unitPrice'))}|@)\\s*[:：为是]?\\s*((?:¥|RMB|CNY|人民币)?\\s*(?:${NUMBER})${NUMBER_END}\\s*(?:元|块)?(?:/[^\\s,;，；|]+)?|[^\\s,;，；|]*)`,
  'i',
);
const QTY_LABEL = new RegExp(
  `(?:${alternation(labelsOf('quantity'))})\\s*[:：为是]?\\s*((?:${NUMBER})${NUMBER_END}\\s*(?:${QUANTITY_UNITS_WORDS})?(?![a-z])|[^\\s,;，；|@]*)`,
  'i',
);
const MULTIPLIER = new RegExp(
  String.raw`(?:^|\s)[x×*]\s*(${NUMBER})(\s*(?:${QUANTITY_UNITS_WORDS})(?![a-z]))?`,
  'i',
);
const CURRENCY_PRICE = new RegExp(String.raw`(?:¥|RMB|CNY)\s*(${NUMBER})(?:\s*元)?`, 'i');
const YUAN_PRICE = new RegExp(String.raw`(?<![\w.])(${NUMBER})\s*元`);
const UNIT_QTY = new RegExp(String.raw`(?<![\w.])(${NUMBER})\s*(?:${QUANTITY_UNITS_WORDS})(?![a-z])`, 'i');
const BARE_NUMBER = new RegExp(String.raw`(?<![\w.\-])(?:${NUMBER})(?![\w.\-])`, 'g');

/** Removes what a pattern matched, so the next pattern does not read it again. */
function take(text: { rest: string }, re: RegExp): RegExpExecArray | undefined {
  const m = re.exec(text.rest);
  if (!m) return undefined;
  text.rest = `${text.rest.slice(0, m.index)} ${text.rest.slice(m.index + m[0].length)}`;
  return m;
}

function countLabels(line: string): { zh: number; en: number } {
  const labels = { zh: 0, en: 0 };
  for (const key of Object.keys(ITEM_LABELS) as ItemKey[]) {
    for (const w of ITEM_LABELS[key].zh) if (line.includes(w)) labels.zh++;
    for (const w of ITEM_LABELS[key].en) if (new RegExp(wordPattern(w), 'i').test(line)) labels.en++;
  }
  return labels;
}

/**
 * A quantity or price with its number (`数量 20`, `单价：12.5`, `@ 13`, `x 20 … 元`): an item line
 * even without a code in the catalogue's form (`brg-6204 x 20 @ 13`), so it is read or reported,
 * never skipped as free text.
 */
const ITEM_CUE =
  /(?:数量|单价|(?<![a-z])(?:qty|quantity|unit price|price)(?![a-z]))\s*[:：]?\s*[¥]?\d|@\s*[¥]?\s*\d|(?:^|\s)[x×*]\s*\d.*(?:@|单价|元|¥)/i;
/** Any-case product code, read only on a line with an item cue, then uppercased. */
const LOOSE_SKU = /(?<![\w@./-])[A-Za-z][A-Za-z0-9]+(?:-[A-Za-z0-9]+(?:\.[0-9]+)?)+(?![\w@-])/;

/** Does the line look like an item line (a product code, or an item label with a colon)? */
export function isItemLine(normalized: string): boolean {
  return (
    SKU_PATTERN.test(normalized) ||
    (SKU_LABEL.test(normalized) && /[:：]/.test(normalized)) ||
    ITEM_CUE.test(normalized)
  );
}

/** Reads one item line (full-width characters already made plain, without its bullet). */
export function parseItemLine(normalized: string): ItemLineResult {
  const text = { rest: normalized };
  const problems: ItemLineProblem[] = [];
  const skuMatch = take(text, SKU_PATTERN) ?? (ITEM_CUE.test(normalized) ? take(text, LOOSE_SKU) : undefined);
  let sku = skuMatch?.[0].toUpperCase();
  // Counted without the code: `SKU-001` is not the English label "SKU".
  const labels = countLabels(text.rest);
  // The label before the code (产品 / Item / 货号：) is not a value.
  text.rest = text.rest.replace(new RegExp(`^\\s*(?:${alternation(labelsOf('sku'))})\\s*[:：]?`, 'i'), ' ');
  if (!sku) {
    const labelled = take(text, SKU_LABEL);
    sku = labelled?.[1];
  }
  if (!sku)
    return {
      problems: [{ field: 'sku', message: 'No product code (SKU)', messageZh: '缺少产品编号（货号）' }],
      labels,
    };
  const item: ItemLineFields = { sku };
  const spec = take(text, SPEC)?.[1]?.trim();
  if (spec) item.spec = spec;
  const packaging = take(text, PACKAGING)?.[1]?.trim();
  if (packaging) item.packaging = packaging;

  let price: Parsed<number> | undefined;
  const labelledPrice = take(text, PRICE_LABEL);
  if (labelledPrice) price = parseCents(labelledPrice[1] || labelledPrice[0]);
  else {
    const m = take(text, CURRENCY_PRICE) ?? take(text, YUAN_PRICE);
    if (m) price = parseCents(m[1] ?? '');
  }
  let quantity: Parsed<number> | undefined;
  const labelledQty = take(text, QTY_LABEL);
  if (labelledQty) quantity = parseQuantity(labelledQty[1] || labelledQty[0]);
  else {
    const m = take(text, MULTIPLIER) ?? take(text, UNIT_QTY);
    if (m) quantity = parseQuantity(m[1] ?? '');
  }
  // A table row: the numbers left, in order, fill what is still missing (quantity, then price).
  const bare = [...text.rest.matchAll(BARE_NUMBER)].map((m) => m[0]);
  const missing = [quantity ? undefined : 'quantity', price ? undefined : 'unitPrice'].filter((f) => f);
  if (missing.length > 0 && bare.length === missing.length) {
    if (!quantity) quantity = parseQuantity(bare.shift() ?? '');
    if (!price) price = parseCents(bare.shift() ?? '');
  }

  if (!quantity)
    problems.push({
      field: 'quantity',
      message: 'No quantity in this item line',
      messageZh: '该产品行缺少数量',
    });
  else if (!quantity.ok)
    problems.push({ field: 'quantity', message: quantity.message, messageZh: quantity.messageZh });
  else item.quantity = quantity.value;
  // No price written: the line is kept without one, and priced from the list the way the web
  // form prefills it, flagged for review (receive-email's priceFromList).
  if (price && !price.ok)
    problems.push({ field: 'unitPrice', message: price.message, messageZh: price.messageZh });
  else if (price) item.unitPrice = price.value;
  return { item, problems, labels };
}
