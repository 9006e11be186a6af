/**
 * The edge of the server-rendered pages behind emailed links (approvals, satisfaction): strict
 * headers for HTML with inline CSS and no script, and the form body read the same way for both.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { header, MAX_BODY_BYTES } from './route.ts';

export const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex',
};

/** The named fields of a form-encoded (or JSON) body; missing or unreadable fields are absent. */
export function readForm<K extends string>(
  event: APIGatewayProxyEventV2,
  fields: readonly K[],
): Partial<Record<K, string>> {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return {};
  const out: Partial<Record<K, string>> = {};
  if (/json/i.test(header(event, 'content-type') ?? '')) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      for (const f of fields) if (parsed[f] !== undefined && parsed[f] !== null) out[f] = String(parsed[f]);
    } catch {}
    return out;
  }
  const form = new URLSearchParams(text);
  for (const f of fields) {
    const v = form.get(f);
    if (v !== null) out[f] = v;
  }
  return out;
}
