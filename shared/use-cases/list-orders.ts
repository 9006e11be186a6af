/**
 * Find orders (订单列表, R-PROC-7): every order, archived ones included, newest first, by the
 * filters of shared/domain/order-list.ts, one page at a time.
 * 1. Check the cursor: signed by this system and made for these filters, else 400.
 * 2. Read each status's partition of the `order-list` index from the cursor's place (one Query
 *    per status, in parallel), each until it has a page of matches or has read its share of
 *    the read budget.
 * 3. Merge newest first. Where a partition stopped early, the page ends at the newest place
 *    such a partition reached, so nothing older is skipped; the cursor continues from there.
 * 4. Count each status for the same filters (each count reads at most
 *    COUNT_CAP entries; beyond it the count says "at least").
 */
import { ValidationError } from '../domain/errors.ts';
import {
  isAfter,
  type OrderListEntry,
  type OrderListFilters,
  type OrderListQuery,
  type Position,
  readListCursor,
  signListCursor,
  statusesOf,
} from '../domain/order-list.ts';
import { ORDER_STATUSES, type OrderStatus } from '../domain/status.ts';
import type { OrderListStore } from '../ports.ts';

/** Entries one page may read across all statuses before it answers with what it found. */
export const READ_BUDGET = 1500;
/** Entries one status count reads at most. */
export const COUNT_CAP = 200;

export interface OrderListPage {
  items: OrderListEntry[];
  /** Per status, for the filters other than `status` (every page: the API contract's shape). */
  counts?: Partial<Record<OrderStatus, number>>;
  /** False when some count stopped at COUNT_CAP: those counts are "at least". */
  countsExact?: boolean;
  nextCursor?: string;
}

const positionOf = (e: OrderListEntry): Position => ({ at: e.createdAt, id: e.orderId });
const newestFirst = (a: OrderListEntry, b: OrderListEntry): number =>
  isAfter(positionOf(a), positionOf(b)) ? 1 : isAfter(positionOf(b), positionOf(a)) ? -1 : 0;

export async function listOrders(
  deps: { list: OrderListStore; cursorSecret: string },
  query: OrderListQuery,
  options: { readBudget?: number; withCounts?: boolean } = {},
): Promise<OrderListPage> {
  const { limit, cursor, ...filters } = query;
  let after: Position | undefined;
  if (cursor) {
    const read = readListCursor(deps.cursorSecret, cursor, filters);
    if ('problem' in read)
      throw new ValidationError('Invalid query', [{ path: 'cursor', message: read.problem }]);
    after = read.position;
  }
  const statuses = statusesOf(filters);
  const budget = Math.ceil((options.readBudget ?? READ_BUDGET) / statuses.length);
  const [parts, counts] = await Promise.all([
    Promise.all(statuses.map((s) => deps.list.read(s, filters, after, limit + 1, budget))),
    (options.withCounts ?? true) ? countAll(deps.list, filters) : undefined,
  ]);
  // The newest place a partition stopped at: below it, that partition has not been read.
  let stop: Position | undefined;
  for (const part of parts) {
    if (part.frontier && (!stop || isAfter(stop, part.frontier))) stop = part.frontier;
  }
  const merged = parts
    .flatMap((p) => p.entries)
    .filter((e) => !stop || !isAfter(positionOf(e), stop))
    .sort(newestFirst);
  const items = merged.slice(0, limit);
  const last = items.at(-1);
  const next = merged.length > limit && last ? positionOf(last) : stop;
  return {
    items,
    ...(counts ?? {}),
    ...(next ? { nextCursor: signListCursor(deps.cursorSecret, next, filters) } : {}),
  };
}

async function countAll(
  list: OrderListStore,
  filters: OrderListFilters,
): Promise<{ counts: Partial<Record<OrderStatus, number>>; countsExact: boolean }> {
  const { status: _status, ...others } = filters;
  const results = await Promise.all(ORDER_STATUSES.map((s) => list.count(s, others, COUNT_CAP)));
  const counts: Partial<Record<OrderStatus, number>> = {};
  ORDER_STATUSES.forEach((s, i) => {
    counts[s] = results[i]!.count;
  });
  return { counts, countsExact: results.every((r) => r.exact) };
}
