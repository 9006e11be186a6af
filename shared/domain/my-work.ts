/**
 * "My work" (我的待办, R-PROC-1, R-PROC-7): what waits on each role, so that nothing waiting on
 * someone is in nobody's queue. Each kind of work is a status of the order list, narrowed by
 * what the order list index projects (whose approval step it is, whether production finished,
 * who the order is assigned to). Within a queue: urgent → important → normal, oldest first.
 */
import type { StaffRole } from './roles.ts';
import type { OrderStatus } from './status.ts';

/** An order list entry with what deciding "whose turn" needs. */
export interface WorkEntry {
  orderId: string;
  status: OrderStatus;
  priority: string;
  createdAt: string;
  assignee?: string;
  /** The role an approval step waits for. */
  awaiting?: string;
  /** Production finished (ready to ship). */
  produced?: boolean;
  /** Delivery exceptions recorded, not yet delivered. */
  exceptions?: number;
}

export interface WorkKind {
  /** Stable key, also the i18n key of the heading (`work.<key>`). */
  key: string;
  status: OrderStatus;
  /** Whether an entry of that status is this kind of work for `me`. */
  test?: (entry: WorkEntry, me: { email: string; role: StaffRole }) => boolean;
}

const awaiting = (role: string) => (e: WorkEntry) => e.awaiting === role;
const mine = (e: WorkEntry, me: { email: string }) =>
  (e.assignee ?? '').toLowerCase() === me.email.toLowerCase();

const UNDERWAY: readonly OrderStatus[] = ['approved', 'in_production', 'shipped'];
const mineRush = (e: WorkEntry, me: { email: string }) => mine(e, me) && e.priority === 'urgent';
const mineNotRush = (e: WorkEntry, me: { email: string }) => mine(e, me) && e.priority !== 'urgent';

/** What waits on each role. Roles not listed have no order work (their work is elsewhere). */
export const WORK_BY_ROLE: Partial<Record<StaffRole, readonly WorkKind[]>> = {
  ops: [
    { key: 'toReview', status: 'received' },
    { key: 'underReview', status: 'under_review' },
    { key: 'held', status: 'on_hold' },
  ],
  production: [
    { key: 'toStart', status: 'approved' },
    { key: 'inProduction', status: 'in_production', test: (e) => !e.produced },
  ],
  logistics: [
    { key: 'toShip', status: 'in_production', test: (e) => e.produced === true },
    { key: 'toDeliver', status: 'shipped' },
    // R-TRACK-3: an order with a delivery exception stays in logistics' work until delivered.
    { key: 'exceptions', status: 'in_production', test: (e) => (e.exceptions ?? 0) > 0 },
    { key: 'exceptions', status: 'shipped', test: (e) => (e.exceptions ?? 0) > 0 },
  ],
  sales: [
    { key: 'mineOpen', status: 'received', test: mine },
    { key: 'mineOpen', status: 'under_review', test: mine },
    { key: 'mineHeld', status: 'on_hold', test: mine },
    // Their own orders under way, rush orders apart: sales reports a rush order's progress (R-RUSH-6).
    ...UNDERWAY.map((status) => ({ key: 'mineRush', status, test: mineRush })),
    ...UNDERWAY.map((status) => ({ key: 'mineUnderway', status, test: mineNotRush })),
    { key: 'toComplete', status: 'delivered' },
  ],
  sales_director: [
    { key: 'decide', status: 'under_review', test: awaiting('sales_director') },
    { key: 'held', status: 'on_hold' },
  ],
  gm: [
    { key: 'decide', status: 'under_review', test: awaiting('gm') },
    { key: 'held', status: 'on_hold' },
  ],
};

const RANK: Record<string, number> = { urgent: 0, important: 1, normal: 2 };

/** R-PROC-1: urgent → important → normal, oldest first within each. */
export const workOrder = (a: WorkEntry, b: WorkEntry): number =>
  (RANK[a.priority] ?? 3) - (RANK[b.priority] ?? 3) || a.createdAt.localeCompare(b.createdAt);

/** The statuses no role's work covers: they must be the ends of the graph. */
export function statusesInSomeQueue(): Set<OrderStatus> {
  return new Set(Object.values(WORK_BY_ROLE).flatMap((kinds) => (kinds ?? []).map((k) => k.status)));
}
