/**
 * GET /api/orders/{id} — an order with status, history and approval tier, for staff; with
 * `billing: { delivered, invoiced, paid, refunded, outstanding }` for finance, ops, sales and gm
 * only (R-FIN-2, R-SEC-2).
 */
import { caseStore, orderStore, rushStore, trackingLinks } from '#shared/adapters/deps.ts';
import { dynamoBillingStore } from '#shared/adapters/dynamo-billing.ts';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { rushSettings, tableName } from '#shared/config.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { readAtColdStart } from '#shared/runtime-env.ts';
import { BILLING_VIEWERS, orderBilling } from '#shared/use-cases/billing.ts';
import { getOrder } from '#shared/use-cases/get-order.ts';

const settings = readAtColdStart(rushSettings);

export const handler = httpRoute('get-order', async ({ event, staff }) => {
  const orders = orderStore();
  const order = await getOrder(
    { orders, rush: rushStore(), rushSettings: settings(), ...(await trackingLinks()) },
    event.pathParameters?.['id'] ?? '',
  );
  if (!staff?.roles.some((r) => BILLING_VIEWERS.includes(r))) return json(200, order);
  const stored = (await orders.get(order.orderId))!;
  const billing = await orderBilling(
    { billing: dynamoBillingStore(documentClient(), tableName()), cases: caseStore() },
    stored,
  );
  return json(200, { ...order, billing });
});
