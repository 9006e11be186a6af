/**
 * GET /api/inbound/{id} — one inbound email for staff: problems, the order read from it,
 * headers, text, actions (R-INTAKE-6; contact data to staff only, R-SEC-1).
 * GET /api/inbound/{id}/raw — the raw message as it arrived (`message/rfc822`).
 */
import { inboundStore, rawMessageStore } from '#shared/adapters/deps.ts';
import { NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import { INBOUND_ID } from '#shared/entities/inbound-entity.ts';
import { HttpError, json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { getInbound } from '#shared/use-cases/list-inbound.ts';

/** A Lambda response carries at most 6 MB, base64 inflates by 4/3. */
const MAX_RAW_BYTES = 4 * 1024 * 1024;

export const handler = httpRoute('get-inbound', async ({ event }) => {
  const id = event.pathParameters?.['id'] ?? '';
  if (!INBOUND_ID.test(id)) {
    throw new ValidationError('Invalid id', [{ path: 'id', message: 'Not an inbound message id' }]);
  }
  const message = await getInbound({ inbound: inboundStore() }, id);
  if (!event.rawPath.endsWith('/raw')) return json(200, message);
  const raw = await rawMessageStore().get(message.rawKey);
  if (!raw) throw new NotFoundError('The raw message is not there any more');
  if (raw.byteLength > MAX_RAW_BYTES) {
    throw new HttpError(
      413,
      `The raw message is ${raw.byteLength} bytes; fetch ${message.rawKey} from the inbound bucket`,
    );
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': 'message/rfc822',
      'content-disposition': `attachment; filename="${id}.eml"`,
    },
    body: Buffer.from(raw).toString('base64'),
    isBase64Encoded: true,
  };
});
