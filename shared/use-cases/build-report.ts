/**
 * Build a report (R-REPORT-1, R-REPORT-2): the figures of a period and of the period of the
 * same length just before it, with the change of each headline figure.
 * 1. Resolve the period (a name such as `yesterday`, a `YYYY-MM-DD..YYYY-MM-DD` range, or days).
 * 2. Read, through the report source, the orders received in both periods (one read: they are
 *    adjacent), the after-sales cases opened in them or up to REFUND_LOOKBACK_DAYS before (a
 *    refund granted in the period may belong to an older case), and the closed progress windows
 *    of their rush orders.
 * 3. Read the quotations made in both periods (R-QUOTE-1..3), where the source has them.
 * 4. Compute both periods' figures (pure, shared/reports/figures.ts) and compare them.
 * Reads only; the source answers from indexes, never a Scan.
 */
import type { RushSettings } from '../domain/rush-settings.ts';
import { compareFigures, computeFigures } from '../reports/figures.ts';
import { addDays, periodBounds, previousPeriod, resolvePeriod } from '../reports/period.ts';
import { quotationFigures } from '../reports/quotation-figures.ts';
import type { Granularity, Report, ReportPeriod } from '../reports/report.ts';
import type { ReportSource } from '../reports/report-source.ts';

/** How far before a period cases are read back for refunds granted in it. */
export const REFUND_LOOKBACK_DAYS = 180;

export interface BuildReportRequest {
  /** A period, or its name: `today`, `yesterday`, `last-week`, `YYYY-MM-DD..YYYY-MM-DD`. */
  period: ReportPeriod | string;
  granularity?: Granularity;
  /** IANA zone the days are in; Asia/Shanghai in production (`reportTimeZone()`). */
  timeZone: string;
  now: Date;
  /** The rush settings in force (shared/config.ts `rushSettings()`): the rush figures' targets. */
  rush: RushSettings;
}

export async function buildReport(
  deps: { source: ReportSource },
  request: BuildReportRequest,
): Promise<Report> {
  const { timeZone, now } = request;
  const granularity = request.granularity ?? 'day';
  const period =
    typeof request.period === 'string' ? resolvePeriod(request.period, now, timeZone) : request.period;
  const previous = previousPeriod(period);
  const orders = await deps.source.orders({
    start: periodBounds(previous, timeZone).start,
    end: periodBounds(period, timeZone).end,
  });
  const cases = await deps.source.cases({
    start: periodBounds({ from: addDays(previous.from, -REFUND_LOOKBACK_DAYS), to: previous.to }, timeZone)
      .start,
    end: periodBounds(period, timeZone).end,
  });
  const rushWindows = await deps.source.rushWindows(
    orders.filter((o) => o.rush?.loopStarted).map((o) => o.orderId),
  );
  // R-PROC-6, R-CHG-1..3: change requests filed in the two periods.
  const changes = deps.source.changes
    ? await deps.source.changes({
        start: periodBounds(previous, timeZone).start,
        end: periodBounds(period, timeZone).end,
      })
    : [];
  const options = { timeZone, rushWindows, rush: request.rush, changes };
  const current = computeFigures(orders, cases, period, granularity, options);
  const before = computeFigures(orders, cases, previous, granularity, options);
  // R-QUOTE-1..3: quotations made in the two periods, beside the orders.
  if (deps.source.quotations) {
    const quotations = await deps.source.quotations({
      start: periodBounds(previous, timeZone).start,
      end: periodBounds(period, timeZone).end,
    });
    current.quotations = quotationFigures(quotations, period.from, period.to);
    before.quotations = quotationFigures(quotations, previous.from, previous.to);
  }
  return {
    ...current,
    timezone: timeZone,
    granularity,
    generatedAt: now.toISOString(),
    previous: before,
    change: compareFigures(current, before),
  };
}
