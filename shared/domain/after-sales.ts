/**
 * After-sales cases (R-AFTER-1; policies 四、售后服务 4.1–4.2, 销售部门 五、售后服务, 订单分类
 * 3.2 退款与售后服务): complaints, returns, exchanges, refunds, repairs and inquiries are cases
 * linked to an order, with their own status, a first-response deadline on the working calendar
 * and an append-only history (R-ARCH-2). Pure rules only: which action is allowed from which
 * status and for which role (R-SEC-2), when a case may be opened, how much may be refunded.
 */
import * as z from 'zod';
import { ConflictError, ForbiddenError, ValidationError } from './errors.ts';
import { cents } from './order-schema.ts';
import type { StaffRole } from './roles.ts';
import type { OrderStatus } from './status.ts';
import { addWorkingHours, type WorkingCalendar } from './working-calendar.ts';

/** 投诉、退货、换货、退款、维修、咨询 (policy 4.1 客户投诉处理、产品退换货; 五.1 咨询、退换货、维修). */
export const CASE_TYPES = ['complaint', 'return', 'exchange', 'refund', 'repair', 'inquiry'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_STATUSES = ['open', 'in_progress', 'resolved', 'closed', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ACTIONS = ['start', 'resolve', 'close', 'reject', 'grant-refund'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Staff who handle cases with the customer: open, start, resolve, reject, close. */
export const CASE_HANDLER_ROLES = [
  'after_sales',
  'sales',
  'ops',
  'sales_director',
  'gm',
] as const satisfies readonly StaffRole[];
/** R-SEC-2: money goes back to the customer only on finance's or the general manager's word. */
export const REFUND_ROLES = ['finance', 'gm'] as const satisfies readonly StaffRole[];

/**
 * Returns, exchanges, refunds and repairs concern goods the customer has: the order must have
 * been shipped (or be further on). Complaints and inquiries may be raised at any time.
 */
export const GOODS_CASE_TYPES: readonly CaseType[] = ['return', 'exchange', 'refund', 'repair'];
export const SHIPPED_OR_LATER: readonly OrderStatus[] = ['shipped', 'delivered', 'completed', 'archived'];

/**
 * First-response deadline in working hours (4.2 提供快速响应): one working day (8 h of the default
 * calendar); complaints and refunds are handled first (订单分类 3.2 优先解决): half a working day.
 */
export const RESPONSE_WORKING_HOURS: Record<CaseType, number> = {
  complaint: 4,
  refund: 4,
  return: 8,
  exchange: 8,
  repair: 8,
  inquiry: 8,
};

export const responseDeadline = (calendar: WorkingCalendar, caseType: CaseType, openedAt: Date): Date =>
  addWorkingHours(calendar, openedAt, RESPONSE_WORKING_HOURS[caseType]);

interface ActionRule {
  from: readonly CaseStatus[];
  to: CaseStatus;
  roles: readonly StaffRole[];
  /** Only for these case types (all when absent). */
  types?: readonly CaseType[];
  /** Never for these case types. */
  notTypes?: readonly CaseType[];
}

/**
 * open → in_progress → resolved → closed, and rejected; `resolve` may also answer an open case
 * at once (an inquiry answered on the phone). A refund case is resolved only by granting the
 * refund (finance or gm) — or rejected.
 */
export const ACTION_RULES: Record<CaseAction, ActionRule> = {
  start: { from: ['open'], to: 'in_progress', roles: CASE_HANDLER_ROLES },
  resolve: { from: ['open', 'in_progress'], to: 'resolved', roles: CASE_HANDLER_ROLES, notTypes: ['refund'] },
  'grant-refund': { from: ['open', 'in_progress'], to: 'resolved', roles: REFUND_ROLES, types: ['refund'] },
  reject: { from: ['open', 'in_progress'], to: 'rejected', roles: CASE_HANDLER_ROLES },
  close: { from: ['resolved'], to: 'closed', roles: CASE_HANDLER_ROLES },
};

/** A case action the status or type does not allow (409 at the HTTP edge). */
export class CaseActionError extends ConflictError {
  constructor(message: string) {
    super(message);
    this.name = 'CaseActionError';
  }
}

/** Why `action` is not possible on a case of this type and status, or undefined when it is. */
export function actionBlocker(
  caseType: CaseType,
  status: CaseStatus,
  action: CaseAction,
): string | undefined {
  const rule = ACTION_RULES[action];
  if (rule.types && !rule.types.includes(caseType)) return `Only a refund case can ${action}`;
  if (rule.notTypes?.includes(caseType))
    return 'A refund case is resolved by granting the refund (finance or gm), or rejected';
  if (!rule.from.includes(status)) return `A case that is ${status} cannot ${action}`;
  return undefined;
}

/** The status after `action`; throws ForbiddenError (role) or CaseActionError (state). */
export function nextCaseStatus(
  c: { caseType: CaseType; caseStatus: CaseStatus },
  action: CaseAction,
  roles: readonly StaffRole[],
): CaseStatus {
  const rule = ACTION_RULES[action];
  if (!roles.some((r) => rule.roles.includes(r)))
    throw new ForbiddenError(`To ${action} a case needs one of the roles: ${rule.roles.join(', ')}`);
  const blocker = actionBlocker(c.caseType, c.caseStatus, action);
  if (blocker) throw new CaseActionError(blocker);
  return rule.to;
}

/** The actions a caller with `roles` may take on the case now: the buttons of the staff page. */
export const allowedCaseActions = (
  c: { caseType: CaseType; caseStatus: CaseStatus },
  roles: readonly StaffRole[],
): CaseAction[] =>
  CASE_ACTIONS.filter(
    (a) =>
      roles.some((r) => ACTION_RULES[a].roles.includes(r)) && !actionBlocker(c.caseType, c.caseStatus, a),
  );

/** Whether a case of this type may be opened on an order in this status; the reason when not. */
export function openBlocker(caseType: CaseType, orderStatus: OrderStatus): string | undefined {
  if (GOODS_CASE_TYPES.includes(caseType) && !SHIPPED_OR_LATER.includes(orderStatus))
    return `A ${caseType} case needs an order that has been shipped; this one is ${orderStatus}`;
  return undefined;
}

/** What may still be refunded: the order total minus the refunds already granted on its cases. */
export const refundable = (orderTotal: number, grantedRefunds: readonly number[]): number =>
  Math.max(0, orderTotal - grantedRefunds.reduce((sum, x) => sum + x, 0));

/** Throws a field error on `path` when `amount` is more than may be refunded. */
export function assertRefundWithin(amount: number, limit: number, path: string): void {
  if (amount > limit)
    throw new ValidationError('The refund is more than may be refunded', [
      { path, message: `At most ${limit} cents may be refunded (order total minus refunds granted)` },
    ]);
}

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
const positiveCents = cents.refine((v) => v > 0, 'Must be more than 0');

/** POST /api/orders/{id}/cases. `refundAmount` (cents) is the refund asked for, refund cases only. */
export const openCaseBodySchema = z
  .object({
    caseType: z.enum(CASE_TYPES),
    description: text(2000),
    refundAmount: positiveCents.optional(),
    assignee: z.email('Give the handler’s email address').max(254).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.caseType === 'refund' && body.refundAmount === undefined)
      ctx.addIssue({ code: 'custom', path: ['refundAmount'], message: 'Required for a refund' });
    if (body.caseType !== 'refund' && body.refundAmount !== undefined)
      ctx.addIssue({ code: 'custom', path: ['refundAmount'], message: 'Only a refund case has an amount' });
  });
export type OpenCaseBody = z.infer<typeof openCaseBodySchema>;

/**
 * POST /api/orders/{id}/cases/{caseId}/actions. `expectedVersion` is the case version the caller
 * saw (optimistic locking); `amount` is the refund granted, by default the amount asked for.
 */
export const caseActionBodySchema = z
  .object({
    action: z.enum(CASE_ACTIONS),
    note: z.string().trim().max(2000, 'At most 2000 characters').optional(),
    amount: positiveCents.optional(),
    expectedVersion: z.number().int().positive(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.amount !== undefined && body.action !== 'grant-refund')
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Only grant-refund takes an amount' });
    if ((body.action === 'reject' || body.action === 'resolve') && !body.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say how the case was answered' });
  });
export type CaseActionBody = z.infer<typeof caseActionBodySchema>;

/** Path parameters: a ULID-like id, so nothing odd ever reaches a key. */
export const caseIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a case id');
