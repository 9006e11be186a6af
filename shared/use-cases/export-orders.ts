/**
 * Export the order list as filtered (R-PROC-7): CSV in UTF-8 with a BOM (Excel opens Chinese
 * text right) or XLSX, newest first, at most EXPORT_LIMIT rows — the answer says when more
 * matched. Text that starts like a formula is neutralised (R-SEC-3).
 * 1. Page through the list with the filters, 100 at a time, without counts.
 * 2. Write the rows: labels in Chinese and English, amounts in yuan, times in Beijing time.
 */
import { EXPORT_LIMIT, type OrderListEntry, type OrderListFilters } from '../domain/order-list.ts';
import { beijingTime } from '../notifications/bilingual-email.ts';
import type { OrderListStore } from '../ports.ts';
import { csvField, neutraliseFormula } from '../reports/report-files.ts';
import { CHANNEL_NAMES, label, PRIORITY_NAMES, STATUS_NAMES } from '../reports/report-labels.ts';
import { writeXlsx, type XlsxCell } from '../sheets/xlsx-write.ts';
import { listOrders } from './list-orders.ts';

const COLUMNS: readonly [string, number][] = [
  ['订单号 Order number', 20],
  ['状态 Status', 16],
  ['优先级 Priority', 14],
  ['渠道 Channel', 12],
  ['客户 Customer', 18],
  ['公司 Company', 24],
  ['金额（元） Amount (yuan)', 16],
  ['下单时间（北京） Received (Beijing)', 20],
  ['负责人 Assignee', 24],
];

export interface OrderExport {
  body: Uint8Array | string;
  contentType: string;
  fileName: string;
  rows: number;
  /** More orders matched than EXPORT_LIMIT. */
  truncated: boolean;
}

export async function exportOrders(
  deps: { list: OrderListStore; cursorSecret: string; now: Date },
  filters: OrderListFilters,
  format: 'csv' | 'xlsx',
  limit = EXPORT_LIMIT,
): Promise<OrderExport> {
  const rows: OrderListEntry[] = [];
  let cursor: string | undefined;
  let truncated = false;
  do {
    const page = await listOrders(
      deps,
      { ...filters, limit: 100, ...(cursor ? { cursor } : {}) },
      { withCounts: false },
    );
    rows.push(...page.items);
    cursor = page.nextCursor;
    if (rows.length >= limit) {
      truncated = rows.length > limit || Boolean(cursor);
      rows.length = limit;
      break;
    }
  } while (cursor);
  const cells = rows.map(rowOf);
  const stamp = deps.now.toISOString().slice(0, 10);
  if (format === 'csv') {
    const lines = [
      COLUMNS.map(([h]) => h),
      ...cells.map((r) =>
        r.map((c) => (typeof c === 'number' ? c.toFixed(2) : neutraliseFormula(String(c ?? '')))),
      ),
    ];
    return {
      body: `\uFEFF${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`,
      contentType: 'text/csv; charset=utf-8',
      fileName: `orders-${stamp}.csv`,
      rows: rows.length,
      truncated,
    };
  }
  const xlsxRows: XlsxCell[][] = cells.map((r) =>
    r.map((c) =>
      typeof c === 'number' ? { value: c, format: 'amount' } : neutraliseFormula(String(c ?? '')),
    ),
  );
  return {
    body: writeXlsx([
      {
        name: '订单 Orders',
        header: true,
        columnWidths: COLUMNS.map(([, w]) => w),
        rows: [COLUMNS.map(([h]) => h), ...xlsxRows],
      },
    ]),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `orders-${stamp}.xlsx`,
    rows: rows.length,
    truncated,
  };
}

function rowOf(e: OrderListEntry): (string | number)[] {
  return [
    e.orderNumber,
    label(STATUS_NAMES, e.status),
    label(PRIORITY_NAMES, e.priority),
    label(CHANNEL_NAMES, e.channel),
    e.customerName,
    e.company ?? '',
    e.totalAmount / 100,
    beijingTime(e.createdAt),
    e.assignee ?? '',
  ];
}
