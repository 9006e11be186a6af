/**
 * POST /api/orders/{id}/cases/{caseId}/actions — start, resolve, close, reject or grant the
 * refund of an after-sales case (R-AFTER-1; role rules per action, R-SEC-2).
 */
import { caseDeps } from '#shared/adapters/case-adapters.ts';
import { caseActionBodySchema, caseIdSchema } from '#shared/domain/after-sales.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { actOnCase } from '#shared/use-cases/act-on-case.ts';

export const handler = httpRoute(
  'act-on-case',
  async ({ event, staff, body }) => {
    const caseId = caseIdSchema.safeParse(event.pathParameters?.['caseId'] ?? '');
    const parsed = caseActionBodySchema.safeParse(body);
    const issues = [
      ...(caseId.success ? [] : toFieldIssues(caseId.error).map((i) => ({ ...i, path: 'caseId' }))),
      ...(parsed.success ? [] : toFieldIssues(parsed.error)),
    ];
    if (!caseId.success || !parsed.success) throw new ValidationError('Invalid case action', issues);
    const view = await actOnCase(await caseDeps(), {
      orderId: event.pathParameters?.['id'] ?? '',
      caseId: caseId.data,
      body: parsed.data,
      actor: staff!.email,
      roles: staff!.roles,
    });
    return json(200, view);
  },
  { jsonBody: true },
);
