import type { QuotationFigures } from './quotation-figures.ts';

/**
 * The shape of a report (R-REPORT-1, R-REPORT-2): what `GET /api/reports/summary` answers as
 * JSON, what the CSV/XLSX files and the scheduled emails are made from, and what the dashboard
 * draws. Amounts are integer cents (fen); days are `YYYY-MM-DD` in the report time zone
 * (Asia/Shanghai by default), both ends inclusive.
 */

export type Granularity = 'day' | 'week' | 'month';

export interface ReportPeriod {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

export interface CountAmount {
  count: number;
  /** Cents. */
  amount: number;
}

/** Durations in hours over the orders that reached the step; null when none did. */
export interface Durations {
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface SeriesPoint {
  /** First day of the bucket (a day, the Monday of a week, the 1st of a month). */
  bucket: string;
  count: number;
  amount: number;
}

export interface ApprovalFigures {
  /** The approval step: `ops`, `sales_director` or `gm`. */
  tier: string;
  /** Decisions taken in this step for orders of the period. */
  count: number;
  approved: number;
  rejected: number;
  /** From the request of the step to its decision. */
  answer: Durations;
}

export interface RushFigures {
  /** Rush orders received in the period. */
  orders: number;
  /** The targets these figures were measured against (RUSH_DECISION_MINUTES, RUSH_REPORT_INTERVAL_MINUTES). */
  decisionMinutes: number;
  intervalMinutes: number;
  /** Of those decided, answered (accepted or rejected) within `decisionMinutes` of the application (R-RUSH-2). */
  decided: number;
  answeredWithinHour: number;
  answeredWithinHourShare: number | null;
  /** Progress windows (every `intervalMinutes`) closed so far, and those with both reports (R-RUSH-5). */
  windows: number;
  windowsComplete: number;
  windowsCompleteShare: number | null;
  /** Delivered, and delivered on or before the requested date. */
  delivered: number;
  deliveredOnTime: number;
  onTimeShare: number | null;
}

export interface AfterSalesFigures {
  /** After-sales cases opened in the period (R-AFTER-1), by type. */
  cases: number;
  byType: Record<string, number>;
  /** Refunds granted in the period; amount in cents. */
  refunds: CountAmount;
}

export interface TopCustomer {
  customerKey: string;
  /** Company, else the contact name; never the phone or email (R-SEC-1). */
  name: string;
  count: number;
  amount: number;
}

export interface TopProduct {
  sku: string;
  name: string;
  quantity: number;
  amount: number;
}

/** The figures of one period. */
/** How the orders received in the period were fulfilled (R-PROC-7, R-TRACK-2, R-TRACK-3). */
export interface FulfilmentFigures {
  /** Delivered, and delivered by the end of the requested day (Beijing). */
  delivered: number;
  deliveredOnTime: number;
  onTimeShare: number | null;
  /** Received → delivered, wall-clock hours. */
  leadTime: Durations;
  /** Orders shipped in more than one shipment. */
  partiallyShipped: number;
  /** Delivery exceptions by kind (shortage, damage, delay, quality). */
  exceptionsByKind: Record<string, number>;
  /** Of the orders received in the period, those now completed, and archived. */
  completed: number;
  archived: number;
}

export interface ChangeFigures {
  requestedByKind: Record<string, number>;
  appliedByKind: Record<string, number>;
  cancellationsByReason: Record<string, number>;
}

export interface PeriodFigures {
  period: ReportPeriod;
  /** Orders received in the period (by the day of `createdAt`); amount is the order total. */
  orders: CountAmount;
  /** `orders.amount` minus refunds granted in the period. */
  netAmount: number;
  byChannel: Record<string, CountAmount>;
  /** By the current status of the orders received in the period. */
  byStatus: Record<string, CountAmount>;
  byPriority: Record<string, CountAmount>;
  /** Orders per bucket of the granularity, every bucket present (zeros included). */
  series: SeriesPoint[];
  processing: {
    /** From received to approved. */
    toApproved: Durations;
    /** From received to delivered. */
    toDelivered: Durations;
  };
  /** Orders past the 2-working-day approval SLA (R-PROC-5). */
  sla: { breached: number; share: number | null };
  rush: RushFigures;
  fulfilment: FulfilmentFigures;
  /**
   * R-PROC-6, R-CHG-1..3: change requests filed in the period by kind (staff's and customers'),
   * those of them applied by now, and cancellation requests by reason.
   */
  changes: ChangeFigures;
  approvals: ApprovalFigures[];
  afterSales: AfterSalesFigures;
  /** At most 10 each, by amount, largest first. */
  topCustomers: TopCustomer[];
  topProducts: TopProduct[];
  /**
   * R-QUOTE-1..3 in the reports: quotations made in the period (quotation-figures.ts); absent
   * where the source reads no quotations.
   */
  quotations?: QuotationFigures;
}

/** Receivables ages in days since delivery (R-FIN-2). */
export type ReceivablesBucket = '0-30' | '31-60' | '61-90' | '90+';

/**
 * R-FIN-2 in the reports: what `GET /api/reports/receivables` answers (receivablesReport of
 * shared/use-cases/billing.ts). Balances: only for finance, ops and gm (R-SEC-2,
 * BALANCE_VIEWERS), so a report carries them only for those recipients.
 */
export interface ReceivablesFigures {
  from: string;
  to: string;
  /** Cents outstanding on `to`, all customers. */
  outstanding: number;
  buckets: Record<ReceivablesBucket, number>;
  invoicesIssued: CountAmount;
  paymentsReceived: CountAmount;
  /** Customers with a balance, largest first; the key is never shown in a report (R-SEC-1). */
  customers: {
    customerKey: string;
    name: string;
    outstanding: number;
    buckets: Record<ReceivablesBucket, number>;
  }[];
}

/** How one headline figure moved from the previous period. */
export interface Change {
  current: number | null;
  previous: number | null;
  /** current − previous; null when either is null. */
  delta: number | null;
  /** delta / previous; null when previous is 0 or null. */
  ratio: number | null;
}

/** The headline figures compared with the previous period, by these keys. */
export const CHANGE_KEYS = [
  'orders.count',
  'orders.amount',
  'netAmount',
  'processing.toApproved.medianHours',
  'processing.toDelivered.medianHours',
  'sla.breached',
  'rush.answeredWithinHourShare',
  'rush.windowsCompleteShare',
  'rush.onTimeShare',
  'afterSales.cases',
  'afterSales.refunds.amount',
] as const;
export type ChangeKey = (typeof CHANGE_KEYS)[number];

export interface Report extends PeriodFigures {
  timezone: string;
  granularity: Granularity;
  generatedAt: string;
  /** The period of the same length just before. */
  previous: PeriodFigures;
  change: Record<ChangeKey, Change>;
  /** R-FIN-2: present only in a report for a reader who may see balances (R-SEC-2). */
  receivables?: ReceivablesFigures;
}
