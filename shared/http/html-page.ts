/**
 * The edge of the server-rendered pages behind emailed links (approvals, satisfaction): strict
 * headers for HTML with inline CSS and no script, and the form body read the same way for both.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { FieldIssue } from '../domain/errors.ts';
import { typeName } from '../domain/zod-messages.ts';
import { HttpError } from './errors.ts';
import { header, MAX_BODY_BYTES } from './route.ts';

export const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex',
};

/**
 * The named fields of a form-encoded (or JSON) body; missing or unreadable fields are absent, a
 * JSON field that is not a string is a 400 naming it.
 */
export function readForm<K extends string>(
  event: APIGatewayProxyEventV2,
  fields: readonly K[],
): Partial<Record<K, string>> {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return {};
  const out: Partial<Record<K, string>> = {};
  if (/json/i.test(header(event, 'content-type') ?? '')) {
    let parsed: Record<string, unknown> = {};
    try {
      parsed = (JSON.parse(text) ?? {}) as Record<string, unknown>;
    } catch {}
    // A field is text: a list or object is refused, never turned into text (`["approve"]`).
    const issues: FieldIssue[] = [];
    for (const f of fields) {
      const v = parsed[f];
      if (typeof v === 'string') out[f] = v;
      else if (v !== undefined && v !== null) {
        issues.push({ path: f, message: `Expected string, received ${typeName(v)}` });
      }
    }
    if (issues.length > 0) throw new HttpError(400, 'The form is not valid', issues);
    return out;
  }
  const form = new URLSearchParams(text);
  for (const f of fields) {
    const v = form.get(f);
    if (v !== null) out[f] = v;
  }
  return out;
}
