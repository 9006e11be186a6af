/**
 * The report email (R-REPORT-1): HTML that common mail clients render (table layout, inline CSS
 * only, no scripts, no external images; bar charts are table cells whose widths are the
 * values), Chinese first and English second, the headline figures with their change against the
 * previous period, the tables of shared/reports/report-tables.ts and a link to the dashboard.
 * Only company names appear, never customer contact data (R-SEC-1).
 */
import type { OutgoingEmail } from '../ports.ts';
import type { Report } from '../reports/report.ts';
import {
  CHANNEL_NAMES,
  type Headline,
  headlinesOf,
  label,
  type Pair,
  PRIORITY_NAMES,
  type ReportCell,
  type ReportTable,
  reportTables,
  STATUS_NAMES,
} from '../reports/report-tables.ts';
import { beijingTime, escapeHtml, yuan } from './bilingual-email.ts';

export type ReportKind = 'daily' | 'weekly' | 'on-demand';

export const REPORT_TITLES: Record<ReportKind, Pair> = {
  daily: ['每日订单报表', 'Daily order report'],
  weekly: ['每周订单报表', 'Weekly order report'],
  'on-demand': ['订单报表', 'Order report'],
};

export interface ReportEmailOptions {
  kind: ReportKind;
  /** Overrides the title of the kind, e.g. a schedule's own title. */
  title?: Pair;
  /** `<PUBLIC_BASE_URL>/staff/reports.html?from=…&to=…` (reportDashboardUrl). */
  dashboardUrl: string;
}

/** The dashboard showing the same period. */
export const reportDashboardUrl = (publicBaseUrl: string, period: { from: string; to: string }): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}/staff/reports.html?from=${period.from}&to=${period.to}`;

/** Figures where a rise is bad news (durations, breaches, complaints, refunds). */
const LOWER_IS_BETTER = new Set<string>([
  'processing.toApproved.medianHours',
  'processing.toDelivered.medianHours',
  'sla.breached',
  'afterSales.cases',
  'afterSales.refunds.amount',
]);

const C = {
  text: '#1f2933',
  muted: '#616e7c',
  line: '#e4e7eb',
  head: '#f5f7fa',
  brand: '#b42318',
  bar: '#2f6fdb',
  good: '#1a7f37',
  bad: '#b42318',
};
const FONT = "font-family:'PingFang SC','Microsoft YaHei','Helvetica Neue',Arial,sans-serif";

/** A cell for people: `¥1,234.50`, `45.5%`, `12.3 h`, `+12.5%`; an em dash when unknown. */
export function formatCell(cell: ReportCell): string {
  const v = cell.value;
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  switch (cell.kind) {
    case 'amount':
      return yuan(v);
    case 'share':
      return `${(v * 100).toFixed(1)}%`;
    case 'change':
      return `${v > 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;
    case 'hours':
      return `${v.toFixed(1)} h`;
    default:
      return v.toLocaleString('en-US');
  }
}

/** `▲ 12.5%` / `▼ 3.0%` / `—`, coloured by whether the move is good news. */
export function changeBadge(h: Headline, ratio: number | null, delta: number | null): string {
  if (delta === null || delta === 0) return `<span style="color:${C.muted}">—</span>`;
  const up = delta > 0;
  const good = up !== LOWER_IS_BETTER.has(h.key);
  const size =
    ratio === null
      ? formatCell({ kind: h.kind, value: Math.abs(delta) })
      : `${Math.abs(ratio * 100).toFixed(1)}%`;
  return `<span style="color:${good ? C.good : C.bad};white-space:nowrap">${up ? '▲' : '▼'} ${escapeHtml(size)}</span>`;
}

const td = (content: string, style = '') =>
  `<td style="padding:6px 8px;border-bottom:1px solid ${C.line};${style}">${content}</td>`;
const th = (zh: string, en: string, style = '') =>
  `<th style="padding:6px 8px;text-align:left;background:${C.head};border-bottom:1px solid ${C.line};font-weight:600;${style}">${escapeHtml(zh)}<br><span style="font-weight:400;color:${C.muted};font-size:11px">${escapeHtml(en)}</span></th>`;
const heading = (zh: string, en: string) =>
  `<h2 style="margin:24px 0 8px;font-size:16px;color:${C.text}">${escapeHtml(zh)} <span style="color:${C.muted};font-weight:400">${escapeHtml(en)}</span></h2>`;
const grid = (inner: string) =>
  `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:13px;color:${C.text}">${inner}</table>`;

/** A horizontal bar: a cell `width%` wide of a full-width table (no images, no CSS classes). */
export function bar(value: number, max: number): string {
  const width = max > 0 && value > 0 ? Math.max(1, Math.round((value / max) * 1000) / 10) : 0;
  const filled =
    width > 0
      ? `<td width="${width}%" style="width:${width}%;background:${C.bar};height:10px;line-height:10px;font-size:0">&nbsp;</td>`
      : '';
  const rest = width < 100 ? `<td style="height:10px;line-height:10px;font-size:0">&nbsp;</td>` : '';
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse"><tr>${filled}${rest}</tr></table>`;
}

function barChart(title: Pair, rows: { label: string; value: number; shown: string }[]): string {
  if (rows.length === 0) return '';
  const max = Math.max(...rows.map((r) => r.value));
  const body = rows
    .map(
      (r) =>
        `<tr>${td(escapeHtml(r.label), 'width:30%;white-space:nowrap')}${td(bar(r.value, max), 'width:50%')}${td(escapeHtml(r.shown), 'text-align:right;white-space:nowrap')}</tr>`,
    )
    .join('');
  return heading(title[0], title[1]) + grid(body);
}

function amountChart(title: Pair, names: Record<string, Pair>, byKey: Report['byChannel']): string {
  const rows = Object.entries(byKey)
    .filter(([, v]) => v.count > 0 || v.amount > 0)
    .sort(([, a], [, b]) => b.amount - a.amount)
    .map(([k, v]) => ({ label: label(names, k), value: v.amount, shown: `${yuan(v.amount)} · ${v.count}` }));
  return barChart(title, rows);
}

function tableHtml(table: ReportTable): string {
  if (table.rows.length === 0) {
    return `${heading(table.zh, table.en)}<p style="color:${C.muted};font-size:13px;margin:0">无数据 No data</p>`;
  }
  // Numbers right-aligned under a right-aligned header; text (names, SKUs) left.
  const numeric = table.columns.map((_c, i) => table.rows.some((r) => r[i] && r[i].kind !== 'text'));
  const align = (i: number) => (numeric[i] ? 'text-align:right;white-space:nowrap' : '');
  const head = `<tr>${table.columns.map((c, i) => th(c.zh, c.en, align(i))).join('')}</tr>`;
  const body = table.rows
    .map((row) => `<tr>${row.map((cell, i) => td(escapeHtml(formatCell(cell)), align(i))).join('')}</tr>`)
    .join('');
  return heading(table.zh, table.en) + grid(head + body);
}

function headlinesHtml(report: Report): string {
  const rows = headlinesOf(report)
    .map((h) => {
      const c = report.change[h.key];
      const current = formatCell({ kind: h.kind, value: c?.current ?? null });
      const previous = formatCell({ kind: h.kind, value: c?.previous ?? null });
      return `<tr>${td(`${escapeHtml(h.zh)}<br><span style="color:${C.muted};font-size:11px">${escapeHtml(h.en)}</span>`)}${td(`<strong style="font-size:15px">${escapeHtml(current)}</strong>`, 'text-align:right;white-space:nowrap')}${td(changeBadge(h, c?.ratio ?? null, c?.delta ?? null), 'text-align:right')}${td(escapeHtml(previous), `text-align:right;color:${C.muted};white-space:nowrap`)}</tr>`;
    })
    .join('');
  const head = `<tr>${th('指标', 'Figure')}${th('本期', 'This period', 'text-align:right')}${th('变化', 'Change', 'text-align:right')}${th('上期', 'Previous', 'text-align:right')}</tr>`;
  return heading('核心指标', 'Headline figures') + grid(head + rows);
}

const periodText = (p: { from: string; to: string }) => (p.from === p.to ? p.from : `${p.from} – ${p.to}`);

export function reportEmail(
  report: Report,
  options: ReportEmailOptions,
): Pick<OutgoingEmail, 'subject' | 'text' | 'html'> {
  const [titleZh, titleEn] = options.title ?? REPORT_TITLES[options.kind];
  const period = periodText(report.period);
  const subject = `${titleZh} ${period} / ${titleEn} ${period}`;
  const tables = reportTables(report);
  const detailed = tables.filter(
    (t) => !['summary', 'channel', 'status', 'priority', 'series'].includes(t.key),
  );
  const url = escapeHtml(options.dashboardUrl);

  const html = [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#eef1f4;${FONT}">`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#eef1f4"><tr><td align="center" style="padding:16px 8px">',
    `<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:640px;max-width:100%;background:#ffffff;border-collapse:collapse"><tr><td style="padding:20px 24px;${FONT};color:${C.text}">`,
    `<h1 style="margin:0;font-size:20px;color:${C.brand}">${escapeHtml(titleZh)}</h1>`,
    `<p style="margin:2px 0 0;color:${C.muted};font-size:14px">${escapeHtml(titleEn)}</p>`,
    `<p style="margin:12px 0 0;font-size:13px">统计期间 Period：<strong>${escapeHtml(period)}</strong>（${escapeHtml(report.timezone)}）· 对比上期 Compared with ${escapeHtml(periodText(report.previous.period))}</p>`,
    `<p style="margin:2px 0 0;font-size:12px;color:${C.muted}">生成于 Generated ${escapeHtml(beijingTime(report.generatedAt))}</p>`,
    headlinesHtml(report),
    amountChart(['按渠道', 'By channel'], CHANNEL_NAMES, report.byChannel),
    amountChart(['按优先级', 'By priority'], PRIORITY_NAMES, report.byPriority),
    amountChart(['按状态', 'By status'], STATUS_NAMES, report.byStatus),
    barChart(
      ['订单趋势', 'Orders over time'],
      report.series.map((s) => ({
        label: s.bucket,
        value: s.count,
        shown: `${s.count} · ${yuan(s.amount)}`,
      })),
    ),
    ...detailed.map(tableHtml),
    `<p style="margin:24px 0 8px"><a href="${url}" style="display:inline-block;padding:10px 18px;background:${C.brand};color:#ffffff;text-decoration:none;border-radius:4px;font-size:14px">查看报表看板 Open the dashboard</a></p>`,
    `<p style="margin:0;font-size:12px;color:${C.muted}">附件：CSV 与 Excel 报表。Attached: the report as CSV and Excel.</p>`,
    '</td></tr></table></td></tr></table></body></html>',
  ].join('');

  const textLines = [
    `${titleZh} / ${titleEn}`,
    `统计期间 Period: ${period} (${report.timezone}); 上期 Previous: ${periodText(report.previous.period)}`,
    '',
    ...headlinesOf(report).map((h) => {
      const c = report.change[h.key];
      const ratio = c?.ratio;
      const move =
        ratio === null || ratio === undefined
          ? ''
          : ` (${ratio > 0 ? '▲' : ratio < 0 ? '▼' : ''}${Math.abs(ratio * 100).toFixed(1)}%)`;
      return `${h.zh} ${h.en}: ${formatCell({ kind: h.kind, value: c?.current ?? null })}${move}`;
    }),
    '',
    ...tables
      .filter((t) => t.key !== 'summary')
      .flatMap((t) => [`${t.zh} ${t.en}`, ...t.rows.map((r) => `  ${r.map(formatCell).join(' | ')}`), '']),
    `查看报表看板 Dashboard: ${options.dashboardUrl}`,
  ];
  return { subject, text: textLines.join('\n'), html };
}
