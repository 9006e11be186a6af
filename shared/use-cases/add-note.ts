/**
 * Any staff member notes a contact with the customer — a call, what was agreed (R-PROC-8). The
 * note is appended to the order's history, the communication record; it depends on nothing
 * read before, so it never conflicts with a concurrent change. Notes are never shown to the
 * customer (the tracking page shows status changes only). An archived order is read-only. A note
 * may carry one file uploaded before (POST /api/uploads), kept like raw emails.
 */
import { NotFoundError, StatusConflictError, ValidationError } from '../domain/errors.ts';
import type { Order } from '../entities/order-entity.ts';
import type { Clock, OrderStore, UploadStore } from '../ports.ts';

export async function addNote(
  deps: { orders: OrderStore; clock: Clock; uploads: Pick<UploadStore, 'exists'> },
  input: { orderId: string; actor: string; text: string; attachment?: { uploadId: string } },
): Promise<Order> {
  const order = await deps.orders.get(input.orderId);
  if (!order) throw new NotFoundError(`Order ${input.orderId} not found`);
  if (order.status === 'archived')
    throw new StatusConflictError('An archived order is read-only', order.status);
  // The attachment is uploaded first; a note never points at a file that is not kept.
  if (input.attachment && !(await deps.uploads.exists(input.attachment.uploadId)))
    throw new ValidationError('Invalid note', [
      { path: 'attachment.uploadId', message: 'No such upload: upload the file first (POST /api/uploads)' },
    ]);
  const at = deps.clock.now().toISOString();
  return deps.orders.appendHistory(order.orderId, {
    at,
    actor: input.actor,
    action: 'note',
    reason: input.text,
    ...(input.attachment ? { params: { uploadId: input.attachment.uploadId } } : {}),
  });
}
