/**
 * Where the report figures come from (R-REPORT-1, R-REPORT-2): the port `buildReport` reads
 * through, and the rows it hands to the pure computation in figures.ts. The DynamoDB adapter
 * (shared/adapters/dynamo-report-source.ts) answers from the `by-day` index — never a Scan;
 * unit tests hand in rows built by hand.
 *
 * Rows carry only what the figures need; customer rows carry a display name (company, else the
 * contact name) and never a phone or an email (R-SEC-1).
 */

import type { QuotationRow } from './quotation-figures.ts';

export interface ReportOrderLine {
  sku: string;
  name: string;
  quantity: number;
  /** Cents. */
  lineAmount: number;
}

/** One decision of the price-approval chain (R-PRICE-5). */
export interface ReportApproval {
  /** The step decided: `ops`, `sales_director` or `gm`. */
  step: string;
  decision: 'approve' | 'reject';
  at: string;
  /** When the step was requested; absent on orders decided before this was recorded. */
  requestedAt?: string;
}

export interface ReportRush {
  filedAt: string;
  /** The delivery time the application asked for (R-RUSH-1). */
  requiredBy: string;
  /** When leadership accepted or rejected it (R-RUSH-3). */
  decidedAt?: string;
  /** The 2-hour progress loop started (R-RUSH-6): only then are windows looked up. */
  loopStarted: boolean;
}

export interface ReportOrderRow {
  orderId: string;
  createdAt: string;
  channel: string;
  status: string;
  priority: string;
  /** Cents. */
  totalAmount: number;
  customerKey: string;
  /** Company, else the contact name (R-SEC-1: never a phone or email). */
  customerName: string;
  items: ReportOrderLine[];
  /** First time the order became `approved`. */
  approvedAt?: string;
  /** When the order became `delivered`. */
  deliveredAt?: string;
  /** R-PROC-5: the 2-working-day SLA passed before a decision. */
  slaBreached: boolean;
  rush?: ReportRush;
  approvals: ReportApproval[];
  /** The day the customer asked to receive it (YYYY-MM-DD, Beijing). */
  requestedDate?: string;
  /** How many shipments it went out in. */
  shipments?: number;
  /** The kinds of its delivery exceptions, one per exception. */
  exceptionKinds?: string[];
}

/** R-PROC-6, R-CHG-1..3: a change request, by the day it was filed (its own `by-day` entry). */
export interface ReportChangeRow {
  changeId: string;
  createdAt: string;
  kind: string;
  /** A cancellation's reason. */
  reason?: string;
  status: string;
}

/** An after-sales case (R-AFTER-1), as the after-sales items carry it on the `by-day` index. */
export interface ReportCaseRow {
  caseId: string;
  orderId: string;
  caseType: string;
  caseStatus: string;
  /** When the case was opened. */
  createdAt: string;
  /** Cents granted, when a refund was granted. */
  refundAmount?: number;
  /** When the refund was granted. */
  refundedAt?: string;
}

/** Closed 2-hour progress windows of a rush order, and those with both reports (R-RUSH-6). */
export interface RushWindowCount {
  closed: number;
  complete: number;
}

/** Instants `start` (inclusive) to `end` (exclusive): the bounds of a period in its time zone. */
export interface TimeRange {
  start: Date;
  end: Date;
}

export interface ReportSource {
  /** Orders received in the range (by `createdAt`). */
  orders(range: TimeRange): Promise<ReportOrderRow[]>;
  /** After-sales cases opened in the range (by the case's `createdAt`). */
  cases(range: TimeRange): Promise<ReportCaseRow[]>;
  /** Closed progress windows of these rush orders, by order id (missing = none closed). */
  rushWindows(orderIds: readonly string[]): Promise<Map<string, RushWindowCount>>;
  /** Quotations made in the range (R-QUOTE-1..3); sources without them report none. */
  quotations?(range: TimeRange): Promise<QuotationRow[]>;
  /** Change requests filed in the range (R-PROC-6); sources without them count none. */
  changes?(range: TimeRange): Promise<ReportChangeRow[]>;
}
