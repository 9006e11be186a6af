/**
 * GET /api/inbound/{id} — one inbound email for staff: problems, the order read from it,
 * headers, text, actions (R-INTAKE-6; contact data to staff only, R-SEC-1). The raw message is
 * `get-inbound-raw`.
 */
import { inboundStore } from '#shared/adapters/deps.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { INBOUND_ID } from '#shared/entities/inbound-entity.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { getInbound } from '#shared/use-cases/list-inbound.ts';

export const handler = httpRoute('get-inbound', async ({ event }) => {
  const id = event.pathParameters?.['id'] ?? '';
  if (!INBOUND_ID.test(id)) {
    throw new ValidationError('Invalid id', [{ path: 'id', message: 'Not an inbound message id' }]);
  }
  return json(200, await getInbound({ inbound: inboundStore() }, id));
});
