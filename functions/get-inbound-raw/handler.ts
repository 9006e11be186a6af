/**
 * GET /api/inbound/{id}/raw — the raw message as it arrived (`message/rfc822`), for staff
 * (R-INTAKE-6: the raw message is retained and linked). Its own function so that only it
 * reads the raw-mail bucket, and the detail route's bundle carries no S3 client.
 */
import { inboundStore, rawMessageStore } from '#shared/adapters/deps.ts';
import { NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import { INBOUND_ID } from '#shared/entities/inbound-entity.ts';
import { HttpError } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { getInbound } from '#shared/use-cases/list-inbound.ts';

/** A Lambda response carries at most 6 MB, base64 inflates by 4/3. */
const MAX_RAW_BYTES = 4 * 1024 * 1024;

export const handler = httpRoute('get-inbound-raw', async ({ event }) => {
  const id = event.pathParameters?.['id'] ?? '';
  if (!INBOUND_ID.test(id)) {
    throw new ValidationError('Invalid id', [{ path: 'id', message: 'Not an inbound message id' }]);
  }
  const message = await getInbound({ inbound: inboundStore() }, id);
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
