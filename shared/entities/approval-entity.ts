/**
 * An approval request (R-APPR-1): one per approval step, `pk = APPROVAL#<requestId>`,
 * `sk = REQUEST`. It keeps the Step Functions task token — which never appears in a URL — the
 * recipients whose personal links point at it, and the decision once made. `status` moves
 * pending → decided (once: a conditional write, so a link is single-use) or pending → superseded
 * (deadline passed and the step escalated). `delivered` says the decision reached the workflow.
 */
import type { ApprovalRole } from '../domain/order-schema.ts';

export type ApprovalStatus = 'pending' | 'decided' | 'superseded';

export interface ApprovalDecision {
  decision: 'approve' | 'reject';
  reason?: string;
  actor: string;
  /** The role the approver acted in. */
  role: string;
  at: string;
  requestId: string;
}

export interface ApprovalRequest {
  requestId: string;
  orderId: string;
  orderNumber: string;
  role: ApprovalRole;
  allowedRoles: string[];
  escalatedFrom?: ApprovalRole;
  taskToken: string;
  /** Emails of the people sent a personal link; a link names its recipient by index. */
  recipients: string[];
  status: ApprovalStatus;
  deadline: string;
  createdAt: string;
  decision?: ApprovalDecision;
  delivered?: boolean;
}

export const approvalKey = (requestId: string) => ({ pk: `APPROVAL#${requestId}`, sk: 'REQUEST' });
