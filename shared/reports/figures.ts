/**
 * The figures of a report (R-REPORT-1), computed from rows — pure: no clock, no I/O, so the
 * same rows always give the same figures and unit tests check them against hand-made sums.
 *
 * Definitions (docs/reports.md "Figures" says the same for readers):
 * - An order belongs to the period of its `createdAt` day in the report time zone; its amount
 *   is its total in cents. By-status counts use the order's status now.
 * - Durations are wall-clock hours (not working hours), rounded to 2 decimals; median and p90
 *   use linear interpolation between the closest ranks (Excel PERCENTILE.INC, R type 7): for
 *   n sorted values, the q-quantile is at position (n − 1)·q.
 * - Shares are fractions 0..1 rounded to 4 decimals, null when nothing was counted.
 * - After-sales: cases opened in the period; refunds granted (`refundedAt`) in the period,
 *   whenever their case was opened. Net amount = order amount − refunds granted.
 */

import { CASE_TYPES } from '../domain/after-sales.ts';
import { EXCEPTION_KINDS } from '../domain/fulfilment.ts';
import { CANCEL_REASONS, CHANGE_KINDS } from '../domain/order-change.ts';
import { APPROVAL_ROLES, CHANNELS, PRIORITIES } from '../domain/order-schema.ts';
import type { RushSettings } from '../domain/rush-settings.ts';
import { ORDER_STATUSES } from '../domain/status.ts';
import { bucketsOf, periodBounds, startOfDay } from './period.ts';
import {
  CHANGE_KEYS,
  type Change,
  type ChangeFigures,
  type ChangeKey,
  type CountAmount,
  type Durations,
  type FulfilmentFigures,
  type Granularity,
  type PeriodFigures,
  type ReportPeriod,
  type RushFigures,
  type SeriesPoint,
} from './report.ts';
import type { ReportCaseRow, ReportChangeRow, ReportOrderRow, RushWindowCount } from './report-source.ts';

/** Every known key is present in the tables (zeros included), in the domain's order. */
export const CHANNEL_KEYS: readonly string[] = CHANNELS;
export const STATUS_KEYS: readonly string[] = ORDER_STATUSES;
export const PRIORITY_KEYS: readonly string[] = PRIORITIES;
export const APPROVAL_TIERS: readonly string[] = APPROVAL_ROLES;
export const CASE_TYPE_KEYS: readonly string[] = CASE_TYPES;
export const TOP_N = 10;

export interface FigureOptions {
  timeZone: string;
  /** Closed progress windows per rush order id (R-RUSH-6). */
  rushWindows: ReadonlyMap<string, RushWindowCount>;
  /** R-RUSH-3, R-RUSH-6: the answer time and report interval the rush figures are measured against. */
  rush: RushSettings;
  /** R-PROC-6, R-CHG-1..3: change requests filed in the two periods. */
  changes?: readonly ReportChangeRow[];
}

const HOUR_MS = 3_600_000;
const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const share = (part: number, whole: number): number | null => (whole > 0 ? round(part / whole, 4) : null);

/** The q-quantile (0..1) of values by linear interpolation between closest ranks; null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Count, median and p90 of durations given in hours, rounded to 2 decimals. */
export function durations(hours: readonly number[]): Durations {
  const median = quantile(hours, 0.5);
  const p90 = quantile(hours, 0.9);
  return {
    count: hours.length,
    medianHours: median === null ? null : round(median, 2),
    p90Hours: p90 === null ? null : round(p90, 2),
  };
}

const hoursBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / HOUR_MS;

function tally(keys: readonly string[]): Record<string, CountAmount> {
  return Object.fromEntries(keys.map((k) => [k, { count: 0, amount: 0 }]));
}
function add(table: Record<string, CountAmount>, key: string, amount: number): void {
  const entry = (table[key] ??= { count: 0, amount: 0 });
  entry.count += 1;
  entry.amount += amount;
}

function rushFigures(
  orders: readonly ReportOrderRow[],
  windows: FigureOptions['rushWindows'],
  settings: RushSettings,
): RushFigures {
  const answerMs = settings.decisionMinutes * 60_000;
  const rush = orders.filter((o) => o.rush);
  const decided = rush.filter((o) => o.rush?.decidedAt);
  const answered = decided.filter(
    (o) => Date.parse(o.rush!.decidedAt!) - Date.parse(o.rush!.filedAt) <= answerMs,
  ).length;
  let closed = 0;
  let complete = 0;
  for (const o of rush) {
    const w = windows.get(o.orderId);
    closed += w?.closed ?? 0;
    complete += w?.complete ?? 0;
  }
  const delivered = rush.filter((o) => o.deliveredAt);
  const onTime = delivered.filter((o) => Date.parse(o.deliveredAt!) <= Date.parse(o.rush!.requiredBy)).length;
  return {
    orders: rush.length,
    decisionMinutes: settings.decisionMinutes,
    intervalMinutes: settings.intervalMinutes,
    decided: decided.length,
    answeredWithinHour: answered,
    answeredWithinHourShare: share(answered, decided.length),
    windows: closed,
    windowsComplete: complete,
    windowsCompleteShare: share(complete, closed),
    delivered: delivered.length,
    deliveredOnTime: onTime,
    onTimeShare: share(onTime, delivered.length),
  };
}

/** R-PROC-6, R-CHG-1..3: changes and cancellations by kind and reason, every key present. */
function changeFigures(rows: readonly ReportChangeRow[]): ChangeFigures {
  const zeros = (keys: readonly string[]) =>
    Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;
  const requestedByKind = zeros(CHANGE_KINDS);
  const appliedByKind = zeros(CHANGE_KINDS);
  const cancellationsByReason = zeros(CANCEL_REASONS);
  for (const r of rows) {
    requestedByKind[r.kind] = (requestedByKind[r.kind] ?? 0) + 1;
    if (r.status === 'applied') appliedByKind[r.kind] = (appliedByKind[r.kind] ?? 0) + 1;
    if (r.kind === 'cancel' && r.reason)
      cancellationsByReason[r.reason] = (cancellationsByReason[r.reason] ?? 0) + 1;
  }
  return { requestedByKind, appliedByKind, cancellationsByReason };
}

/** The end of a Beijing day, as an instant: a delivery by then is on time. */
const endOfDay = (day: string): number => Date.parse(`${day}T23:59:59.999+08:00`);

/** R-PROC-7, R-TRACK-2/3: delivery against the requested date, lead time, shipments, exceptions. */
function fulfilmentFigures(rows: readonly ReportOrderRow[]): FulfilmentFigures {
  const delivered = rows.filter((o) => o.deliveredAt);
  const onTime = delivered.filter(
    (o) => o.requestedDate !== undefined && Date.parse(o.deliveredAt!) <= endOfDay(o.requestedDate),
  ).length;
  const exceptionsByKind: Record<string, number> = Object.fromEntries(EXCEPTION_KINDS.map((k) => [k, 0]));
  for (const o of rows)
    for (const kind of o.exceptionKinds ?? []) exceptionsByKind[kind] = (exceptionsByKind[kind] ?? 0) + 1;
  return {
    delivered: delivered.length,
    deliveredOnTime: onTime,
    onTimeShare: share(onTime, delivered.length),
    leadTime: durations(delivered.map((o) => hoursBetween(o.createdAt, o.deliveredAt!))),
    partiallyShipped: rows.filter((o) => (o.shipments ?? 0) > 1).length,
    exceptionsByKind,
    completed: rows.filter((o) => o.status === 'completed').length,
    archived: rows.filter((o) => o.status === 'archived').length,
  };
}

function topCustomers(orders: readonly ReportOrderRow[]): PeriodFigures['topCustomers'] {
  const by = new Map<
    string,
    { customerKey: string; name: string; count: number; amount: number; last: string }
  >();
  for (const o of orders) {
    const c = by.get(o.customerKey);
    if (!c) {
      by.set(o.customerKey, {
        customerKey: o.customerKey,
        name: o.customerName,
        count: 1,
        amount: o.totalAmount,
        last: o.createdAt,
      });
      continue;
    }
    c.count += 1;
    c.amount += o.totalAmount;
    // The name as the customer gave it on their latest order of the period.
    if (o.createdAt > c.last) [c.name, c.last] = [o.customerName, o.createdAt];
  }
  return [...by.values()]
    .sort((a, b) => b.amount - a.amount || b.count - a.count || a.customerKey.localeCompare(b.customerKey))
    .slice(0, TOP_N)
    .map(({ customerKey, name, count, amount }) => ({ customerKey, name, count, amount }));
}

function topProducts(orders: readonly ReportOrderRow[]): PeriodFigures['topProducts'] {
  const by = new Map<string, { sku: string; name: string; quantity: number; amount: number }>();
  for (const o of orders)
    for (const line of o.items) {
      const p = by.get(line.sku) ?? { sku: line.sku, name: line.name, quantity: 0, amount: 0 };
      p.quantity += line.quantity;
      p.amount += line.lineAmount;
      by.set(line.sku, p);
    }
  return [...by.values()]
    .sort((a, b) => b.amount - a.amount || b.quantity - a.quantity || a.sku.localeCompare(b.sku))
    .slice(0, TOP_N);
}

/**
 * The figures of one period. `orders` and `cases` may hold rows outside the period (the
 * source reads whole index days; cases are read back further for refunds): each figure keeps
 * only what belongs to the period by the definitions above.
 */
export function computeFigures(
  orders: readonly ReportOrderRow[],
  cases: readonly ReportCaseRow[],
  period: ReportPeriod,
  granularity: Granularity,
  options: FigureOptions,
): PeriodFigures {
  const { start, end } = periodBounds(period, options.timeZone);
  const inPeriod = (at: string | undefined): boolean => {
    if (!at) return false;
    const t = Date.parse(at);
    return t >= start.getTime() && t < end.getTime();
  };
  const rows = orders.filter((o) => inPeriod(o.createdAt));

  const byChannel = tally(CHANNEL_KEYS);
  const byStatus = tally(STATUS_KEYS);
  const byPriority = tally(PRIORITY_KEYS);
  const buckets = bucketsOf(period, granularity);
  const series: SeriesPoint[] = buckets.map((bucket) => ({ bucket, count: 0, amount: 0 }));
  // Where each bucket starts, as an instant, so a row finds its bucket without a date format.
  const starts = buckets.map((b) => startOfDay(b, options.timeZone).getTime());
  let amount = 0;
  for (const o of rows) {
    amount += o.totalAmount;
    add(byChannel, o.channel, o.totalAmount);
    add(byStatus, o.status, o.totalAmount);
    add(byPriority, o.priority, o.totalAmount);
    const t = Date.parse(o.createdAt);
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > t) i -= 1;
    series[i]!.count += 1;
    series[i]!.amount += o.totalAmount;
  }

  const toApproved = rows.filter((o) => o.approvedAt).map((o) => hoursBetween(o.createdAt, o.approvedAt!));
  const toDelivered = rows.filter((o) => o.deliveredAt).map((o) => hoursBetween(o.createdAt, o.deliveredAt!));
  const breached = rows.filter((o) => o.slaBreached).length;

  const approvals = APPROVAL_TIERS.map((tier) => {
    const decisions = rows.flatMap((o) => o.approvals.filter((a) => a.step === tier));
    return {
      tier,
      count: decisions.length,
      approved: decisions.filter((d) => d.decision === 'approve').length,
      rejected: decisions.filter((d) => d.decision === 'reject').length,
      answer: durations(
        decisions.filter((d) => d.requestedAt).map((d) => hoursBetween(d.requestedAt!, d.at)),
      ),
    };
  });

  const opened = cases.filter((c) => inPeriod(c.createdAt));
  const byType: Record<string, number> = Object.fromEntries(CASE_TYPE_KEYS.map((t) => [t, 0]));
  for (const c of opened) byType[c.caseType] = (byType[c.caseType] ?? 0) + 1;
  const refunded = cases.filter((c) => inPeriod(c.refundedAt) && (c.refundAmount ?? 0) > 0);
  const refundAmount = refunded.reduce((sum, c) => sum + (c.refundAmount ?? 0), 0);

  return {
    period: { from: period.from, to: period.to },
    orders: { count: rows.length, amount },
    netAmount: amount - refundAmount,
    byChannel,
    byStatus,
    byPriority,
    series,
    processing: { toApproved: durations(toApproved), toDelivered: durations(toDelivered) },
    sla: { breached, share: share(breached, rows.length) },
    rush: rushFigures(rows, options.rushWindows, options.rush),
    fulfilment: fulfilmentFigures(rows),
    changes: changeFigures((options.changes ?? []).filter((c) => inPeriod(c.createdAt))),
    approvals,
    afterSales: {
      cases: opened.length,
      byType,
      refunds: { count: refunded.length, amount: refundAmount },
    },
    topCustomers: topCustomers(rows),
    topProducts: topProducts(rows),
  };
}

/** The value of a headline figure by its dotted key, e.g. `processing.toApproved.medianHours`. */
export function figureAt(figures: PeriodFigures, key: ChangeKey): number | null {
  let value: unknown = figures;
  for (const part of key.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return typeof value === 'number' ? value : null;
}

/**
 * How each headline figure moved: delta = current − previous (null when either is null),
 * ratio = delta / previous (null when previous is 0 or null), both rounded to 4 decimals.
 */
export function compareFigures(current: PeriodFigures, previous: PeriodFigures): Record<ChangeKey, Change> {
  const out = {} as Record<ChangeKey, Change>;
  for (const key of CHANGE_KEYS) {
    const c = figureAt(current, key);
    const p = figureAt(previous, key);
    const delta = c === null || p === null ? null : round(c - p, 4);
    out[key] = { current: c, previous: p, delta, ratio: delta === null || !p ? null : round(delta / p, 4) };
  }
  return out;
}
