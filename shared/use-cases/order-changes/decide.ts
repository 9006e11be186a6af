import { type ChangeRequest, versionsOf } from '../../domain/order-change.ts';
import type { ApprovalRole } from '../../domain/order-schema.ts';
import { onWorkflowClock } from '../../domain/workflow-time.ts';
import { addWorkingHours } from '../../domain/working-calendar.ts';
import { decideApproval } from '../decide-approval.ts';
import {
  type ChangeDeps,
  type ChangeStep,
  type ChangeWorkflowDeps,
  loadChange,
  loadOrder,
} from './common.ts';

/** What GET /api/orders/{id}/changes answers per change (never the task token). */
export function changeView(c: ChangeRequest) {
  const { taskToken: _t, ...consent } = c.consent ?? { status: 'not-needed' as const };
  return {
    changeId: c.changeId,
    kind: c.kind,
    status: c.status,
    requestedBy: c.requestedBy,
    createdAt: c.createdAt,
    approvals: c.approvals,
    diff: c.diff,
    chain: c.chain,
    ...(c.pendingStep ? { pendingStep: c.pendingStep } : {}),
    ...(c.consent ? { consent } : {}),
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.note ? { note: c.note } : {}),
    ...(c.requestedDate ? { requestedDate: c.requestedDate } : {}),
    ...(c.evidence ? { evidence: c.evidence } : {}),
    ...(c.appliedVersion ? { appliedVersion: c.appliedVersion } : {}),
    ...(c.outcome ? { outcome: c.outcome } : {}),
  };
}

export { versionsOf };

export async function listChanges(deps: Pick<ChangeDeps, 'changes' | 'orders'>, orderId: string) {
  await loadOrder(deps, orderId);
  const changes = await deps.changes.list(orderId);
  return { changes: changes.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(changeView) };
}

/** A change approver decides in the console (POST …/changes/{changeId}/decision). */
export async function decideChange(
  deps: ChangeDeps,
  input: {
    orderId: string;
    changeId: string;
    staff: { email: string; roles: string[] };
    decision: 'approve' | 'reject';
    reason?: string;
  },
) {
  const change = await loadChange(deps, input.orderId, input.changeId);
  if (!change.pendingStep) return { outcome: 'nothing-pending' as const };
  return decideApproval(deps, {
    requestId: change.pendingStep.requestId,
    decision: input.decision,
    ...(input.reason ? { reason: input.reason } : {}),
    by: { kind: 'console', email: input.staff.email, roles: input.staff.roles },
  });
}

// ——— the order-change workflow (statemachines/order-change.asl.json) ———

export function stepFor(
  deps: ChangeWorkflowDeps,
  role: string,
  forRole: string,
  escalatedFrom?: string,
): ChangeStep {
  const now = deps.clock.now();
  const hours = role === 'dept_manager' ? deps.deadlineHours.ops : deps.deadlineHours[role as ApprovalRole];
  const deadline = addWorkingHours(deps.calendar, now, hours ?? 8);
  return {
    role,
    for: forRole,
    deadline: onWorkflowClock(now, deadline, deps.timeScale ?? 1).toISOString(),
    timeoutSeconds: Math.max(1, Math.ceil((deadline.getTime() - now.getTime()) / 1000)),
    ...(escalatedFrom ? { escalatedFrom } : {}),
  };
}
