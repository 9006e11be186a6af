/**
 * Master-data files (R-MASTER-1..3): the columns of the products, stock and customers sheets,
 * read under the API's field names or their Chinese labels in any order, and each data row
 * validated into a record — or into errors naming the row (the first data row is row 2, as a
 * spreadsheet shows it) and the column as the file names it. Prices are in yuan, as people type
 * them (`12.5`, `¥1,250.00`), and become fen.
 */
import type * as z from 'zod';
import type { FieldIssue } from './errors.ts';
import { customerFieldsSchema, newProductSchema } from './master-data.ts';

export const IMPORT_KINDS = ['products', 'stock', 'customers'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

interface Column {
  field: string;
  labels: string[];
  required?: boolean;
}

/** The columns of each sheet: the template's header is the first label of each. */
export const IMPORT_COLUMNS: Record<ImportKind, Column[]> = {
  products: [
    { field: 'sku', labels: ['产品编号', 'SKU', '编号', '货号'], required: true },
    { field: 'nameZh', labels: ['名称', '产品名称', '品名'], required: true },
    { field: 'nameEn', labels: ['英文名称', 'English name'] },
    { field: 'spec', labels: ['规格', '型号', '规格型号'] },
    { field: 'unit', labels: ['单位'], required: true },
    { field: 'packaging', labels: ['包装', '包装方式'] },
    { field: 'listPrice', labels: ['单价', '价格', '目录价', '标准价'] },
    { field: 'effectiveFrom', labels: ['生效日期'] },
    { field: 'active', labels: ['在售', '状态'] },
    { field: 'lowStockAt', labels: ['预警库存', '安全库存'] },
  ],
  stock: [
    { field: 'sku', labels: ['产品编号', 'SKU', '编号', '货号'], required: true },
    { field: 'onHand', labels: ['在库数量', '盘点数量', '库存', '数量'], required: true },
    { field: 'reason', labels: ['原因', '备注'] },
  ],
  customers: [
    { field: 'name', labels: ['客户名称', '客户', '名称'], required: true },
    { field: 'company', labels: ['公司', '公司名称'] },
    { field: 'contact', labels: ['联系人'] },
    { field: 'phone', labels: ['电话', '手机', '联系电话'] },
    { field: 'email', labels: ['邮箱', '电子邮件', 'Email'] },
    { field: 'language', labels: ['语言'] },
    { field: 'address', labels: ['地址', '收货地址'] },
    { field: 'paymentTerms', labels: ['付款方式', '结算方式'] },
    { field: 'notes', labels: ['备注'] },
    { field: 'owner', labels: ['负责销售', '业务员'] },
  ],
};

export interface RowIssue {
  row: number;
  column: string;
  message: string;
}

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/** Which column of the file holds each field; a missing required column is an issue of row 1. */
export function mapHeader(
  kind: ImportKind,
  header: string[],
): { columns: Map<string, number>; issues: RowIssue[] } {
  const columns = new Map<string, number>();
  const issues: RowIssue[] = [];
  for (const column of IMPORT_COLUMNS[kind]) {
    const names = [column.field, ...column.labels].map(norm);
    const at = header.findIndex((h) => names.includes(norm(h)));
    if (at >= 0) columns.set(column.field, at);
    else if (column.required)
      issues.push({
        row: 1,
        column: column.labels[0]!,
        message: `Missing column ${column.labels[0]} (${column.field})`,
      });
  }
  return { columns, issues };
}

/** Yuan as typed (`1,250.5`, `¥12`) to fen; undefined for an empty cell; NaN when not a price. */
export function yuanToFen(text: string): number | undefined {
  const t = text.normalize('NFKC').replace(/[¥￥,\s]|元/g, '');
  if (t === '') return undefined;
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return Number.NaN;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

const YES = ['是', 'y', 'yes', 'true', '1', '在售', 'active'];
const NO = ['否', 'n', 'no', 'false', '0', '停售', '停产', 'inactive'];
const bool = (t: string): boolean | undefined | 'bad' => {
  const v = norm(t);
  if (v === '') return undefined;
  if (YES.includes(v)) return true;
  if (NO.includes(v)) return false;
  return 'bad';
};
const whole = (t: string): number | undefined => {
  const v = t.normalize('NFKC').replace(/[,\s]/g, '');
  return v === '' ? undefined : /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
};
const excelDate = (t: string): string | undefined => {
  const v = t.trim();
  if (v === '') return undefined;
  if (/^\d{5}$/.test(v))
    return new Date(Date.UTC(1899, 11, 30) + Number(v) * 86_400_000).toISOString().slice(0, 10);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : v;
};

export interface ProductRow {
  row: number;
  product: z.infer<typeof newProductSchema>;
  listPrice?: number;
  effectiveFrom?: string;
}
export interface StockRow {
  row: number;
  sku: string;
  onHand: number;
  reason?: string;
}
export interface CustomerRow {
  row: number;
  fields: z.infer<typeof customerFieldsSchema>;
}

type Parsed<T> = { records: T[]; issues: RowIssue[] };

/** Reads the data rows of a sheet of `kind`; blank rows are skipped, every bad cell is reported. */
export function parseImport(kind: ImportKind, rows: string[][]): Parsed<ProductRow | StockRow | CustomerRow> {
  const [header = [], ...data] = rows;
  const { columns, issues } = mapHeader(kind, header);
  if (issues.length) return { records: [], issues };
  const labelOf = (field: string) =>
    (columns.has(field) ? header[columns.get(field)!]?.trim() : undefined) ||
    IMPORT_COLUMNS[kind].find((c) => c.field === field)?.labels[0] ||
    field;
  const records: (ProductRow | StockRow | CustomerRow)[] = [];
  const seen = new Map<string, number>();
  data.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const cell = (field: string) => (columns.has(field) ? (cells[columns.get(field)!] ?? '').trim() : '');
    const rowIssues: RowIssue[] = [];
    const bad = (field: string, message: string) => rowIssues.push({ row, column: labelOf(field), message });
    const fromZod = (list: FieldIssue[], map: (path: string) => string = (p) => p.split('.')[0]!) => {
      for (const issue of list) bad(map(issue.path), issue.message);
    };
    let record: ProductRow | StockRow | CustomerRow | undefined;
    let key = '';
    if (kind === 'products') {
      const price = yuanToFen(cell('listPrice'));
      if (Number.isNaN(price)) bad('listPrice', 'Not a price in yuan (at most two decimals)');
      const active = bool(cell('active'));
      if (active === 'bad') bad('active', 'Write 是 or 否');
      const lowStockAt = whole(cell('lowStockAt'));
      const input = {
        sku: cell('sku'),
        nameZh: cell('nameZh'),
        ...(cell('nameEn') ? { nameEn: cell('nameEn') } : {}),
        ...(cell('spec') ? { spec: cell('spec') } : {}),
        unit: cell('unit'),
        ...(cell('packaging')
          ? {
              packaging: cell('packaging')
                .split(/[;；、|]/)
                .map((s) => s.trim())
                .filter(Boolean),
            }
          : {}),
        ...(typeof active === 'boolean' ? { active } : {}),
        ...(lowStockAt !== undefined ? { lowStockAt } : {}),
      };
      const parsed = newProductSchema.safeParse(input);
      if (!parsed.success)
        fromZod(parsed.error.issues.map((x) => ({ path: x.path.join('.'), message: x.message })));
      const effectiveFrom = excelDate(cell('effectiveFrom'));
      if (effectiveFrom && !/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom))
        bad('effectiveFrom', 'Not a date (YYYY-MM-DD)');
      key = input.sku;
      if (parsed.success)
        record = {
          row,
          product: parsed.data,
          ...(price !== undefined && !Number.isNaN(price) ? { listPrice: price } : {}),
          ...(effectiveFrom ? { effectiveFrom } : {}),
        };
    } else if (kind === 'stock') {
      const onHand = whole(cell('onHand'));
      if (!cell('sku')) bad('sku', 'Required');
      if (onHand === undefined) bad('onHand', 'Required');
      else if (Number.isNaN(onHand) || onHand < 0) bad('onHand', 'A whole number, 0 or more');
      key = cell('sku');
      if (rowIssues.length === 0)
        record = { row, sku: key, onHand: onHand!, ...(cell('reason') ? { reason: cell('reason') } : {}) };
    } else {
      const contact = cell('contact') || cell('name');
      const input = {
        name: cell('name'),
        ...(cell('company') ? { company: cell('company') } : {}),
        contacts:
          cell('phone') || cell('email')
            ? [
                {
                  name: contact,
                  ...(cell('phone') ? { phone: cell('phone') } : {}),
                  ...(cell('email') ? { email: cell('email') } : {}),
                  ...(cell('language')
                    ? {
                        language:
                          /^en/i.test(cell('language')) || cell('language') === '英文' ? 'en' : 'zh-CN',
                      }
                    : {}),
                },
              ]
            : [],
        addresses: cell('address') ? [{ address: cell('address') }] : [],
        ...(cell('paymentTerms')
          ? { paymentTerms: PAYMENT_LABELS[cell('paymentTerms')] ?? cell('paymentTerms') }
          : {}),
        ...(cell('notes') ? { notes: cell('notes') } : {}),
        ...(cell('owner') ? { owner: cell('owner') } : {}),
      };
      const parsed = customerFieldsSchema.safeParse(input);
      if (!parsed.success)
        fromZod(
          parsed.error.issues.map((x) => ({ path: x.path.join('.'), message: x.message })),
          (p) =>
            p.startsWith('contacts.0.')
              ? p.slice(11)
              : p.startsWith('addresses')
                ? 'address'
                : p.split('.')[0]!,
        );
      if (!cell('phone') && !cell('email'))
        bad('phone', 'Give a phone or an email: it is how orders find this customer');
      key = (cell('email') || cell('phone')).toLowerCase();
      if (parsed.success && rowIssues.length === 0) record = { row, fields: parsed.data };
    }
    if (key && seen.has(key)) bad(kind === 'customers' ? 'email' : 'sku', `Repeats row ${seen.get(key)}`);
    else if (key) seen.set(key, row);
    if (rowIssues.length) issues.push(...rowIssues);
    else if (record) records.push(record);
  });
  return { records, issues };
}

/** Payment terms as people write them. */
const PAYMENT_LABELS: Record<string, string> = {
  银行转账: 'bank_transfer',
  对公转账: 'bank_transfer',
  支付宝: 'alipay',
  微信: 'wechat_pay',
  微信支付: 'wechat_pay',
  货到付款: 'cash_on_delivery',
  月结: 'monthly_settlement',
};
