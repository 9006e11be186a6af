/** GET /api/inbound?state=&limit=&cursor= — the email intake lists for staff (R-INTAKE-6). */
import { inboundStore } from '#shared/adapters/deps.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { inboundQuerySchema } from '#shared/domain/inbound-schemas.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { listInbound } from '#shared/use-cases/list-inbound.ts';

export const handler = httpRoute('list-inbound', async ({ event }) => {
  const query = inboundQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new ValidationError('Invalid query', toFieldIssues(query.error));
  return json(200, await listInbound({ inbound: inboundStore() }, query.data));
});
