/**
 * GET /api/orders/export?…the list's filters…&format=csv|xlsx — the filtered order list as a
 * file (R-PROC-7): at most 5,000 rows, `x-export-truncated: true` when more matched.
 */
import * as z from 'zod';
import { orderList } from '#shared/adapters/deps.ts';
import { trackingSecret } from '#shared/config.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { orderListQuerySchema } from '#shared/domain/order-list.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { httpRoute } from '#shared/http/route.ts';
import { exportOrders } from '#shared/use-cases/export-orders.ts';

const exportQuerySchema = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });

export const handler = httpRoute('export-orders', async ({ event }) => {
  const raw = event.queryStringParameters ?? {};
  const query = orderListQuerySchema.safeParse(raw);
  const format = exportQuerySchema.safeParse({ format: raw['format'] || undefined });
  const issues = [
    ...(query.success ? [] : toFieldIssues(query.error)),
    ...(format.success ? [] : toFieldIssues(format.error)),
  ];
  if (!query.success || !format.success || issues.length) throw new ValidationError('Invalid query', issues);
  const { limit: _limit, cursor: _cursor, ...filters } = query.data;
  const file = await exportOrders(
    { list: orderList(), cursorSecret: await trackingSecret(), now: new Date() },
    filters,
    format.data.format,
  );
  const headers = {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.fileName}"`,
    'x-export-rows': String(file.rows),
    'x-export-truncated': String(file.truncated),
    'cache-control': 'no-store',
  };
  return typeof file.body === 'string'
    ? { statusCode: 200, headers, body: file.body }
    : { statusCode: 200, headers, body: Buffer.from(file.body).toString('base64'), isBase64Encoded: true };
});
