/**
 * A report as downloadable files (R-REPORT-1 attachments, R-REPORT-2 `?format=csv|xlsx`):
 * CSV in UTF-8 with a BOM (so Excel opens Chinese text right), CRLF, RFC 4180 quoting, one
 * section per table; XLSX with a sheet per table. Both from shared/reports/report-tables.ts.
 * Amounts are yuan with 2 decimals (numbers in XLSX), shares are percentages.
 */
import { writeXlsx, type XlsxCell } from '../sheets/xlsx-write.ts';
import type { Report } from './report.ts';
import { type ReportCell, type ReportTable, reportTables } from './report-tables.ts';

const BOM = '\uFEFF';
const CRLF = '\r\n';

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * R-SEC-3: text that starts like a formula (`=`, `+`, `-`, `@`, tab or CR) gets a leading `'`
 * so a spreadsheet shows it instead of running it. Only names and other text go through here;
 * numbers the report itself formats (`-12.50`, `+100.0%`) keep their sign.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const fixed = (n: number, digits: number): string => (Object.is(n, -0) ? 0 : n).toFixed(digits);

/** A cell as CSV shows it: yuan `1234.50`, shares `45.5%`, hours `12.3`, changes `+12.5%`. */
export function cellText(cell: ReportCell): string {
  const v = cell.value;
  if (v === null) return '';
  if (typeof v === 'string') return neutraliseFormula(v);
  switch (cell.kind) {
    case 'amount':
      return fixed(v / 100, 2);
    case 'share':
      return `${fixed(v * 100, 1)}%`;
    case 'change':
      return `${v > 0 ? '+' : ''}${fixed(v * 100, 1)}%`;
    case 'hours':
      return fixed(v, 1);
    default:
      return String(v);
  }
}

const headerRow = (table: ReportTable): string[] => table.columns.map((c) => `${c.zh} ${c.en}`);

export function reportCsv(report: Report): string {
  const lines: string[][] = [
    ['订单报表 Order report', `${report.period.from}..${report.period.to}`],
    ['时区 Time zone', report.timezone],
    ['生成时间 Generated', report.generatedAt],
  ];
  const sections = [lines.map((l) => l.map(csvField).join(',')).join(CRLF)];
  for (const table of reportTables(report)) {
    const rows = [[`${table.zh} ${table.en}`], headerRow(table), ...table.rows.map((r) => r.map(cellText))];
    sections.push(rows.map((r) => r.map(csvField).join(',')).join(CRLF));
  }
  return BOM + sections.join(CRLF + CRLF) + CRLF;
}

function xlsxCell(cell: ReportCell): XlsxCell {
  const v = cell.value;
  if (v === null) return null;
  if (typeof v === 'string') return v;
  switch (cell.kind) {
    case 'amount':
      return { value: Math.round(v) / 100, format: 'amount' };
    case 'share':
    case 'change':
      return { value: v, format: 'percent' };
    case 'hours':
      return { value: v, format: 'decimal' };
    default:
      return v;
  }
}

/** Sheet names are the table titles, e.g. `渠道 Channel` (valid and ≤ 31 characters). */
export function reportXlsx(report: Report): Uint8Array {
  return writeXlsx(
    reportTables(report).map((table) => ({
      name: `${table.zh} ${table.en}`,
      header: true,
      columnWidths: table.columns.map((c) => c.width),
      rows: [headerRow(table), ...table.rows.map((r) => r.map(xlsxCell))],
    })),
  );
}

/** File names for downloads and attachments: `orderdesk-report-2026-11-01_2026-11-07.csv`. */
export const reportFileName = (report: Report, ext: 'csv' | 'xlsx'): string =>
  `orderdesk-report-${report.period.from}_${report.period.to}.${ext}`;
