/**
 * Attach what a staff-entered order rests on (R-INTAKE-7): the faxed page with the customer's
 * signature or stamp (an upload), or the customer's email (an inbound message kept by the email
 * intake). A fax entered before its page was scanned gets it here; a later attachment replaces
 * the earlier one, which the history still names. An archived or cancelled order is read-only.
 * 1. Load the order (404) and check the evidence exists (400 on the field).
 * 2. One versioned write sets it and records it in the history (409 on a stale expectedVersion).
 */
import { StatusConflictError, ValidationError } from '../domain/errors.ts';
import { historyNote } from '../domain/history-codes.ts';
import type { OrderEvidence } from '../domain/order-schema.ts';
import type { Order } from '../entities/order-entity.ts';
import type { Clock, InboundStore, OrderStore, UploadStore } from '../ports.ts';
import { loadForAction } from './order-action.ts';

export interface AttachEvidenceDeps {
  orders: OrderStore;
  clock: Clock;
  uploads: Pick<UploadStore, 'exists'>;
  inbound: Pick<InboundStore, 'get'>;
}

export async function attachOrderEvidence(
  deps: AttachEvidenceDeps,
  input: { orderId: string; actor: string; evidence: OrderEvidence; expectedVersion?: number },
): Promise<Order> {
  // The caller's expectedVersion stands in for the stored one: a stale page gets 409.
  const order = await loadForAction(deps.orders, input.orderId, input.expectedVersion);
  if (order.status === 'archived' || order.status === 'cancelled')
    throw new StatusConflictError(`A ${order.status} order is read-only`, order.status);
  const { evidence } = input;
  const found =
    'uploadId' in evidence
      ? await deps.uploads.exists(evidence.uploadId)
      : (await deps.inbound.get(evidence.inboundId)) !== undefined;
  if (!found) {
    const [path, message] =
      'uploadId' in evidence
        ? ['uploadId', 'No such upload: upload the file first (POST /api/uploads)']
        : ['inboundId', 'No such inbound email'];
    throw new ValidationError('Invalid evidence', [{ path, message }]);
  }
  const at = deps.clock.now().toISOString();
  return deps.orders.update(order, {
    set: { evidence },
    history: {
      at,
      actor: input.actor,
      action: 'evidence',
      ...historyNote('evidence.attached', {
        evidence: 'uploadId' in evidence ? 'upload' : 'email',
        ...evidence,
      }),
    },
    updatedAt: at,
  });
}
