/** GET /api/orders/{id}/dossier — the frozen dossier of an archived order (R-ARCH-1), for staff. */
import { dossierStore } from '#shared/adapters/deps.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';

export const handler = httpRoute('get-dossier', async ({ event }) => {
  const orderId = event.pathParameters?.['id'] ?? '';
  const dossier = await dossierStore().get(orderId);
  if (!dossier) throw new NotFoundError(`Order ${orderId} has no dossier: it is not archived`);
  return json(200, dossier);
});
