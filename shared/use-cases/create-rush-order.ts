/**
 * Sales files a rush-order application (R-RUSH-1).
 * 1. Validate the rush fields (urgency, required-by in the future, reason) and the intake body
 *    together, so every bad field is named at once.
 * 2. Place the order as an urgent one carrying the application; `order-received` then starts
 *    the rush workflow instead of the normal approval (R-RUSH-2).
 */
import { businessDay } from '../domain/calendar.ts';
import { type FieldIssue, ValidationError } from '../domain/errors.ts';
import type { OrderCreated } from '../domain/order-schema.ts';
import { rushFieldsSchema } from '../domain/rush-schemas.ts';
import { toFieldIssues } from '../domain/validate.ts';
import { type PlaceOrderDeps, placeOrder, validateOrderInput } from './place-order.ts';

export async function createRushOrder(
  deps: PlaceOrderDeps,
  request: { body: unknown; idempotencyKey?: string; staff: { email: string } },
): Promise<OrderCreated> {
  const { urgency, requiredBy, reason, ...order } = (request.body ?? {}) as Record<string, unknown>;
  const rush = rushFieldsSchema.safeParse({ urgency, requiredBy, reason });
  const issues: FieldIssue[] = rush.success ? [] : toFieldIssues(rush.error);
  const now = deps.clock.now();
  if (rush.success && new Date(rush.data.requiredBy) <= now) {
    issues.push({ path: 'requiredBy', message: 'The required time has passed' });
  }
  if (issues.length > 0 || !rush.success) {
    try {
      validateOrderInput(order, businessDay(now));
    } catch (error) {
      if (error instanceof ValidationError) issues.push(...error.issues);
    }
    throw new ValidationError('The rush order is not valid', issues);
  }
  return placeOrder(deps, {
    body: order,
    idempotencyKey: request.idempotencyKey,
    staff: request.staff,
    rush: { ...rush.data, filedBy: request.staff.email, filedAt: now.toISOString() },
  });
}
