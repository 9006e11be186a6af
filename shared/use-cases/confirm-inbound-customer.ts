/**
 * Staff confirm the customer an emailed order created (R-INTAKE-6: "a new sender becomes a new
 * customer pending staff confirmation").
 * 1. Load the message; it must have created a customer (409 otherwise).
 * 2. Clear the customer's pending mark with who and when; confirming twice changes nothing.
 * 3. Record the confirmation on the message's history.
 */
import { ConflictError } from '../domain/errors.ts';
import type { Clock, CustomerDirectory, InboundStore } from '../ports.ts';
import { getInbound } from './list-inbound.ts';

export async function confirmInboundCustomer(
  deps: { inbound: InboundStore; customers: CustomerDirectory; clock: Clock },
  request: { inboundId: string; staff: { email: string } },
): Promise<{ customerKey: string; outcome: 'confirmed' | 'already-confirmed' }> {
  const message = await getInbound(deps, request.inboundId);
  const key = message.newCustomerKey;
  if (!key) throw new ConflictError('This email created no new customer');
  const at = deps.clock.now().toISOString();
  if ((await deps.customers.confirm(key, request.staff.email, at)) === 'not-pending') {
    return { customerKey: key, outcome: 'already-confirmed' };
  }
  await deps.inbound.appendAction(message.inboundId, {
    at,
    actor: request.staff.email,
    action: 'customer-confirmed',
    detail: key,
  });
  return { customerKey: key, outcome: 'confirmed' };
}
