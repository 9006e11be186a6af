/**
 * My work (我的待办, R-PROC-1, R-PROC-7): for each of the caller's roles, the orders waiting on
 * that role (shared/domain/my-work.ts), urgent → important → normal, oldest first.
 * 1. Read each status the caller's roles care about once, oldest first, from the `order-list`
 *    index (at most SCAN_PER_STATUS per status — a Query, never a Scan).
 * 2. Sort each role's kinds of work into groups; a group shows at most `limit` orders and says
 *    how many wait in all.
 * 3. After-sales: the cases waiting on them (open, in progress), oldest first, from the
 *    `work-queue` index's `CASES` partition (shared/entities/case-entity.ts); ops: customers' own
 *    change requests not yet taken up, from its `CHANGES` partition.
 * 4. Production, ops and quality where configured: the orders whose special requirements wait
 *    for their department's opinion (R-SPEC-1), from its `SPECIAL` partition.
 */
import { WORK_BY_ROLE, type WorkEntry, workOrder } from '../domain/my-work.ts';
import type { OrderListEntry } from '../domain/order-list.ts';
import type { StaffRole } from '../domain/roles.ts';
import { specialReviewDepartments } from '../domain/special-review.ts';
import type { OrderStatus } from '../domain/status.ts';
import type { CaseStore } from '../entities/case-entity.ts';
import type { ChangeStore, OrderListStore, SpecialReviewQueue, SpecialWaiting } from '../ports.ts';

/** Entries read per status: the oldest, which are the ones waiting longest. */
export const SCAN_PER_STATUS = 500;

/** An after-sales case waiting on after-sales (R-AFTER-1), as My work lists it. */
export interface WorkCase {
  orderId: string;
  orderNumber: string;
  caseId: string;
  caseType: string;
  caseStatus: string;
  createdAt: string;
  responseDeadline: string;
  assignee: string | null;
}

/** A customer's own change request waiting on ops (R-PROC-6), as My work lists it. */
export interface WorkChange {
  orderId: string;
  orderNumber: string;
  changeId: string;
  changeKind: string;
  createdAt: string;
}

export interface WorkGroup {
  role: StaffRole;
  key: string;
  total: number;
  items: (OrderListEntry | WorkCase | WorkChange | SpecialWaiting)[];
}

/** The roles whose work includes the cases waiting on after-sales. */
const CASE_ROLES: readonly StaffRole[] = ['after_sales'];
/** The roles that take up customers' own change requests. */
const CHANGE_ROLES: readonly StaffRole[] = ['ops'];

export async function listMyWork(
  deps: {
    list: OrderListStore;
    cases: Pick<CaseStore, 'waiting'>;
    changes: Pick<ChangeStore, 'requested'>;
    /** R-SPEC-1: orders waiting for special-requirement opinions, and who stands for quality. */
    special?: Pick<SpecialReviewQueue, 'waiting'>;
    qualityRole?: string;
  },
  me: { email: string; roles: readonly StaffRole[] },
  limit = 20,
): Promise<{ groups: WorkGroup[] }> {
  const kinds = me.roles.flatMap((role) => (WORK_BY_ROLE[role] ?? []).map((kind) => ({ role, kind })));
  const statuses = [...new Set(kinds.map((k) => k.kind.status))];
  const read = new Map<OrderStatus, OrderListEntry[]>();
  await Promise.all(
    statuses.map(async (s) => {
      read.set(s, await deps.list.oldest(s, SCAN_PER_STATUS));
    }),
  );
  const groups = new Map<string, WorkGroup>();
  for (const { role, kind } of kinds) {
    const id = `${role}:${kind.key}`;
    const group = groups.get(id) ?? { role, key: kind.key, total: 0, items: [] };
    groups.set(id, group);
    for (const entry of read.get(kind.status) ?? []) {
      if (!kind.test || kind.test(entry as WorkEntry, { email: me.email, role })) group.items.push(entry);
    }
  }
  const caseRole = me.roles.find((r) => CASE_ROLES.includes(r));
  const caseGroup: WorkGroup[] = [];
  if (caseRole) {
    // R-AFTER-1: open and in-progress cases, oldest first (no priority: the response deadline runs).
    const { cases, total } = await deps.cases.waiting(limit);
    caseGroup.push({
      role: caseRole,
      key: 'openCases',
      total,
      items: cases.map((c) => ({
        orderId: c.orderId,
        orderNumber: c.orderNumber,
        caseId: c.caseId,
        caseType: c.caseType,
        caseStatus: c.caseStatus,
        createdAt: c.createdAt,
        responseDeadline: c.responseDeadline,
        assignee: c.assignee,
      })),
    });
  }
  const changeRole = me.roles.find((r) => CHANGE_ROLES.includes(r));
  if (changeRole) {
    // R-PROC-6: what customers asked for from the tracking page, oldest first, until ops take it up.
    const { changes, total } = await deps.changes.requested(limit);
    caseGroup.push({
      role: changeRole,
      key: 'changeRequests',
      total,
      items: changes.map((c) => ({
        orderId: c.orderId,
        orderNumber: c.orderNumber,
        changeId: c.changeId,
        changeKind: c.kind,
        createdAt: c.createdAt,
      })),
    });
  }
  const reviewers = specialReviewDepartments(deps.qualityRole);
  const myReviews = me.roles.filter((r) => reviewers.includes(r));
  if (deps.special && myReviews.length) {
    // R-SPEC-1: each department sees the orders still waiting for its opinion, oldest first.
    const waiting = await deps.special.waiting(SCAN_PER_STATUS);
    for (const role of myReviews) {
      const mine = waiting.filter((w) => w.waitingOn.includes(role));
      caseGroup.push({ role, key: 'specialReview', total: mine.length, items: mine.slice(0, limit) });
    }
  }
  return {
    groups: [
      ...[...groups.values()].map((g) => {
        const sorted = (g.items as OrderListEntry[]).sort(workOrder);
        return { ...g, total: sorted.length, items: sorted.slice(0, limit) };
      }),
      ...caseGroup,
    ],
  };
}
