/** GET /api/orders/{id}/cases — an order's after-sales cases, for staff (R-AFTER-1, R-SEC-1). */
import { caseStore, orderStore } from '#shared/adapters/deps.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { listOrderCases } from '#shared/use-cases/list-order-cases.ts';

export const handler = httpRoute('list-cases', async ({ event, staff }) => {
  const deps = { orders: orderStore(), cases: caseStore(), clock: systemClock };
  const orderId = event.pathParameters?.['id'] ?? '';
  return json(200, await listOrderCases(deps, { orderId, roles: staff!.roles }));
});
