import { approvalLink } from '../../domain/approval-link.ts';
import { derivedId } from '../../domain/derived-id.ts';
import { historyNote } from '../../domain/history-codes.ts';
import { CHANGE_LADDER, changeApprovalPath } from '../../domain/order-change.ts';
import type { ApprovalRole } from '../../domain/order-schema.ts';
import type { StaffRole } from '../../domain/roles.ts';
import { bilingualEmail } from '../../notifications/bilingual-email.ts';
import {
  type ChangeState,
  type ChangeStep,
  type ChangeWorkflowDeps,
  CONSENT_SECONDS,
  changeApprovalEmail,
  emailRoles,
  loadChange,
  loadOrder,
  OPEN_CHANGE,
} from './common.ts';
import { stepFor } from './decide.ts';

/**
 * Prepare: record the decision just made, then pick what comes next — the next approver of the
 * chain (R-CHG-2), the customer's consent (R-PROC-6), applying, or finishing a refused change.
 */
export async function prepareChange(deps: ChangeWorkflowDeps, state: ChangeState): Promise<ChangeState> {
  let change = await loadChange(deps, state.orderId, state.changeId);
  const base = { orderId: state.orderId, changeId: state.changeId };
  const decision = state.decision;
  if (decision && !change.approvals.some((a) => a.at === decision.at && a.by === decision.actor)) {
    const step = state.step;
    const approval = {
      role: step?.for ?? decision.role,
      decision: decision.decision,
      by: decision.actor,
      at: decision.at,
      ...(decision.reason ? { reason: decision.reason } : {}),
    };
    const refused = decision.decision === 'reject';
    change = await deps.changes.save(
      {
        ...change,
        approvals: [...change.approvals, approval],
        pendingStep: null,
        ...(refused
          ? { status: 'rejected' as const, outcome: `rejected by ${decision.role}: ${decision.reason ?? ''}` }
          : {}),
        updatedAt: decision.at,
      },
      OPEN_CHANGE,
    );
    await deps.orders.appendHistory(state.orderId, {
      at: decision.at,
      actor: decision.actor,
      action: refused ? 'change-rejected' : 'change-approved',
      ...(refused
        ? historyNote('change.rejected', { changeId: change.changeId, note: decision.reason })
        : historyNote('change.approved', {
            role: approval.role,
            changeId: change.changeId,
            note: decision.reason,
          })),
    });
  }
  if (!OPEN_CHANGE.includes(change.status)) return { ...base, next: 'finish' };
  const role = change.chain.find(
    (r) => !change.approvals.some((a) => a.role === r && a.decision === 'approve'),
  );
  if (role) return { ...base, next: 'request', step: stepFor(deps, role, role), decision: null };
  const consent = change.consent?.status ?? 'not-needed';
  if (consent === 'accepted' || consent === 'not-needed') return { ...base, next: 'apply', decision: null };
  if (consent === 'declined' || consent === 'expired') {
    await deps.changes.save(
      { ...change, status: 'declined', updatedAt: deps.clock.now().toISOString() },
      OPEN_CHANGE,
    );
    return { ...base, next: 'finish' };
  }
  return { ...base, next: 'consent', consentTimeoutSeconds: CONSENT_SECONDS, decision: null };
}

/** RequestApproval (waitForTaskToken): the approval request and each approver's signed link. */
export async function requestChangeApproval(
  deps: ChangeWorkflowDeps,
  input: { token: string; orderId: string; changeId: string; step: ChangeStep },
): Promise<{ requestId: string }> {
  const change = await loadChange(deps, input.orderId, input.changeId);
  const order = await loadOrder(deps, input.orderId);
  const { step } = input;
  const requestId = derivedId('change-approval', input.token);
  const members = await deps.staff.members(step.role as StaffRole);
  const at = deps.clock.now().toISOString();
  const allowed = [...new Set([step.role, ...(step.escalatedFrom ? [step.escalatedFrom] : [])])];
  const created = await deps.approvals.create({
    requestId,
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    // The approval request is shared with the order's approvals; a change's roles are wider.
    role: step.role as ApprovalRole,
    allowedRoles: allowed,
    taskToken: input.token,
    recipients: members.map((m) => m.email),
    status: 'pending',
    deadline: step.deadline,
    createdAt: at,
  });
  if (created === 'created' || change.pendingStep?.requestId !== requestId) {
    await deps.changes.save(
      { ...change, pendingStep: { requestId, role: step.role, deadline: step.deadline }, updatedAt: at },
      OPEN_CHANGE,
    );
  }
  for (const [index, member] of members.entries()) {
    const link = changeApprovalPath(approvalLink(deps.publicBaseUrl, deps.linkSecret, requestId, index));
    await deps.mailer.send(changeApprovalEmail(order, change, [member.email], link));
  }
  return { requestId };
}

/** Escalate: the step's deadline passed — a decision that did not arrive goes on; else remind and escalate. */
export async function escalateChange(deps: ChangeWorkflowDeps, state: ChangeState): Promise<ChangeState> {
  const change = await loadChange(deps, state.orderId, state.changeId);
  const base = { orderId: state.orderId, changeId: state.changeId };
  const step = state.step;
  if (change.pendingStep) {
    const request = await deps.approvals.supersede(change.pendingStep.requestId);
    if (request?.status === 'decided' && request.decision) {
      return { ...base, next: 'prepare', step: step ?? null, decision: request.decision };
    }
  }
  const role = step?.role ?? 'dept_manager';
  const order = await loadOrder(deps, state.orderId);
  await emailRoles(deps, [role as StaffRole], (to) =>
    bilingualEmail({
      to,
      subject: [
        `变更审批超时：订单 ${order.orderNumber}`,
        `Change approval overdue: order ${order.orderNumber}`,
      ],
      zh: [`订单 ${order.orderNumber} 的变更申请未在时限内审批，已升级。`],
      en: [`The change request of order ${order.orderNumber} was not decided in time; it was escalated.`],
    }),
  );
  const up = CHANGE_LADDER[CHANGE_LADDER.indexOf(role) + 1];
  if (up)
    return { ...base, next: 'request', step: stepFor(deps, up, step?.for ?? role, role), decision: null };
  await deps.changes.save(
    {
      ...change,
      status: 'rejected',
      pendingStep: null,
      outcome: 'no decision in time',
      updatedAt: deps.clock.now().toISOString(),
    },
    OPEN_CHANGE,
  );
  return { ...base, next: 'finish' };
}
