/** GET /api/queue?limit=&cursor= — the FIFO work queue (R-PROC-1). */
import { orderStore } from '#shared/adapters/deps.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { queueQuerySchema } from '#shared/domain/request-schemas.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { listQueue } from '#shared/use-cases/list-queue.ts';

export const handler = httpRoute('list-queue', async ({ event }) => {
  const query = queueQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new ValidationError('Invalid query', toFieldIssues(query.error));
  return json(200, await listQueue({ orders: orderStore() }, query.data));
});
