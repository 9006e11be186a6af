/** POST /api/orders/{id}/ship and /deliver — logistics (R-TRACK-2). */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { catalogueStore, orderStore, trackingLinks } from '#shared/adapters/deps.ts';
import { sesMailer } from '#shared/adapters/messaging.ts';
import { mailFrom } from '#shared/config.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { shipmentSchema } from '#shared/domain/rush-schemas.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { toOrderView } from '#shared/use-cases/get-order.ts';
import { deliverOrder, shipOrder } from '#shared/use-cases/ship-order.ts';

let mailer: ReturnType<typeof sesMailer> | undefined;

export const handler = httpRoute(
  'ship-order',
  async ({ event, staff, body }) => {
    mailer ??= sesMailer(mailFrom(), new SESv2Client({}));
    const deps = {
      orders: orderStore(),
      catalogue: catalogueStore(),
      mailer,
      clock: systemClock,
      ...(await trackingLinks()),
    };
    const orderId = event.pathParameters?.['id'] ?? '';
    if (event.rawPath.endsWith('/deliver')) {
      return json(200, toOrderView(await deliverOrder(deps, { orderId, actor: staff!.email })));
    }
    const parsed = shipmentSchema.safeParse(body ?? {});
    if (!parsed.success) throw new ValidationError('Invalid shipment', toFieldIssues(parsed.error));
    return json(200, toOrderView(await shipOrder(deps, { orderId, actor: staff!.email, ...parsed.data })));
  },
  { jsonBody: 'optional' },
);
