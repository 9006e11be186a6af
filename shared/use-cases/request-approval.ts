/**
 * Ask a role for its decision (R-APPR-1): the waitForTaskToken task of the workflow.
 * 1. Mint the approval request, keyed by the task token's hash so a re-run finds it again.
 * 2. Point the order at it (`pendingApproval`) and write the request to the history (R-APPR-3).
 * 3. Email every member of the role a personal signed link, and publish to the approvals topic.
 * The workflow then waits for the decision (decide-approval) or the deadline (escalate-approval).
 */

import type { ApprovalStep } from '../domain/approval-flow.ts';
import { approvalLink } from '../domain/approval-link.ts';
import { derivedId } from '../domain/derived-id.ts';
import { historyNote } from '../domain/history-codes.ts';
import { beijingTime, roleEn, roleZh } from '../notifications/bilingual-email.ts';
import { mobilesOf, orderAlert } from '../notifications/staff-alerts.ts';
import { approvalRequestEmail } from '../notifications/workflow-messages.ts';
import { loadOrder, type WorkflowDeps } from './workflow-deps.ts';

export const requestIdFor = (taskToken: string): string => derivedId('approval-request', taskToken);

export async function requestApproval(
  deps: WorkflowDeps,
  input: { token: string; orderId: string; step: ApprovalStep },
): Promise<{ requestId: string; recipients: number }> {
  const order = await loadOrder(deps, input.orderId);
  const { step } = input;
  const requestId = requestIdFor(input.token);
  const members = await deps.staff.members(step.role);
  const allowedRoles = [
    step.role,
    ...(step.escalatedFrom ? [step.escalatedFrom] : []),
    ...(order.slaBreached ? ['gm'] : []),
  ];
  const at = deps.clock.now().toISOString();
  const created = await deps.approvals.create({
    requestId,
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    role: step.role,
    allowedRoles: [...new Set(allowedRoles)],
    ...(step.escalatedFrom ? { escalatedFrom: step.escalatedFrom } : {}),
    taskToken: input.token,
    recipients: members.map((m) => m.email),
    status: 'pending',
    deadline: step.deadline,
    createdAt: at,
  });
  if (created === 'created' || order.pendingApproval?.requestId !== requestId) {
    await deps.orders.update(order, {
      updatedAt: at,
      set: {
        pendingApproval: {
          requestId,
          role: step.role,
          allowedRoles: [...new Set(allowedRoles)],
          deadline: step.deadline,
          ...(step.escalatedFrom ? { escalatedFrom: step.escalatedFrom } : {}),
          requestedAt: at,
        },
      },
      history: {
        at,
        actor: 'workflow',
        action: 'approval-requested',
        ...historyNote('approval.requested', {
          role: step.role,
          deadline: step.deadline,
          escalatedFrom: step.escalatedFrom,
        }),
      },
    });
  }
  const buttons: { text: string; url: string }[] = [];
  for (const [index, member] of members.entries()) {
    const link = approvalLink(deps.publicBaseUrl, deps.linkSecret, requestId, index);
    await deps.mailer.send(approvalRequestEmail(order, step, member.email, link));
    buttons.push({ text: `审批 ${member.name}`.slice(0, 40), url: link });
  }
  await deps.topic.publish(
    `Approval needed ${order.orderNumber}`,
    JSON.stringify({
      orderId: order.orderId,
      orderNumber: order.orderNumber,
      role: step.role,
      deadline: step.deadline,
    }),
  );
  // Each approver's own signed link: the page checks signature, recipient, expiry and single use.
  await deps.alerts.raise(
    orderAlert(
      'approval-requested',
      order,
      [`待审批：订单 ${order.orderNumber}`, `Approval needed: order ${order.orderNumber}`],
      [
        `需要${roleZh(step.role)}审批${step.escalatedFrom ? `（由${roleZh(step.escalatedFrom)}升级）` : ''}，请在 ${beijingTime(step.deadline)} 前处理。`,
      ],
      [`Needs the ${roleEn(step.role)}'s decision before ${step.deadline} (UTC).`],
      { at, buttons: buttons.slice(0, 6), mobiles: mobilesOf(members) },
    ),
  );
  return { requestId, recipients: members.length };
}
