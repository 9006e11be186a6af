/**
 * Upload URLs for files too large for the API (R-CHG-1; Lambda takes 6 MB per request, base64):
 * - on AWS an S3 presigned PUT (Signature V4 in the query) of `uploads/<id>` in the inbound
 *   bucket, with the content type and length signed, valid for minutes;
 * - locally the same promise from the local runtime: `PUT /_upload/<id>?type&size&exp&sig`,
 *   HMAC-signed with the tracking secret, single use, expiring (local/http-server.ts).
 * Signed by hand with node:crypto (the SDK's presigner is not a dependency).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
/** RFC 3986 encoding, as Signature V4 wants it. */
const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * A Signature V4 presigned URL (query authentication) for `method` on `https://host/path`, with
 * `headers` signed beside `host` (the caller must send them exactly), payload unsigned.
 */
export function presignV4(input: {
  method: string;
  host: string;
  path: string;
  region: string;
  service: string;
  credentials: AwsCredentials;
  now: Date;
  expiresSeconds: number;
  headers?: Record<string, string>;
}): string {
  const amzDate = input.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const headers: Record<string, string> = { host: input.host };
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v.trim();
  const names = Object.keys(headers).sort();
  const query: Record<string, string> = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${input.credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(input.expiresSeconds),
    'X-Amz-SignedHeaders': names.join(';'),
    ...(input.credentials.sessionToken ? { 'X-Amz-Security-Token': input.credentials.sessionToken } : {}),
  };
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((k) => `${enc(k)}=${enc(query[k]!)}`)
    .join('&');
  const canonicalPath = input.path.split('/').map(enc).join('/');
  const canonical = [
    input.method,
    canonicalPath,
    canonicalQuery,
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    names.join(';'),
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${input.credentials.secretAccessKey}`, day);
  for (const part of [input.region, input.service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return `https://${input.host}${canonicalPath}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

export interface UploadGrant {
  uploadId: string;
  contentType: string;
  size: number;
  /** Seconds since the epoch. */
  expires: number;
}

const localSignature = (secret: string, g: UploadGrant) =>
  createHmac('sha256', secret)
    .update(`upload:${g.uploadId}:${g.contentType}:${g.size}:${g.expires}`)
    .digest('base64url');

/** The local runtime's upload URL (the S3 presigned PUT's stand-in). */
export function localUploadUrl(secret: string, baseUrl: string, g: UploadGrant): string {
  const q = new URLSearchParams({
    type: g.contentType,
    size: String(g.size),
    exp: String(g.expires),
    sig: localSignature(secret, g),
  });
  return `${baseUrl.replace(/\/$/, '')}/_upload/${encodeURIComponent(g.uploadId)}?${q}`;
}

/** The grant a local upload URL carries, when its signature is right (expiry is the caller's). */
export function verifyLocalUploadUrl(
  secret: string,
  uploadId: string,
  query: URLSearchParams,
): UploadGrant | undefined {
  const grant: UploadGrant = {
    uploadId,
    contentType: query.get('type') ?? '',
    size: Number(query.get('size')),
    expires: Number(query.get('exp')),
  };
  if (!Number.isInteger(grant.size) || !Number.isInteger(grant.expires)) return undefined;
  const given = Buffer.from(query.get('sig') ?? '');
  const expected = Buffer.from(localSignature(secret, grant));
  return given.length === expected.length && timingSafeEqual(given, expected) ? grant : undefined;
}
