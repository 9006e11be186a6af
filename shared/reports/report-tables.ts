/**
 * A report (shared/reports/report.ts) as bilingual tables: the one layout the CSV, the XLSX
 * sheets and the report email are rendered from (R-REPORT-1, R-REPORT-2), so the three never
 * disagree. Cells keep raw values (amounts in cents, shares as ratios); each renderer formats
 * them. Only company names appear, never a customer's key, phone or email (R-SEC-1).
 */

import { durationWords } from '../domain/rush-settings.ts';
import type { CountAmount, Durations, PeriodFigures, ReceivablesBucket, Report } from './report.ts';
import {
  AFTER_SALES_NAMES,
  CHANNEL_NAMES,
  figure,
  headlinesOf,
  label,
  type Pair,
  PRIORITY_NAMES,
  STATUS_NAMES,
  TIER_NAMES,
} from './report-labels.ts';

// The words live in report-labels.ts; these are their importers' old address.
export {
  AFTER_SALES_NAMES,
  CHANNEL_NAMES,
  figure,
  HEADLINES,
  type Headline,
  headlinesOf,
  label,
  type Pair,
  PRIORITY_NAMES,
  STATUS_NAMES,
  TIER_NAMES,
} from './report-labels.ts';

export type CellKind = 'text' | 'count' | 'amount' | 'share' | 'hours' | 'change';

export interface ReportCell {
  kind: CellKind;
  /** Amounts in cents, shares and changes as ratios, hours as hours; null when unknown. */
  value: string | number | null;
}

export interface ReportColumn {
  zh: string;
  en: string;
  /** Widest expected content, in characters (XLSX column width). */
  width: number;
}

export interface ReportTable {
  key: string;
  zh: string;
  en: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
}

/** A maker of cells of one kind. */
/** R-CHG-1..3: change kinds and cancellation reasons, Chinese and English. */
const CHANGE_NAMES: Record<string, [string, string]> = {
  'delivery-date': ['交货日期', 'delivery date'],
  items: ['品项', 'items'],
  cancel: ['取消', 'cancellation'],
};
const CANCEL_NAMES: Record<string, [string, string]> = {
  customer: ['客户取消', 'customer cancelled'],
  price: ['价格', 'price'],
  'delivery-date': ['交货期', 'delivery date'],
  duplicate: ['重复订单', 'duplicate order'],
  other: ['其他', 'other'],
};

const cells =
  <V extends string | number>(kind: CellKind) =>
  (value: V | null): ReportCell => ({ kind, value });
const text = cells<string>('text');
const count = cells<number>('count');
const amount = cells<number>('amount');
const share = cells<number>('share');
const hours = cells<number>('hours');

/** Delivery exception kinds (R-TRACK-3), in Chinese and English. */
const EXCEPTION_NAMES: Record<string, [string, string]> = {
  shortage: ['缺货', 'shortage'],
  damage: ['破损', 'damage'],
  delay: ['延误', 'delay'],
  quality: ['质量问题', 'quality'],
};
const change = cells<number>('change');
const col = (zh: string, en: string, width = 14): ReportColumn => ({ zh, en, width });

const periodText = (f: PeriodFigures): string => `${f.period.from} – ${f.period.to}`;

function summary(report: Report): ReportTable {
  const rows: ReportCell[][] = [
    [
      text('期间 Period'),
      text(periodText(report)),
      text(periodText(report.previous)),
      text(null),
      text(null),
    ],
  ];
  for (const h of headlinesOf(report)) {
    const c = report.change[h.key];
    const kind = h.kind;
    rows.push([
      text(`${h.zh} ${h.en}`),
      { kind, value: c?.current ?? figure(report, h.key) },
      { kind, value: c?.previous ?? figure(report.previous, h.key) },
      { kind, value: c?.delta ?? null },
      change(c?.ratio ?? null),
    ]);
  }
  return {
    key: 'summary',
    zh: '概览',
    en: 'Summary',
    columns: [
      col('指标', 'Figure', 40),
      col('本期', 'This period', 24),
      col('上期', 'Previous period', 24),
      col('变化', 'Change', 14),
      col('变化率', 'Change %', 12),
    ],
    rows,
  };
}

/** Known keys first in their order, then any others alphabetically. */
function orderedKeys(names: Record<string, Pair>, ...records: Record<string, CountAmount>[]): string[] {
  const present = new Set(records.flatMap((r) => Object.keys(r)));
  const known = Object.keys(names).filter((k) => present.has(k));
  return [...known, ...[...present].filter((k) => !(k in names)).sort()];
}

function breakdown(
  key: string,
  title: Pair,
  names: Record<string, Pair>,
  current: Record<string, CountAmount>,
  previous: Record<string, CountAmount>,
): ReportTable {
  return {
    key,
    zh: title[0],
    en: title[1],
    columns: [
      col(title[0], title[1], 20),
      col('订单数', 'Orders', 10),
      col('金额（元）', 'Amount (CNY)', 16),
      col('上期订单数', 'Previous orders', 16),
      col('上期金额（元）', 'Previous amount (CNY)', 22),
    ],
    rows: orderedKeys(names, current, previous).map((k) => [
      text(label(names, k)),
      count(current[k]?.count ?? 0),
      amount(current[k]?.amount ?? 0),
      count(previous[k]?.count ?? 0),
      amount(previous[k]?.amount ?? 0),
    ]),
  };
}

type Row = ReportCell[];

/** R-REPORT-1: processing time (median, p90) and the approval SLA. */
function processingTable(report: Report): ReportTable {
  const p = report.previous.processing;
  const durationRow = (zh: string, en: string, d: Durations, prev: number | null): Row => [
    text(`${zh} ${en}`),
    count(d.count),
    hours(d.medianHours),
    hours(d.p90Hours),
    hours(prev),
  ];
  return {
    key: 'processing',
    zh: '处理时长',
    en: 'Processing',
    columns: [
      col('阶段', 'Step', 34),
      col('订单数', 'Orders', 10),
      col('中位（小时）', 'Median (h)', 14),
      col('P90（小时）', 'P90 (h)', 14),
      col('上期中位（小时）', 'Previous median (h)', 22),
    ],
    rows: [
      durationRow(
        '受理至批准',
        'Received to approved',
        report.processing.toApproved,
        p.toApproved.medianHours,
      ),
      durationRow(
        '受理至交付',
        'Received to delivered',
        report.processing.toDelivered,
        p.toDelivered.medianHours,
      ),
      [
        text('超过2个工作日未审批 Past the 2-working-day SLA'),
        count(report.sla.breached),
        text(null),
        text(null),
        text(null),
      ],
    ],
  };
}

/** R-RUSH-2..6: answered in time, progress windows complete, delivered on time. */
function rushTable(report: Report): ReportTable {
  const r = report.rush;
  const decision = durationWords(r.decisionMinutes);
  const interval = durationWords(r.intervalMinutes);
  return {
    key: 'rush',
    zh: '加急',
    en: 'Rush',
    columns: [col('指标', 'Figure', 40), col('数量', 'Count', 10), col('占比', 'Share', 10)],
    rows: [
      [text('紧急订单 Rush orders'), count(r.orders), share(null)],
      [text('已答复 Answered'), count(r.decided), share(null)],
      [
        text(`${decision.zh}内答复 Answered within ${decision.en}`),
        count(r.answeredWithinHour),
        share(r.answeredWithinHourShare),
      ],
      [
        text(`已结束的报告窗口（每${interval.zh}） Report windows closed (every ${interval.en})`),
        count(r.windows),
        share(null),
      ],
      [text('两份报告齐全 With both reports'), count(r.windowsComplete), share(r.windowsCompleteShare)],
      [text('已交付 Delivered'), count(r.delivered), share(null)],
      [text('准时交付 Delivered on time'), count(r.deliveredOnTime), share(r.onTimeShare)],
    ],
  };
}

/** R-PROC-7, R-TRACK-2, R-TRACK-3: delivered on time, lead time, parts, exceptions. */
function fulfilmentTable(report: Report): ReportTable {
  const f = report.fulfilment;
  return {
    key: 'fulfilment',
    zh: '履约',
    en: 'Fulfilment',
    columns: [col('指标', 'Figure', 40), col('数量', 'Count', 10), col('占比 / 小时', 'Share / hours', 14)],
    rows: [
      [text('已交付 Delivered'), count(f.delivered), share(null)],
      [
        text('按要求日期交付 Delivered by the requested date'),
        count(f.deliveredOnTime),
        share(f.onTimeShare),
      ],
      [
        text('交付周期中位（小时） Lead time, median (h)'),
        count(f.leadTime.count),
        hours(f.leadTime.medianHours),
      ],
      [text('交付周期 p90（小时） Lead time, p90 (h)'), count(f.leadTime.count), hours(f.leadTime.p90Hours)],
      [text('分批发货 Shipped in parts'), count(f.partiallyShipped), share(null)],
      ...Object.entries(f.exceptionsByKind).map(([kind, n]) => [
        text(`异常：${EXCEPTION_NAMES[kind]?.[0] ?? kind} Exceptions: ${EXCEPTION_NAMES[kind]?.[1] ?? kind}`),
        count(n),
        share(null),
      ]),
      [text('已完成 Completed'), count(f.completed), share(null)],
      [text('已归档 Archived'), count(f.archived), share(null)],
    ],
  };
}

/** R-PROC-6, R-CHG-1..3: changes and cancellations by kind and reason. */
function changesTable(report: Report): ReportTable {
  const c = report.changes;
  return {
    key: 'changes',
    zh: '订单变更',
    en: 'Order changes',
    columns: [col('指标', 'Figure', 40), col('申请', 'Requested', 10), col('已执行', 'Applied', 10)],
    rows: [
      ...Object.keys(c.requestedByKind).map((kind) => [
        text(`变更：${CHANGE_NAMES[kind]?.[0] ?? kind} Change: ${CHANGE_NAMES[kind]?.[1] ?? kind}`),
        count(c.requestedByKind[kind] ?? 0),
        count(c.appliedByKind[kind] ?? 0),
      ]),
      ...Object.entries(c.cancellationsByReason).map(([reason, n]) => [
        text(
          `取消原因：${CANCEL_NAMES[reason]?.[0] ?? reason} Cancelled for: ${CANCEL_NAMES[reason]?.[1] ?? reason}`,
        ),
        count(n),
        text(''),
      ]),
    ],
  };
}

/** R-PRICE-5: decisions and answer times per step of the approval chain. */
function approvalsTable(report: Report): ReportTable {
  return {
    key: 'approvals',
    zh: '审批',
    en: 'Approvals',
    columns: [
      col('审批层级', 'Tier', 24),
      col('决定数', 'Decisions', 10),
      col('批准', 'Approved', 10),
      col('驳回', 'Rejected', 10),
      col('答复中位（小时）', 'Answer median (h)', 20),
      col('答复P90（小时）', 'Answer P90 (h)', 18),
    ],
    rows: report.approvals.map((a) => [
      text(label(TIER_NAMES, a.tier)),
      count(a.count),
      count(a.approved),
      count(a.rejected),
      hours(a.answer.medianHours),
      hours(a.answer.p90Hours),
    ]),
  };
}

/** R-AFTER-1: cases by type and refunds granted, against the previous period. */
function afterSalesTable(report: Report): ReportTable {
  const now = report.afterSales;
  const before = report.previous.afterSales;
  const types = [...new Set([...Object.keys(now.byType), ...Object.keys(before.byType)])];
  return {
    key: 'after-sales',
    zh: '售后',
    en: 'After-sales',
    columns: [
      col('项目', 'Item', 24),
      col('数量', 'Count', 10),
      col('金额（元）', 'Amount (CNY)', 16),
      col('上期数量', 'Previous count', 16),
    ],
    rows: [
      ...types.map((t) => [
        text(label(AFTER_SALES_NAMES, t)),
        count(now.byType[t] ?? 0),
        amount(null),
        count(before.byType[t] ?? 0),
      ]),
      [text('案件合计 All cases'), count(now.cases), amount(null), count(before.cases)],
      [
        text('已退款 Refunds granted'),
        count(now.refunds.count),
        amount(now.refunds.amount),
        count(before.refunds.count),
      ],
    ],
  };
}

/** The top 10 customers (company name only, R-SEC-1) and products by amount. */
function topTables(report: Report): ReportTable[] {
  return [
    {
      key: 'top-customers',
      zh: '客户',
      en: 'Top customers',
      columns: [
        col('排名', 'Rank', 6),
        col('客户', 'Customer', 36),
        col('订单数', 'Orders', 10),
        col('金额（元）', 'Amount (CNY)', 16),
      ],
      rows: report.topCustomers.map((c, i) => [count(i + 1), text(c.name), count(c.count), amount(c.amount)]),
    },
    {
      key: 'top-products',
      zh: '产品',
      en: 'Top products',
      columns: [
        col('排名', 'Rank', 6),
        col('SKU', 'SKU', 14),
        col('产品', 'Product', 36),
        col('数量', 'Quantity', 10),
        col('金额（元）', 'Amount (CNY)', 16),
      ],
      rows: report.topProducts.map((p, i) => [
        count(i + 1),
        text(p.sku),
        text(p.name),
        count(p.quantity),
        amount(p.amount),
      ]),
    },
  ];
}

/**
 * R-QUOTE-1..3 in the reports: quoted, approved, accepted, declined, expired, the conversion
 * rate and the hours from submission to approval, this period against the previous one.
 */
function quotationsTable(report: Report): ReportTable[] {
  const q = report.quotations;
  if (!q) return [];
  const p = report.previous.quotations;
  const row = (name: string, kind: CellKind, now: number | null, before: number | null | undefined): Row => [
    text(name),
    { kind, value: now },
    { kind, value: before ?? null },
  ];
  return [
    {
      key: 'quotations',
      zh: '报价',
      en: 'Quotations',
      columns: [
        col('指标', 'Figure', 40),
        col('本期', 'This period', 16),
        col('上期', 'Previous period', 18),
      ],
      rows: [
        row('已报价 Quoted', 'count', q.quoted, p?.quoted),
        row('报价金额（元） Quoted amount (CNY)', 'amount', q.quotedAmount, p?.quotedAmount),
        row('已批准 Approved', 'count', q.approved, p?.approved),
        row('已接受 Accepted', 'count', q.accepted, p?.accepted),
        row('接受金额（元） Accepted amount (CNY)', 'amount', q.acceptedAmount, p?.acceptedAmount),
        row('已拒绝 Declined', 'count', q.declined, p?.declined),
        row('已过期 Expired', 'count', q.expired, p?.expired),
        row('转化率 Conversion rate', 'share', q.conversionRate, p?.conversionRate),
        row(
          '提交至批准中位（小时） Submission to approval, median (h)',
          'hours',
          q.approvalHours.median,
          p?.approvalHours.median,
        ),
        row(
          '提交至批准 P90（小时） Submission to approval, p90 (h)',
          'hours',
          q.approvalHours.p90,
          p?.approvalHours.p90,
        ),
      ],
    },
  ];
}

/** Ages of receivables: bucket, Chinese, English. */
const AGE_NAMES: [ReceivablesBucket, string, string][] = [
  ['0-30', '0–30 天', '0–30 days'],
  ['31-60', '31–60 天', '31–60 days'],
  ['61-90', '61–90 天', '61–90 days'],
  ['90+', '超过 90 天', 'Over 90 days'],
];

/**
 * R-FIN-2 in the reports: outstanding on the last day by age and by customer (company name
 * only, R-SEC-1), invoices issued and payments received in the period. Only in a report made
 * for a reader who may see balances (R-SEC-2): without `report.receivables` there is none.
 */
function receivablesTables(report: Report): ReportTable[] {
  const r = report.receivables;
  if (!r) return [];
  return [
    {
      key: 'receivables',
      zh: '应收账款',
      en: 'Receivables',
      columns: [col('指标', 'Figure', 40), col('笔数', 'Count', 10), col('金额（元）', 'Amount (CNY)', 16)],
      rows: [
        [
          text(`未收合计（截至 ${r.to}） Outstanding on ${r.to}`),
          count(r.customers.length),
          amount(r.outstanding),
        ],
        ...AGE_NAMES.map(
          ([b, zh, en]): Row => [text(`账龄 ${zh} Age ${en}`), text(null), amount(r.buckets[b])],
        ),
        [text('本期开票 Invoices issued'), count(r.invoicesIssued.count), amount(r.invoicesIssued.amount)],
        [
          text('本期收款 Payments received'),
          count(r.paymentsReceived.count),
          amount(r.paymentsReceived.amount),
        ],
      ],
    },
    {
      key: 'receivables-by-customer',
      zh: '应收账款（按客户）',
      en: 'Receivables by customer',
      columns: [
        col('客户', 'Customer', 36),
        col('未收（元）', 'Outstanding (CNY)', 18),
        ...AGE_NAMES.map(([, zh, en]) => col(zh, en, 14)),
      ],
      rows: r.customers.map((c) => [
        text(c.name),
        amount(c.outstanding),
        ...AGE_NAMES.map(([b]) => amount(c.buckets[b])),
      ]),
    },
  ];
}

/** Each table of a report, in the order of the files and the email. */
export function reportTables(report: Report): ReportTable[] {
  const p = report.previous;
  return [
    summary(report),
    breakdown('channel', ['渠道', 'Channel'], CHANNEL_NAMES, report.byChannel, p.byChannel),
    breakdown('status', ['状态', 'Status'], STATUS_NAMES, report.byStatus, p.byStatus),
    breakdown('priority', ['优先级', 'Priority'], PRIORITY_NAMES, report.byPriority, p.byPriority),
    {
      key: 'series',
      zh: '趋势',
      en: 'Series',
      columns: [col('日期', 'From', 12), col('订单数', 'Orders', 10), col('金额（元）', 'Amount (CNY)', 16)],
      rows: report.series.map((s) => [text(s.bucket), count(s.count), amount(s.amount)]),
    },
    processingTable(report),
    rushTable(report),
    fulfilmentTable(report),
    changesTable(report),
    approvalsTable(report),
    afterSalesTable(report),
    ...topTables(report),
    ...quotationsTable(report),
    ...receivablesTables(report),
  ];
}
