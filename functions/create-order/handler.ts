/** POST /api/orders — public intake and staff phone/fax orders (R-INTAKE-1..5, R-INTAKE-7, R-SPEC-1). */
import {
  catalogueStore,
  inboundStore,
  orderStore,
  specialReviewIntake,
  trackingLinks,
} from '#shared/adapters/deps.ts';
import { uploadStoreFromEnv } from '#shared/adapters/upload-store.ts';
import { withOrderLanguage } from '#shared/domain/order-language.ts';
import { HttpError, json } from '#shared/http/errors.ts';
import { header, httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { placeOrder } from '#shared/use-cases/place-order.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export const handler = httpRoute(
  'create-order',
  async ({ event, staff, body }) => {
    const idempotencyKey = header(event, 'idempotency-key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new HttpError(400, 'Invalid Idempotency-Key', [
        { path: 'Idempotency-Key', message: 'Use 1–200 visible ASCII characters, e.g. a UUID' },
      ]);
    }
    const created = await placeOrder(
      {
        orders: orderStore(),
        catalogue: catalogueStore(),
        clock: systemClock,
        ...(await trackingLinks()),
        // R-INTAKE-7: a staff-entered order's evidence, only looked up when one is named.
        ...(staff ? { evidence: { uploads: uploadStoreFromEnv(), inbound: inboundStore() } } : {}),
        ...specialReviewIntake(),
      },
      { body: withOrderLanguage(body, header(event, 'accept-language')), idempotencyKey, staff },
    );
    return json(201, created, { location: `/api/orders/${created.orderId}` });
  },
  { jsonBody: true },
);
