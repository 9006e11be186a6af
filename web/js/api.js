// @ts-check
/**
 * The one fetch wrapper of the pages: JSON in and out, the staff bearer token when asked,
 * a timeout, and every failure turned into a `kind` the pages map to a message. It never
 * throws; callers branch on `result.ok`.
 */
import { formatTime } from './format.js';
import { t } from './i18n.js';
import { getToken } from './session.js';

const KINDS = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  422: 'idempotency_mismatch',
  429: 'rate_limited',
};

/** Retry-After is delta-seconds or an HTTP date; answer seconds, or null. */
function retryAfterSeconds(header) {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const when = Date.parse(header);
  return Number.isNaN(when) ? null : Math.max(0, Math.ceil((when - Date.now()) / 1000));
}

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, auth?: boolean,
 *   timeoutMs?: number }} [options]
 * @returns {Promise<{ ok: true, status: number, data: any, kind?: undefined, retryAfter?: undefined }
 *   | { ok: false, status: number, kind: string, data: any, retryAfter: number | null }>}
 */
export async function api(
  path,
  { method = 'GET', body, headers = {}, auth = false, timeoutMs = 30_000 } = {},
) {
  /** @type {Record<string, string>} */
  const sent = { Accept: 'application/json', ...headers };
  // A file (an import) goes as it is, bytes untouched; anything else as JSON.
  const file = typeof Blob !== 'undefined' && body instanceof Blob;
  if (body !== undefined) sent['Content-Type'] = file ? 'application/octet-stream' : 'application/json';
  const token = auth ? getToken() : null;
  if (token) sent.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : file ? /** @type {Blob} */ (body) : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      cache: 'no-store',
    });
  } catch (error) {
    const kind = error?.name === 'TimeoutError' ? 'timeout' : 'network';
    return { ok: false, status: 0, kind, data: null, retryAfter: null };
  }
  let data = null;
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null; // e.g. an HTML error page from a proxy
    }
  }
  if (response.ok) return { ok: true, status: response.status, data };
  const kind = KINDS[response.status] ?? (response.status >= 500 ? 'server' : 'unexpected');
  return {
    ok: false,
    status: response.status,
    kind,
    data,
    retryAfter: retryAfterSeconds(response.headers.get('Retry-After')),
  };
}

/** The user-facing sentence for a failed call; pages override kinds whose meaning is local. */
export function describeError(result) {
  switch (result.kind) {
    case 'network':
      return t('err.network');
    case 'timeout':
      return t('err.timeout');
    case 'validation':
      return t('err.validation');
    case 'unauthorized':
      return t('err.unauthorized');
    case 'forbidden':
      return t('err.forbidden');
    case 'not_found':
      return t('err.notFound');
    case 'conflict':
      return t('err.conflict');
    case 'too_large':
      return t('err.tooLarge');
    case 'idempotency_mismatch':
      return t('err.idempotencyMismatch');
    case 'rate_limited': {
      if (result.retryAfter === null) return t('err.rateLimitedNoTime');
      const at = formatTime(new Date(Date.now() + result.retryAfter * 1000));
      return t('err.rateLimited', { seconds: result.retryAfter, time: at });
    }
    case 'server':
      return t('err.server');
    default:
      return t('err.unexpected', { status: result.status });
  }
}

/** `crypto.randomUUID` needs a secure context; a phone on http://<LAN IP> has none. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
