/** POST /api/orders/{id}/cases — staff open an after-sales case on an order (R-AFTER-1). */
import { openCaseDeps } from '#shared/adapters/case-adapters.ts';
import { openCaseBodySchema } from '#shared/domain/after-sales.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { header, httpRoute } from '#shared/http/route.ts';
import { openCase } from '#shared/use-cases/open-case.ts';

export const handler = httpRoute(
  'open-case',
  async ({ event, staff, body }) => {
    const parsed = openCaseBodySchema.safeParse(body);
    if (!parsed.success) throw new ValidationError('Invalid case', toFieldIssues(parsed.error));
    const key = header(event, 'idempotency-key')?.trim();
    if (key !== undefined && (key.length < 8 || key.length > 128))
      throw new ValidationError('Invalid Idempotency-Key', [
        { path: 'Idempotency-Key', message: 'Between 8 and 128 characters' },
      ]);
    const view = await openCase(await openCaseDeps(), {
      orderId: event.pathParameters?.['id'] ?? '',
      body: parsed.data,
      actor: staff!.email,
      roles: staff!.roles,
      ...(key ? { idempotencyKey: key } : {}),
    });
    return json(201, view);
  },
  { jsonBody: true },
);
