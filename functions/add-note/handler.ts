/** POST /api/orders/{id}/notes → 201 — a staff note in the communication record (R-PROC-8). */
import { orderStore } from '#shared/adapters/deps.ts';
import { noteBodySchema } from '#shared/domain/order-life-schemas.ts';
import { json } from '#shared/http/errors.ts';
import { parseBody } from '#shared/http/parse-body.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { addNote } from '#shared/use-cases/add-note.ts';
import { toOrderView } from '#shared/use-cases/get-order.ts';

export const handler = httpRoute(
  'add-note',
  async ({ event, staff, body }) => {
    const { text } = parseBody(noteBodySchema, body, 'Invalid note');
    const order = await addNote(
      { orders: orderStore(), clock: systemClock },
      { orderId: event.pathParameters?.['id'] ?? '', actor: staff!.email, text },
    );
    return json(201, toOrderView(order));
  },
  { jsonBody: true },
);
