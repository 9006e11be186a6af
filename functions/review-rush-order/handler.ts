/** POST /api/rush-orders/{id}/review — the task group's post-delivery review (R-RUSH-7). */
import { orderStore } from '#shared/adapters/deps.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { rushReviewSchema } from '#shared/domain/rush-schemas.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { reviewRushOrder } from '#shared/use-cases/rush-progress.ts';

export const handler = httpRoute(
  'review-rush-order',
  async ({ event, staff, body }) => {
    const parsed = rushReviewSchema.safeParse(body);
    if (!parsed.success) throw new ValidationError('Invalid review', toFieldIssues(parsed.error));
    await reviewRushOrder(
      { orders: orderStore(), clock: systemClock },
      { orderId: event.pathParameters?.['id'] ?? '', actor: staff!.email, ...parsed.data },
    );
    return json(201, { recorded: true });
  },
  { jsonBody: true },
);
