/**
 * Staff dismiss an inbound message with a reason (R-INTAKE-6): it stays kept and listed under
 * `dismissed`, with who and when. A registered or already dismissed message cannot be dismissed.
 */
import { ConflictError } from '../domain/errors.ts';
import type { InboundMessage } from '../entities/inbound-entity.ts';
import type { Clock, InboundStore } from '../ports.ts';
import { getInbound } from './list-inbound.ts';

export async function dismissInbound(
  deps: { inbound: InboundStore; clock: Clock },
  request: { inboundId: string; reason: string; staff: { email: string } },
): Promise<InboundMessage> {
  const message = await getInbound(deps, request.inboundId);
  if (message.state === 'registered' || message.state === 'dismissed') {
    throw new ConflictError(`This message is ${message.state} already`);
  }
  const at = deps.clock.now().toISOString();
  return deps.inbound.transition(
    message,
    'dismissed',
    { dismissal: { reason: request.reason, by: request.staff.email, at } },
    { at, actor: request.staff.email, action: 'dismissed', detail: request.reason },
  );
}
