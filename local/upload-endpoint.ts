/**
 * `PUT /_upload/<uploadId>?type&size&exp&sig`: the local stand-in of the S3 presigned PUT that
 * POST /api/uploads/url hands out on AWS (R-CHG-1). The URL is HMAC-signed with the tracking
 * secret over the id, content type, size and expiry (shared/adapters/upload-links.ts); the body
 * must have exactly that type and length; it is written once to the data directory
 * (`<data dir>/inbound/uploads/<id>`, as POST /api/uploads does) — a second PUT is refused.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyLocalUploadUrl } from '#shared/adapters/upload-links.ts';
import { fileUploadStore } from '#shared/adapters/upload-store.ts';
import { UPLOAD_ID } from '#shared/domain/upload-file.ts';

export const isUploadPath = (pathname: string): boolean => pathname.startsWith('/_upload/');

function answer(res: ServerResponse, status: number, error?: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(error ? { error } : {}));
}

/** Reads at most `size` bytes; more (or a stream error) is 'too-large'. */
function readExactly(req: IncomingMessage, size: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > size) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve('too-large'));
  });
}

export async function handleUploadPut(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  env: { secret: string | undefined; inboundDir: string | undefined; now?: () => Date },
): Promise<void> {
  const uploadId = decodeURIComponent(url.pathname.slice('/_upload/'.length));
  if (req.method !== 'PUT') {
    req.resume();
    return answer(res, 405, 'PUT the file');
  }
  const grant =
    env.secret && UPLOAD_ID.test(uploadId)
      ? verifyLocalUploadUrl(env.secret, uploadId, url.searchParams)
      : undefined;
  // As S3 answers a bad or expired signature.
  if (!grant || !env.inboundDir) {
    req.resume();
    return answer(res, 403, 'This upload link is not valid');
  }
  if (grant.expires * 1000 < (env.now?.() ?? new Date()).getTime()) {
    req.resume();
    return answer(res, 403, 'This upload link has expired');
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== grant.contentType) {
    req.resume();
    return answer(res, 403, 'The content type is not the one signed');
  }
  const store = fileUploadStore(env.inboundDir);
  if (await store.exists(uploadId)) {
    req.resume();
    return answer(res, 409, 'This upload link was already used');
  }
  const body = await readExactly(req, grant.size);
  if (body === 'too-large' || body.length !== grant.size)
    return answer(res, 403, 'The file is not the length signed');
  await store.put(uploadId, grant.contentType, new Uint8Array(body));
  return answer(res, 200);
}
