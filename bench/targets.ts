/** The targets each benchmark is judged against (PASS/FAIL in bench/results.md). */
export const TARGETS = {
  intakeShareOfBaseline: 0.33,
  intakeP99Ms: 250,
  fixedRate: 100,
  fixedP99Ms: 100,
  bundleKb: 500,
  moduleLoadMs: 150,
  /** Intake write units of a normal order: the table, work-queue, by-day and order-list entries. */
  writeUnitsPerOrder: 4,
  /** p99 of one filtered page of the order list at 100,000 orders, in ms (R-PROC-7). */
  orderListP99Ms: 150,
  /** State transitions of the approval machine for an order ops approves (tier 1). */
  tier1Transitions: 12,
  /** State transitions per 2-hour report window of a rush order's progress loop. */
  rushTransitionsPerWindow: 6,
  /** The daily report (yesterday vs the day before) over 100,000 orders in 90 days, in ms (R-REPORT-1). */
  dailyReportMs: 5000,
  /** A 1,000-line emailed XLSX order sheet through `extractOrder`, p95 in ms (R-INTAKE-6; no target given: 1 s). */
  orderSheetParseMs: 1000,
  /** Email intake end to end locally: SMTP accept → registered order, messages per second (issue 5). */
  emailMessagesPerSecond: 50,
  /** Importing a price list of 10,000 products locally, in ms (R-MASTER-1, issue 18). */
  importProductsMs: 30_000,
};
