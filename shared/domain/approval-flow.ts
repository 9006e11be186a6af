/**
 * The state the approval workflow (statemachines/order-approval.asl.json) passes from task to
 * task, and the chain rules: which role decides next (R-PRICE-5) and who is next up when a
 * deadline passes (R-APPR-2).
 */
import type { ApprovalDecision } from '../entities/approval-entity.ts';
import type { ApprovalRecord } from '../entities/order-entity.ts';
import type { ApprovalRole } from './order-schema.ts';
import { onWorkflowClock } from './workflow-time.ts';
import { addWorkingHours, type WorkingCalendar } from './working-calendar.ts';

export interface ApprovalStep {
  role: ApprovalRole;
  /** When the step's deadline passes (on the workflow clock); also when its links stop working. */
  deadline: string;
  /** For the Task's TimeoutSecondsPath: business seconds, which the runtime scales like every duration. */
  timeoutSeconds: number;
  escalatedFrom?: ApprovalRole;
}

export interface ApprovalState {
  orderId: string;
  /** What the next Choice state does. */
  next?: 'prepare' | 'held' | 'request' | 'approve' | 'decided' | 'hold';
  step?: ApprovalStep | null;
  decision?: ApprovalDecision;
  timeout?: unknown;
  error?: unknown;
}

const LADDER: ApprovalRole[] = ['ops', 'sales_director', 'gm'];
export const roleRank = (role: string): number => LADDER.indexOf(role as ApprovalRole) + 1;

/** R-APPR-2: the next role up, or undefined above gm. */
export const nextRoleUp = (role: ApprovalRole): ApprovalRole | undefined => LADDER[roleRank(role)];

/**
 * R-PRICE-5: the next role of the chain that still has to decide. An approver who decided in
 * place of a lower role (after an escalation) covers every step up to their own rank.
 */
export function nextChainRole(
  chain: readonly ApprovalRole[],
  approvals: readonly ApprovalRecord[],
): ApprovalRole | undefined {
  const covered = Math.max(0, ...approvals.map((a) => roleRank(a.role)));
  return chain.find((role) => roleRank(role) > covered);
}

export function stepFor(
  role: ApprovalRole,
  now: Date,
  calendar: WorkingCalendar,
  hours: Record<ApprovalRole, number>,
  escalatedFrom?: ApprovalRole,
  timeScale = 1,
): ApprovalStep {
  const deadline = addWorkingHours(calendar, now, hours[role]);
  return {
    role,
    deadline: onWorkflowClock(now, deadline, timeScale).toISOString(),
    timeoutSeconds: Math.max(1, Math.ceil((deadline.getTime() - now.getTime()) / 1000)),
    ...(escalatedFrom ? { escalatedFrom } : {}),
  };
}
