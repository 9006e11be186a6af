/**
 * An approver decides (R-APPR-1, R-SEC-3), from an emailed link or the staff console.
 * 1. Find the request; a used, superseded or expired one changes nothing and says so.
 * 2. Check who decides: through a link, its recipient (the signature proved it); in the console,
 *    a role the step allows. Nobody approves their own order: one they entered, or one whose
 *    customer email or phone is theirs (shared/domain/own-order.ts).
 * 3. A rejection needs a reason.
 * 4. Record the decision on the request with a conditional write — the link is single-use: of
 *    two clicks at once, one wins and the other is told it was already decided.
 * 5. Resume the workflow with the decision, then mark it delivered. If the workflow no longer
 *    waits (the deadline passed in between), the approver is told it expired.
 */
import { roleRank } from '../domain/approval-flow.ts';
import { ConflictError } from '../domain/errors.ts';
import { isOwnOrder } from '../domain/own-order.ts';
import { isStaffRole } from '../domain/roles.ts';
import type { ApprovalDecision, ApprovalRequest } from '../entities/approval-entity.ts';
import type { ApprovalStore, Clock, OrderStore, StaffDirectory, WorkflowEngine } from '../ports.ts';

export type DecisionOutcome =
  | 'approved'
  | 'rejected'
  | 'already-decided'
  | 'expired'
  | 'superseded'
  | 'invalid'
  | 'own-order'
  | 'not-allowed'
  | 'reason-required';

export interface DecideRequest {
  requestId: string;
  decision: 'approve' | 'reject';
  reason?: string;
  /** Link: the recipient index the signature vouched for. Console: the signed-in staff member. */
  by: { kind: 'link'; recipient: number } | { kind: 'console'; email: string; roles: string[] };
}

export interface DecideResult {
  outcome: DecisionOutcome;
  request?: ApprovalRequest;
  decision?: ApprovalDecision;
}

export interface DecideApprovalDeps {
  approvals: ApprovalStore;
  orders: OrderStore;
  workflows: WorkflowEngine;
  clock: Clock;
  /** Staff with their phones, for the own-order rule; without it only emails are compared. */
  staff?: StaffDirectory;
}

/** The phone of the staff member `email` in any of `roles`, when the directory has one. */
async function approverPhone(staff: StaffDirectory, roles: readonly string[], email: string) {
  const wanted = email.trim().toLowerCase();
  for (const role of new Set(roles.filter(isStaffRole))) {
    const member = (await staff.members(role)).find((m) => m.email.trim().toLowerCase() === wanted);
    if (member?.phone) return member.phone;
  }
  return undefined;
}

export async function decideApproval(deps: DecideApprovalDeps, input: DecideRequest): Promise<DecideResult> {
  const request = await deps.approvals.get(input.requestId);
  if (!request) return { outcome: 'invalid' };
  if (request.status === 'decided')
    return { outcome: 'already-decided', request, decision: request.decision };
  if (request.status === 'superseded') return { outcome: 'superseded', request };
  const now = deps.clock.now();
  if (now.toISOString() > request.deadline) return { outcome: 'expired', request };

  let actor: string;
  let role: string;
  if (input.by.kind === 'link') {
    const email = request.recipients[input.by.recipient];
    if (!email) return { outcome: 'invalid' };
    actor = email;
    role = request.role;
  } else {
    const allowed = input.by.roles.filter((r) => request.allowedRoles.includes(r));
    if (allowed.length === 0) return { outcome: 'not-allowed', request };
    actor = input.by.email;
    // Deciding in the highest allowed role the caller holds covers the steps up to it.
    role = allowed.reduce((top, r) => (roleRank(r) > roleRank(top) ? r : top));
  }
  const order = await deps.orders.get(request.orderId);
  const facts = { enteredBy: order?.history[0]?.actor, customer: order?.customer };
  if (isOwnOrder(facts, { email: actor })) return { outcome: 'own-order', request };
  // The approver's phone (from the staff directory) against the customer's phone too.
  if (deps.staff && order?.customer?.phone) {
    const phone = await approverPhone(deps.staff, [request.role, ...request.allowedRoles], actor);
    if (phone && isOwnOrder(facts, { email: actor, phone })) return { outcome: 'own-order', request };
  }
  const reason = input.reason?.trim();
  if (input.decision === 'reject' && !reason) return { outcome: 'reason-required', request };

  const decision: ApprovalDecision = {
    decision: input.decision,
    ...(reason ? { reason: reason.slice(0, 1000) } : {}),
    actor,
    role,
    at: now.toISOString(),
    requestId: request.requestId,
  };
  let decided: ApprovalRequest;
  try {
    decided = await deps.approvals.decide(request.requestId, decision);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const current = await deps.approvals.get(request.requestId);
    return current?.status === 'superseded'
      ? { outcome: 'superseded', request: current }
      : { outcome: 'already-decided', request: current, decision: current?.decision };
  }
  if ((await deps.workflows.sendSuccess(request.taskToken, decision)) === 'gone') {
    return { outcome: 'expired', request: decided };
  }
  await deps.approvals.markDelivered(request.requestId);
  return { outcome: input.decision === 'approve' ? 'approved' : 'rejected', request: decided, decision };
}
