/**
 * Staff register an emailed order by hand (R-INTAKE-6) after fixing what the mail got wrong.
 * 1. Load the message; only one that needs attention can be registered (409 otherwise).
 * 2. Validate the corrected body like any order (field-by-field 400) and place it with channel
 *    `email`, linked to the raw message, under the message's key — a retry finds the same order
 *    (R-INTAKE-4). The confirmation goes out as a reply in the mail's thread (R-INTAKE-3).
 * 3. Record the registration with the staff member and time.
 */
import { ConflictError, ValidationError } from '../domain/errors.ts';
import type { OrderCreated } from '../domain/order-schema.ts';
import type { InboundStore } from '../ports.ts';
import { type EmailOrderDeps, placeEmailOrder } from './email-order.ts';
import { getInbound } from './list-inbound.ts';

export async function registerInbound(
  deps: EmailOrderDeps & { inbound: InboundStore },
  request: { inboundId: string; body: unknown; staff: { email: string } },
): Promise<OrderCreated> {
  const message = await getInbound(deps, request.inboundId);
  if (message.state !== 'attention') {
    throw new ConflictError(
      `This message is ${message.state}; only one that needs attention can be registered`,
    );
  }
  const outcome = await placeEmailOrder(deps, message, request.body, request.staff);
  if (!outcome.ok) throw new ValidationError('The order is not valid', outcome.issues);
  const { orderId, orderNumber } = outcome.created;
  await deps.inbound.transition(
    message,
    'registered',
    { orderId, orderNumber, ...(outcome.newCustomerKey ? { newCustomerKey: outcome.newCustomerKey } : {}) },
    {
      at: deps.clock.now().toISOString(),
      actor: request.staff.email,
      action: 'registered',
      detail: orderNumber,
    },
  );
  return outcome.created;
}
