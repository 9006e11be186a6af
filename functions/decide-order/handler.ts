/** POST /api/orders/{id}/decision — an approver decides in the staff console (R-APPR-1). */

import { cognitoStaffDirectory } from '#shared/adapters/cognito-staff-directory.ts';
import { orderStore, trackingLinks } from '#shared/adapters/deps.ts';
import { dynamoApprovalStore } from '#shared/adapters/dynamo-approval-store.ts';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { workflowEngine } from '#shared/adapters/workflow-engine.ts';
import { staffUserPoolId, tableName } from '#shared/config.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { coded } from '#shared/domain/issue-codes.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { decisionBodySchema } from '#shared/domain/workflow-schemas.ts';
import { json } from '#shared/http/errors.ts';
import { statusOf } from '#shared/http/outcome-status.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { type ConsoleDecisionOutcome, decideOrder } from '#shared/use-cases/decide-order.ts';

/** What the console is told when its decision was refused, by outcome. */
const REFUSALS: Partial<Record<ConsoleDecisionOutcome, string>> = {
  'already-decided': 'This step was already decided',
  expired: 'The deadline of this step has passed; it was escalated',
  superseded: 'This step was replaced by a newer request',
  'nothing-pending': 'No approval is waiting on this order',
  invalid: 'No approval is waiting on this order',
  'own-order':
    'You may not approve your own order (entered by you, or with your email or phone as the customer’s)',
  'not-allowed': 'Your role may not decide this step',
};

export const handler = httpRoute(
  'decide-order',
  async ({ event, staff, body }) => {
    const parsed = decisionBodySchema.safeParse(body);
    if (!parsed.success) throw new ValidationError('Invalid decision', toFieldIssues(parsed.error));
    const deps = {
      orders: orderStore(),
      approvals: dynamoApprovalStore(documentClient(), tableName()),
      workflows: workflowEngine(),
      clock: systemClock,
      staff: cognitoStaffDirectory(staffUserPoolId()),
      ...(await trackingLinks()),
    };
    const result = await decideOrder(deps, {
      orderId: event.pathParameters?.['id'] ?? '',
      staff: staff!,
      ...parsed.data,
    });
    const status = statusOf(result.outcome);
    if (result.outcome === 'reason-required') {
      return json(status, {
        error: 'Give a reason for the rejection',
        issues: [coded({ path: 'reason', message: 'Required when rejecting' })],
      });
    }
    if (status !== 200) return json(status, { error: REFUSALS[result.outcome], outcome: result.outcome });
    return json(status, { outcome: result.outcome, order: result.order });
  },
  { jsonBody: true },
);
