/**
 * Attach what a staff-entered order rests on (R-INTAKE-7): the faxed page with the customer's
 * signature or stamp (an upload), or the customer's email (an inbound message kept by the email
 * intake). A fax entered before its page was scanned gets it here; a later attachment replaces
 * the earlier one, which the history still names. An archived or cancelled order is read-only.
 * 1. Load the order (404) and check the evidence exists (400 on the field).
 * 2. One versioned write sets it and records it in the history (409 on a stale expectedVersion).
 */
import { ConflictError, StatusConflictError, ValidationError } from '../domain/errors.ts';
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
  const write = (current: Order) =>
    deps.orders.update(current, {
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
  // Without an expectedVersion the attach depends on nothing the caller saw: a write racing the
  // workflows (which move a new order at once) is tried again on the order as it now is.
  for (let attempt = 1; ; attempt++) {
    const current = attempt === 1 ? order : await loadForAction(deps.orders, input.orderId);
    if (current.status === 'archived' || current.status === 'cancelled')
      throw new StatusConflictError(`A ${current.status} order is read-only`, current.status);
    try {
      return await write(current);
    } catch (error) {
      // The store's version conflict (a StatusConflictError naming the stored status).
      if (input.expectedVersion !== undefined || attempt >= 3 || !(error instanceof ConflictError))
        throw error;
    }
  }
}
