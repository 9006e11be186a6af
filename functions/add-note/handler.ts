/**
 * POST /api/orders/{id}/notes → 201 — a staff note, with an optional attachment, in the
 * communication record (R-PROC-8).
 * POST /api/orders/{id}/evidence → 200 — what a staff-entered order rests on: the faxed page with
 * the customer's signature or stamp, or the customer's email (R-INTAKE-7).
 */
import { inboundStore, orderStore } from '#shared/adapters/deps.ts';
import { uploadStoreFromEnv } from '#shared/adapters/upload-store.ts';
import { evidenceBodySchema, noteBodySchema } from '#shared/domain/order-life-schemas.ts';
import { json } from '#shared/http/errors.ts';
import { parseBody } from '#shared/http/parse-body.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock, type UploadStore } from '#shared/ports.ts';
import { perEnvironment } from '#shared/runtime-env.ts';
import { addNote } from '#shared/use-cases/add-note.ts';
import { attachOrderEvidence } from '#shared/use-cases/attach-order-evidence.ts';
import { toOrderView } from '#shared/use-cases/get-order.ts';

const uploads = perEnvironment((): UploadStore => uploadStoreFromEnv());

export const handler = httpRoute(
  'add-note',
  async ({ event, staff, body }) => {
    const orderId = event.pathParameters?.['id'] ?? '';
    if (event.routeKey === 'POST /api/orders/{id}/evidence') {
      const { expectedVersion, ...evidence } = parseBody(evidenceBodySchema, body, 'Invalid evidence');
      const order = await attachOrderEvidence(
        { orders: orderStore(), clock: systemClock, uploads: uploads(), inbound: inboundStore() },
        { orderId, actor: staff!.email, evidence, ...(expectedVersion ? { expectedVersion } : {}) },
      );
      return json(200, toOrderView(order));
    }
    const { text, attachment } = parseBody(noteBodySchema, body, 'Invalid note');
    const order = await addNote(
      { orders: orderStore(), clock: systemClock, uploads: uploads() },
      { orderId, actor: staff!.email, text, ...(attachment ? { attachment } : {}) },
    );
    return json(201, toOrderView(order));
  },
  { jsonBody: true },
);
