/** POST /api/orders/{id}/cases — staff open an after-sales case on an order (R-AFTER-1). */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { caseStore, orderStore, trackingLinks } from '#shared/adapters/deps.ts';
import { sesMailer } from '#shared/adapters/messaging.ts';
import { mailFrom, workingCalendar } from '#shared/config.ts';
import { openCaseBodySchema } from '#shared/domain/after-sales.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { header, httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { openCase } from '#shared/use-cases/open-case.ts';

let mailer: ReturnType<typeof sesMailer> | undefined;

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
    mailer ??= sesMailer(mailFrom(), new SESv2Client({}));
    const deps = {
      orders: orderStore(),
      cases: caseStore(),
      mailer,
      clock: systemClock,
      calendar: workingCalendar(),
      ...(await trackingLinks()),
    };
    const view = await openCase(deps, {
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
