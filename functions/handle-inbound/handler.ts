/**
 * POST /api/inbound/{id}/register — staff register the corrected order of an email (R-INTAKE-6).
 * POST /api/inbound/{id}/dismiss `{reason}` — staff dismiss the message.
 * POST /api/inbound/{id}/confirm-customer — staff confirm the customer the email created.
 */
import {
  catalogueStore,
  customerDirectory,
  inboundStore,
  orderStore,
  specialReviewIntake,
  trackingLinks,
} from '#shared/adapters/deps.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { dismissBodySchema } from '#shared/domain/inbound-schemas.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { INBOUND_ID } from '#shared/entities/inbound-entity.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { confirmInboundCustomer } from '#shared/use-cases/confirm-inbound-customer.ts';
import { dismissInbound } from '#shared/use-cases/dismiss-inbound.ts';
import { toInboundSummary } from '#shared/use-cases/list-inbound.ts';
import { registerInbound } from '#shared/use-cases/register-inbound.ts';

export const handler = httpRoute(
  'handle-inbound',
  async ({ event, staff, body }) => {
    const inboundId = event.pathParameters?.['id'] ?? '';
    if (!INBOUND_ID.test(inboundId)) {
      throw new ValidationError('Invalid id', [{ path: 'id', message: 'Not an inbound message id' }]);
    }
    const actor = { email: staff!.email };
    if (event.rawPath.endsWith('/confirm-customer')) {
      const deps = { inbound: inboundStore(), customers: customerDirectory(), clock: systemClock };
      return json(200, await confirmInboundCustomer(deps, { inboundId, staff: actor }));
    }
    if (event.rawPath.endsWith('/dismiss')) {
      const parsed = dismissBodySchema.safeParse(body);
      if (!parsed.success) throw new ValidationError('Invalid dismissal', toFieldIssues(parsed.error));
      const dismissed = await dismissInbound(
        { inbound: inboundStore(), clock: systemClock },
        { inboundId, reason: parsed.data.reason, staff: actor },
      );
      return json(200, toInboundSummary(dismissed));
    }
    const deps = {
      inbound: inboundStore(),
      orders: orderStore(),
      catalogue: catalogueStore(),
      customers: customerDirectory(),
      clock: systemClock,
      ...(await trackingLinks()),
      ...specialReviewIntake(),
    };
    const created = await registerInbound(deps, { inboundId, body, staff: actor });
    return json(201, created, { location: `/api/orders/${created.orderId}` });
  },
  { jsonBody: 'optional' },
);
