/** POST /api/orders/{id}/exceptions → 201 — a delivery exception and its plan (R-TRACK-3). */

import { shippingDeps } from '#shared/adapters/order-life-deps.ts';
import { sqsStaffAlerts } from '#shared/adapters/robot-alerts.ts';
import { robotQueueUrl } from '#shared/config.ts';
import { exceptionBodySchema } from '#shared/domain/order-life-schemas.ts';
import { json } from '#shared/http/errors.ts';
import { parseBody } from '#shared/http/parse-body.ts';
import { httpRoute } from '#shared/http/route.ts';
import type { StaffAlerts } from '#shared/ports.ts';
import { perEnvironment } from '#shared/runtime-env.ts';
import { recordException } from '#shared/use-cases/record-exception.ts';

const alerts = perEnvironment((): StaffAlerts => sqsStaffAlerts(robotQueueUrl()));

export const handler = httpRoute(
  'report-exception',
  async ({ event, staff, body }) => {
    const input = parseBody(exceptionBodySchema, body, 'Invalid exception');
    const { exception } = await recordException(
      { ...(await shippingDeps()), alerts: alerts() },
      {
        orderId: event.pathParameters?.['id'] ?? '',
        actor: staff!.email,
        ...input,
      },
    );
    return json(201, exception);
  },
  { jsonBody: true },
);
