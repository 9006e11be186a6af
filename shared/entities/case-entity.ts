/**
 * How an after-sales case is stored (R-AFTER-1; STYLE.md 4: entities own their keys). One item
 * per case under its order's partition — `pk = ORDER#<orderId>`, `sk = CASE#<caseId>` — so an
 * order's cases are one Query. The history lives in the item and is only ever appended to with
 * `list_append` under the version condition (R-ARCH-2): a status change and its history entry
 * are one atomic write.
 *
 * Index keys it carries, for the reports (R-REPORT-1, the `by-day` index):
 * `dayPk = DAY#<YYYY-MM-DD>` (Asia/Shanghai business day the case was opened) and
 * `daySk = CASE#<createdAt>#<caseId>`. The report reads `orderId, caseId, caseType, caseStatus,
 * refundAmount, refundedAt, createdAt`; `refundAmount` is set only when a refund is granted
 * (the amount asked for is `requestedAmount`).
 *
 * While a case waits on after-sales (`open` or `in_progress`) it also carries the `work-queue`
 * index keys `queuePk = CASES`, `queueSk = <createdAt>#<caseId>` (a partition of its own, beside
 * the orders' `QUEUE`): "My work" reads after-sales' open cases oldest first with one Query
 * (R-PROC-1, R-AFTER-1). The keys go when the case is resolved, closed or rejected.
 */
import type { CaseStatus, CaseType } from '../domain/after-sales.ts';
import { businessDay } from '../domain/calendar.ts';

export interface CaseHistoryEntry {
  at: string;
  actor: string;
  /** `opened`, or a case action (`start`, `resolve`, `grant-refund`, …). */
  action: string;
  from?: CaseStatus;
  to?: CaseStatus;
  note?: string;
  /** Cents: the refund asked for (opened) or granted (grant-refund). */
  amount?: number;
}

export interface AfterSalesCase {
  caseId: string;
  orderId: string;
  /** The order's number, for messages and lists. */
  orderNumber: string;
  caseType: CaseType;
  caseStatus: CaseStatus;
  description: string;
  openedBy: string;
  assignee: string | null;
  /** First response due (working calendar); met when the case first leaves `open`. */
  responseDeadline: string;
  respondedAt?: string;
  /** Refund cases: cents asked for. */
  requestedAmount?: number;
  /** Refund cases, once granted: cents granted and when. */
  refundAmount?: number;
  refundedAt?: string;
  resolvedAt?: string;
  history: CaseHistoryEntry[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Case attributes a change may set (never keys, history or version, which the store owns). */
export type CaseFields = Partial<
  Pick<AfterSalesCase, 'assignee' | 'respondedAt' | 'refundAmount' | 'refundedAt' | 'resolvedAt'>
>;

export interface CaseChange {
  caseStatus: CaseStatus;
  set?: CaseFields;
  /** Appended in the same write (R-ARCH-2). */
  history: CaseHistoryEntry;
  updatedAt: string;
}

export const CASE_SK_PREFIX = 'CASE#';

export const caseKey = (orderId: string, caseId: string) => ({
  pk: `ORDER#${orderId}`,
  sk: `${CASE_SK_PREFIX}${caseId}`,
});

/** The `by-day` index keys (names fixed with the reports). */
export const caseDayKeys = (c: Pick<AfterSalesCase, 'createdAt' | 'caseId'>) => ({
  dayPk: `DAY#${businessDay(new Date(c.createdAt))}`,
  daySk: `CASE#${c.createdAt}#${c.caseId}`,
});

/** The `work-queue` partition of the cases that wait on after-sales. */
export const CASE_QUEUE_PK = 'CASES';

/** Whether a case in this status waits on after-sales (and so is in the work queue). */
export const caseWaits = (status: CaseStatus): boolean => status === 'open' || status === 'in_progress';

/** The `work-queue` keys of a case that waits; none once it is done. */
export const caseQueueKeys = (
  c: Pick<AfterSalesCase, 'createdAt' | 'caseId' | 'caseStatus'>,
): { queuePk: string; queueSk: string } | undefined =>
  caseWaits(c.caseStatus) ? { queuePk: CASE_QUEUE_PK, queueSk: `${c.createdAt}#${c.caseId}` } : undefined;

export function caseToItem(c: AfterSalesCase): Record<string, unknown> {
  return { ...caseKey(c.orderId, c.caseId), entity: 'case', ...caseDayKeys(c), ...caseQueueKeys(c), ...c };
}

const INTERNAL = ['pk', 'sk', 'entity', 'dayPk', 'daySk', 'queuePk', 'queueSk'];

export function itemToCase(item: Record<string, unknown>): AfterSalesCase {
  const c = Object.fromEntries(
    Object.entries(item).filter(([k]) => !INTERNAL.includes(k)),
  ) as unknown as AfterSalesCase;
  c.assignee = c.assignee ?? null;
  return c;
}

/** After-sales cases in the table (shared/adapters/dynamo-case-store.ts; in memory in unit tests). */
export interface CaseStore {
  /** Writes a new case; never overwrites one. */
  create(c: AfterSalesCase): Promise<void>;
  get(orderId: string, caseId: string): Promise<AfterSalesCase | undefined>;
  /** The order's cases, oldest first (case ids are ULIDs). */
  listForOrder(orderId: string): Promise<AfterSalesCase[]>;
  /**
   * The cases waiting on after-sales (`open`, `in_progress`), oldest first, at most `limit`
   * (My work, R-PROC-1); `total` counts them all.
   */
  waiting(limit: number): Promise<{ cases: AfterSalesCase[]; total: number }>;
  /**
   * Applies a change to the case as the caller read it, only if its version is still the stored
   * one (optimistic locking); otherwise throws ConflictError.
   */
  update(current: AfterSalesCase, change: CaseChange): Promise<AfterSalesCase>;
  /**
   * R-AFTER-1: takes `amount` from what the order may still refund (`orderTotal` minus refunds
   * granted) in ONE conditional write on the order's refund ledger, so two grants at the same
   * moment cannot together exceed the total; `'over'` when it does not fit. `grantedBefore`
   * (the refunds on its cases) starts the ledger of an order that has none yet.
   */
  reserveRefund(
    orderId: string,
    amount: number,
    orderTotal: number,
    grantedBefore: number,
  ): Promise<'reserved' | 'over'>;
  /** Gives a reservation back when the case write that should follow it failed. */
  releaseRefund(orderId: string, amount: number): Promise<void>;
}

/** The order's refund ledger: one item beside its cases. */
export const refundLedgerKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'REFUNDS' });
