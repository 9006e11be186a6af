/**
 * Reading an emailed order sheet (R-INTAKE-6, issue 5): a 1,000-line order sheet written by
 * exceljs (title rows above the header, Chinese headers, shared strings and numbers, a total
 * row), parsed by `readXlsx` alone and by the whole `extractOrder` (reader, header detection,
 * money to cents), plus the same lines as a GBK CSV; median and p95 of N runs after a warm-up,
 * in this process (pure CPU, no I/O). Target: the XLSX through `extractOrder` under
 * `TARGETS.orderSheetParseMs`.
 *
 * Also: `npx tsx bench/xlsx-parse.ts [--lines N] [--runs N]` runs it alone and prints the section.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DEMO_PRODUCTS } from '#local/seed.ts';
import { extractOrder, type MailAttachment } from '#shared/email/extract-order.ts';
import { readXlsx } from '#shared/sheets/xlsx-read.ts';
import { mergeSection } from './merge-section.ts';
import { TARGETS } from './targets.ts';

export const SHEET_LINES = 1_000;
export const SHEET_RUNS = 30;
const WARMUP = 3;
const TODAY = '2026-11-27';

export interface ParseFigures {
  label: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export interface SheetParseResults {
  lines: number;
  xlsxBytes: number;
  csvBytes: number;
  /** Items and problems `extractOrder` found in the XLSX (must be `lines` and 0). */
  items: number;
  problems: number;
  read: ParseFigures;
  extract: ParseFigures;
  csv: ParseFigures;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['序号', '货号', '产品名称', '规格', '包装', '数量', '单价（元）', '金额（元）'];

function sheetLines(lines: number): (string | number)[][] {
  return Array.from({ length: lines }, (_, i) => {
    const p = DEMO_PRODUCTS[i % DEMO_PRODUCTS.length] as { sku: string; name?: string };
    const quantity = 1 + ((i * 37) % 500);
    const price = (100 + ((i * 7919) % 99_900)) / 100;
    return [
      i + 1,
      p.sku,
      p.name ?? p.sku,
      `型号 ${i % 13}`,
      '纸箱',
      quantity,
      price,
      Math.round(quantity * price * 100) / 100,
    ];
  });
}

/** The 1,000-line sheet as exceljs writes it, and the same rows as a GBK CSV. */
export async function orderSheets(lines = SHEET_LINES): Promise<{ xlsx: Uint8Array; csv: Uint8Array }> {
  const rows = sheetLines(lines);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('采购订单');
  sheet.addRow(['宁波华东机电有限公司 采购订单']);
  sheet.addRow(['订单日期', TODAY]);
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(r);
  sheet.addRow(['合计', null, null, null, null, rows.reduce((n, r) => n + Number(r[5]), 0)]);
  const xlsx = new Uint8Array(await book.xlsx.writeBuffer());
  const text = [HEADER, ...rows]
    .map((r) => r.map((c) => (String(c).includes(',') ? `"${c}"` : c)).join(','))
    .join('\r\n');
  return { xlsx, csv: new Uint8Array(iconv.encode(`${text}\r\n`, 'gbk')) };
}

function time(label: string, runs: number, fn: () => unknown): ParseFigures {
  for (let i = 0; i < WARMUP; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] ?? Number.NaN;
  return { label, runs, medianMs: at(0.5), p95Ms: at(0.95), maxMs: ms[ms.length - 1] ?? Number.NaN };
}

export async function measureSheetParse(lines = SHEET_LINES, runs = SHEET_RUNS): Promise<SheetParseResults> {
  const { xlsx, csv } = await orderSheets(lines);
  const mail = (a: MailAttachment) => ({
    subject: '采购订单',
    text: '客户：宁波华东机电有限公司',
    attachments: [a],
  });
  const xlsxMail = mail({ filename: '采购订单.xlsx', contentType: XLSX_TYPE, content: xlsx });
  const csvMail = mail({ filename: '采购订单.csv', contentType: 'text/csv', content: csv });
  const once = extractOrder(xlsxMail, { today: TODAY });
  return {
    lines,
    xlsxBytes: xlsx.byteLength,
    csvBytes: csv.byteLength,
    items: once.body.items.length,
    problems: once.problems.length,
    read: time('readXlsx (rows of the first sheet)', runs, () => readXlsx(xlsx)),
    extract: time('extractOrder, XLSX attached (read + header + items)', runs, () =>
      extractOrder(xlsxMail, { today: TODAY }),
    ),
    csv: time('extractOrder, GBK CSV attached (decode + parse + items)', runs, () =>
      extractOrder(csvMail, { today: TODAY }),
    ),
  };
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
export const SHEET_SECTION = '## Emailed order sheet: reading 1,000 lines';
export const SHEET_SUMMARY_PREFIX = '| emailed order sheet';

export const sheetParseVerdict = (r: SheetParseResults): boolean =>
  r.items === r.lines && r.problems === 0 && r.extract.p95Ms < TARGETS.orderSheetParseMs;

export function sheetSummaryRow(r: SheetParseResults): string {
  return row([
    `emailed order sheet: ${r.lines.toLocaleString('en-US')}-line XLSX through extractOrder < ${TARGETS.orderSheetParseMs} ms (p95)`,
    `median ${f1(r.extract.medianMs)} ms, p95 ${f1(r.extract.p95Ms)} ms; ${r.items} items, ${r.problems} problems`,
    sheetParseVerdict(r) ? '**PASS**' : '**FAIL**',
  ]);
}

export function renderSheetParse(r: SheetParseResults, note = ''): string[] {
  const figures = (f: ParseFigures) => row([f.label, f.runs, f1(f.medianMs), f1(f.p95Ms), f1(f.maxMs)]);
  return [
    SHEET_SECTION,
    '',
    ...(note ? [note, ''] : []),
    `A ${r.lines.toLocaleString('en-US')}-line order sheet written by exceljs (${(r.xlsxBytes / 1024).toFixed(0)} KB: two ` +
      'title rows, the Chinese header on row 3, SKU, name, spec and packaging as shared strings, quantity, unit price ' +
      `and amount as numbers, a total row) and the same lines as a GBK CSV (${(r.csvBytes / 1024).toFixed(0)} KB), ` +
      `read in the bench process after ${WARMUP} warm-up runs. \`extractOrder\` found ${r.items} items and ` +
      `${r.problems} problems in the XLSX.`,
    '',
    '| what | runs | median ms | p95 ms | max ms |',
    '| --- | --: | --: | --: | --: |',
    figures(r.read),
    figures(r.extract),
    figures(r.csv),
    '',
    `Target: the XLSX through \`extractOrder\` in under ${TARGETS.orderSheetParseMs} ms at p95, every line read: ` +
      `${sheetParseVerdict(r) ? '**PASS**' : '**FAIL**'}.`,
  ];
}

/** Replaces (or appends) the section and its summary row in an existing results.md. */
export function mergeSheetParse(existing: string, r: SheetParseResults, note: string): string {
  return mergeSection(existing, {
    heading: SHEET_SECTION,
    lines: renderSheetParse(r, note),
    summaryPrefix: SHEET_SUMMARY_PREFIX,
    summaryRow: sheetSummaryRow(r),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const r = await measureSheetParse(arg('lines', SHEET_LINES), arg('runs', SHEET_RUNS));
  console.log([sheetSummaryRow(r), '', ...renderSheetParse(r)].join('\n'));
}
