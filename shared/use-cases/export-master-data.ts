/**
 * Master data as files (R-MASTER-1..3): the template of each import (its header and one example
 * row) and the data as it stands, in the same columns, so an exported file imports back unchanged.
 */
import { businessDay } from '../domain/calendar.ts';
import { IMPORT_COLUMNS, type ImportKind } from '../domain/master-import.ts';
import type { CustomerStore, ProductStore } from '../ports.ts';
import { csvField, neutraliseFormula } from '../reports/report-files.ts';
import { writeXlsx } from '../sheets/xlsx-write.ts';

const yuan = (fen: number | null) => (fen === null ? '' : (fen / 100).toFixed(2));

const EXAMPLES: Record<ImportKind, string[]> = {
  products: [
    'BRG-6205',
    '深沟球轴承',
    'Deep groove ball bearing',
    '6205-2RS',
    '个',
    '100个/箱；500个/托',
    '15.80',
    '',
    '是',
    '200',
  ],
  stock: ['BRG-6205', '1200', '2026 年末盘点'],
  customers: [
    '华东机电',
    '华东机电有限公司',
    '赵采购',
    '13900001234',
    'zhao@example.com',
    '中文',
    '上海市浦东新区 1 号',
    '月结',
    '',
    '',
  ],
};

export const header = (kind: ImportKind): string[] => IMPORT_COLUMNS[kind].map((c) => c.labels[0]!);

export async function masterRows(
  deps: { products: ProductStore; customers: CustomerStore; now: Date },
  kind: ImportKind,
  template: boolean,
): Promise<string[][]> {
  if (template) return [header(kind), EXAMPLES[kind]];
  const rows: string[][] = [header(kind)];
  if (kind === 'customers') {
    let cursor: string | undefined;
    do {
      const page = await deps.customers.list(undefined, 100, cursor);
      for (const c of page.items) {
        const contact = c.contacts.find((x) => x.email || x.phone) ?? c.contacts[0];
        rows.push([
          c.name,
          c.company ?? '',
          contact?.name ?? '',
          contact?.phone ?? '',
          contact?.email ?? '',
          contact?.language === 'en' ? '英文' : '中文',
          c.addresses[0]?.address ?? '',
          c.paymentTerms ?? '',
          c.notes ?? '',
          c.owner ?? '',
        ]);
      }
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  }
  const today = businessDay(deps.now);
  for (const p of await deps.products.list(today)) {
    rows.push(
      kind === 'stock'
        ? [p.sku, String(p.onHand), '']
        : [
            p.sku,
            p.nameZh,
            p.nameEn ?? '',
            p.spec,
            p.unit,
            p.packaging.join('；'),
            yuan(p.listPrice),
            '',
            p.active ? '是' : '否',
            p.lowStockAt === null ? '' : String(p.lowStockAt),
          ],
    );
  }
  return rows;
}

export function asFile(rows: string[][], format: 'csv' | 'xlsx', name: string) {
  if (format === 'xlsx')
    return {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: `${name}.xlsx`,
      body: writeXlsx([{ name, rows, header: true }]),
    };
  const text = rows.map((r) => r.map((c) => csvField(neutraliseFormula(c))).join(',')).join('\r\n');
  return { contentType: 'text/csv; charset=utf-8', fileName: `${name}.csv`, body: `\uFEFF${text}\r\n` };
}
