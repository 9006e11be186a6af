/** POST /api/orders/{id}/notes → 201 — a staff note, with an optional attachment, in the communication record (R-PROC-8). */
import { orderStore } from '#shared/adapters/deps.ts';
import { uploadStoreFromEnv } from '#shared/adapters/upload-store.ts';
import { noteBodySchema } from '#shared/domain/order-life-schemas.ts';
import { json } from '#shared/http/errors.ts';
import { parseBody } from '#shared/http/parse-body.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock, type UploadStore } from '#shared/ports.ts';
import { addNote } from '#shared/use-cases/add-note.ts';

const uploads = perEnvironment((): UploadStore => uploadStoreFromEnv());

import { perEnvironment } from '#shared/runtime-env.ts';
import { toOrderView } from '#shared/use-cases/get-order.ts';

export const handler = httpRoute(
  'add-note',
  async ({ event, staff, body }) => {
    const { text, attachment } = parseBody(noteBodySchema, body, 'Invalid note');
    const order = await addNote(
      { orders: orderStore(), clock: systemClock, uploads: uploads() },
      {
        orderId: event.pathParameters?.['id'] ?? '',
        actor: staff!.email,
        text,
        ...(attachment ? { attachment } : {}),
      },
    );
    return json(201, toOrderView(order));
  },
  { jsonBody: true },
);
