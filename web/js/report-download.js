// @ts-check
/**
 * Report files (CSV, XLSX) of the dashboard (R-REPORT-2): fetched with the staff bearer token
 * — a plain link could not carry it — and saved under the name the server gives in
 * `Content-Disposition`, byte for byte (the CSV keeps its UTF-8 BOM for Excel). Failures come
 * back in the shape of `api()` so the page words them with `describeError`.
 */
import { h } from './dom.js';
import { getToken } from './session.js';

const KINDS = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  429: 'rate_limited',
};

/** The file name of a `Content-Disposition` header (RFC 6266, `filename*` first), or null. */
export function filenameFrom(header) {
  if (!header) return null;
  let name = null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      name = decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header);
    name = plain?.[1] ?? plain?.[2]?.trim() ?? null;
  }
  // A name, never a path.
  return name ? name.replace(/[\\/]/g, '_') : null;
}

/** Hand a blob to the browser's downloads under `name`. */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Fetch `path` and save it.
 * @returns {Promise<{ ok: true, name: string } | { ok: false, status: number, kind: string, data: any, retryAfter: null }>}
 */
export async function saveReportFile(path, fallbackName) {
  let response;
  try {
    response = await fetch(path, {
      headers: { Accept: '*/*', Authorization: `Bearer ${getToken()}` },
      cache: 'no-store',
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    const kind = error?.name === 'TimeoutError' ? 'timeout' : 'network';
    return { ok: false, status: 0, kind, data: null, retryAfter: null };
  }
  if (!response.ok) {
    const data = await response.json().catch(() => null);
    const kind = KINDS[response.status] ?? (response.status >= 500 ? 'server' : 'unexpected');
    return { ok: false, status: response.status, kind, data, retryAfter: null };
  }
  let blob;
  try {
    blob = await response.blob();
  } catch {
    return { ok: false, status: 0, kind: 'network', data: null, retryAfter: null };
  }
  const name = filenameFrom(response.headers.get('content-disposition')) ?? fallbackName;
  save(blob, name);
  return { ok: true, name };
}
