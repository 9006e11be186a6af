/**
 * An order sheet attached to an email (R-INTAKE-6): CSV (UTF-8 with or without BOM, GBK) or
 * XLSX → item lines. The header row may be anywhere in the first 10 rows, with Chinese or
 * English column names; empty rows and a total row (合计/总计/Total) are skipped. Every row
 * that is not understood becomes a problem naming the file and the row. Pure.
 */
import { readCsv } from '#shared/sheets/csv-read.ts';
import { decodeText } from '#shared/sheets/decode-text.ts';
import { readXlsx, SheetReadError } from '#shared/sheets/xlsx-read.ts';
import { parseCents, parseQuantity } from './order-values.ts';
import { ITEM_LABELS, type ItemKey, TOTAL_WORDS } from './order-words.ts';

export interface SheetAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface SheetItem {
  sku: string;
  quantity: number;
  /** Absent when the cell is empty: priced from the list (receive-email). */
  unitPrice?: number;
  spec?: string;
  packaging?: string;
}

/** A row read (an item) or not (its problems), with the row as the customer wrote it. */
export interface SheetRow {
  /** 1-based row number in the sheet (CSV: record number). */
  row: number;
  line: string;
  item?: SheetItem;
  problems: { field: 'sku' | 'quantity' | 'unitPrice'; message: string; messageZh: string }[];
}

export type SheetResult =
  | { ok: true; rows: SheetRow[]; labels: { zh: number; en: number } }
  | { ok: false; message: string; messageZh: string };

export type SheetKind = 'csv' | 'xlsx';

const HEADER_ROWS = 10;

/** CSV or XLSX by name, type or first bytes; `undefined` for anything else (PDF, images…). */
export function sheetKind(a: SheetAttachment): SheetKind | undefined {
  const name = a.filename.toLowerCase();
  const type = a.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  if (/\.(xlsx|xlsm)$/.test(name) || type.includes('spreadsheetml')) return 'xlsx';
  if (/\.(csv|tsv)$/.test(name) || type === 'text/csv' || type === 'text/tab-separated-values') return 'csv';
  if (name.endsWith('.xls') || type === 'application/vnd.ms-excel') {
    // Mail programs label CSV as vnd.ms-excel too; a zip or an OLE file goes to the XLSX reader (which explains).
    const [b0, b1] = a.content;
    return (b0 === 0x50 && b1 === 0x4b) || b0 === 0xd0 ? 'xlsx' : 'csv';
  }
  return undefined;
}

const normalizeHeader = (cell: string) =>
  cell
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[([【].*?[)\]】]/g, '')
    .replace(/[\s*:.#]/g, '');

const NOT_A_COLUMN = /总价|金额|小计|合计|总计|total|amount|sum|序号/;

const HEADER_WORDS = (Object.keys(ITEM_LABELS) as ItemKey[])
  .flatMap((key) =>
    [...ITEM_LABELS[key].zh, ...ITEM_LABELS[key].en].map((w) => ({ key, w: normalizeHeader(w) })),
  )
  .sort((a, b) => b.w.length - a.w.length);

/** The item field a header cell names: an exact word, else the longest word it contains. */
export function headerKey(cell: string): ItemKey | undefined {
  const h = normalizeHeader(cell);
  if (!h || NOT_A_COLUMN.test(h)) return undefined;
  return (HEADER_WORDS.find((x) => x.w === h) ?? HEADER_WORDS.find((x) => x.w.length >= 2 && h.includes(x.w)))
    ?.key;
}

function findHeader(rows: string[][]) {
  for (let r = 0; r < Math.min(HEADER_ROWS, rows.length); r++) {
    const columns = new Map<ItemKey, number>();
    const labels = { zh: 0, en: 0 };
    (rows[r] ?? []).forEach((cell, c) => {
      const key = headerKey(cell);
      if (key && !columns.has(key)) {
        columns.set(key, c);
        if (/[\u4e00-\u9fff]/.test(cell)) labels.zh++;
        else labels.en++;
      }
    });
    if (columns.has('sku') && (columns.has('quantity') || columns.has('unitPrice')))
      return { r, columns, labels };
  }
  return undefined;
}

const MISSING_QUANTITY = { ok: false, message: 'No quantity', messageZh: '缺少数量' } as const;

const isTotalRow = (cells: string[]) =>
  cells
    .filter((c) => c.trim() !== '')
    .slice(0, 3)
    .some((c) => TOTAL_WORDS.test(c.normalize('NFKC').trim()));

/** Rows of a sheet → item rows (see `SheetRow`). */
export function readOrderRows(rows: string[][]): SheetResult {
  const header = findHeader(rows);
  if (!header)
    return {
      ok: false,
      message: `No header row with product code (SKU), quantity and unit price columns in the first ${HEADER_ROWS} rows`,
      messageZh: `前 ${HEADER_ROWS} 行中没有包含产品编号、数量和单价列的表头`,
    };
  const missing = (['quantity', 'unitPrice'] as const).filter((k) => !header.columns.has(k));
  if (missing.length > 0)
    return {
      ok: false,
      message: `The sheet has no ${missing.map((k) => (k === 'quantity' ? 'quantity' : 'unit price')).join(' or ')} column`,
      messageZh: `表格中没有${missing.map((k) => (k === 'quantity' ? '数量' : '单价')).join('或')}列`,
    };
  const at = (cells: string[], key: ItemKey) => {
    const c = header.columns.get(key);
    return c === undefined ? '' : (cells[c] ?? '').trim();
  };
  const out: SheetRow[] = [];
  for (let r = header.r + 1; r < rows.length; r++) {
    const cells = (rows[r] ?? []).map((c) => c.trim());
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    // A template row with only its row number (or a zero amount) filled in is empty too.
    const itemCells = [...header.columns.keys()].map((k) => at(cells, k));
    if (itemCells.every((c) => c === '') || isTotalRow(cells)) continue;
    const row: SheetRow = { row: r + 1, line: cells.join(', '), problems: [] };
    out.push(row);
    const sku = at(cells, 'sku').normalize('NFKC');
    if (!sku) {
      row.problems.push({
        field: 'sku',
        message: 'No product code (SKU)',
        messageZh: '缺少产品编号（货号）',
      });
      continue;
    }
    const quantityText = at(cells, 'quantity');
    const priceText = at(cells, 'unitPrice');
    const quantity = quantityText ? parseQuantity(quantityText) : MISSING_QUANTITY;
    // An empty price cell is priced from the list later, flagged for review (receive-email).
    const price = priceText ? parseCents(priceText) : undefined;
    if (!quantity.ok)
      row.problems.push({ field: 'quantity', message: quantity.message, messageZh: quantity.messageZh });
    if (price && !price.ok)
      row.problems.push({ field: 'unitPrice', message: price.message, messageZh: price.messageZh });
    if (quantity.ok && (!price || price.ok)) {
      row.item = { sku, quantity: quantity.value, ...(price ? { unitPrice: price.value } : {}) };
      const spec = at(cells, 'spec');
      const packaging = at(cells, 'packaging');
      if (spec) row.item.spec = spec;
      if (packaging) row.item.packaging = packaging;
    }
  }
  return { ok: true, rows: out, labels: header.labels };
}

/** Reads an attachment of kind `kind` → item rows, or why it could not be read. */
export function readOrderSheet(a: SheetAttachment, kind: SheetKind): SheetResult {
  let rows: string[][];
  try {
    rows = kind === 'xlsx' ? readXlsx(a.content) : readCsv(decodeText(a.content));
  } catch (error) {
    if (error instanceof SheetReadError)
      return { ok: false, message: error.message, messageZh: error.messageZh };
    return { ok: false, message: 'The file cannot be read', messageZh: '无法读取该文件' };
  }
  return readOrderRows(rows);
}
