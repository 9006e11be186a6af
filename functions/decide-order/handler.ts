/** POST /api/orders/{id}/decision — an approver decides in the staff console (R-APPR-1). */

import { cognitoStaffDirectory } from '#shared/adapters/cognito-staff-directory.ts';
import { orderStore, trackingLinks } from '#shared/adapters/deps.ts';
import { dynamoApprovalStore } from '#shared/adapters/dynamo-approval-store.ts';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { workflowEngine } from '#shared/adapters/workflow-engine.ts';
import { staffUserPoolId, tableName } from '#shared/config.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { decisionBodySchema } from '#shared/domain/workflow-schemas.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { decideOrder } from '#shared/use-cases/decide-order.ts';

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
    return json(result.status, result.body);
  },
  { jsonBody: true },
);
