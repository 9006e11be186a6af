/**
 * What only the local runtime answers, outside the manifest's routes. The `/_local/*` endpoints
 * — the outbox (every approval link with its signature is in it), the local issuer's JWKS,
 * Cognito's admin API (staff names, emails and phones; creating and disabling accounts) — answer only requests from
 * this machine (loopback); to anyone else they do not exist (404), also when `ORDERDESK_HOST`
 * opens the server to the network. `/config.json` tells the pages to sign staff in locally.
 */

import type { ServerResponse } from 'node:http';
import { ownCompany, rushSettings } from '#shared/config.ts';
import { outboxLang, outboxPage } from './outbox-page.ts';
import type { OutboxMessage } from './ses.ts';

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * `/config.json` of the local runtime: local sign-in, the company the documents print
 * (ORDERDESK_COMPANY) and the rush settings the rush pages quote (RUSH_DECISION_MINUTES,
 * RUSH_REPORT_INTERVAL_MINUTES, as the functions read them).
 */
export const localConfig = () =>
  ({
    staffSignIn: { kind: 'local' },
    rush: rushSettings(),
    company: ownCompany(),
  }) as const;

/** `/_local` and everything under it. */
export const isLocalOnly = (pathname: string): boolean =>
  pathname === '/_local' || pathname.startsWith('/_local/');

/** `GET /_local/outbox`: the page, or the JSON list (oldest first) with `?format=json`. */
export function serveOutbox(res: ServerResponse, url: URL, messages: OutboxMessage[]): void {
  if (url.searchParams.get('format') === 'json') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(messages));
    return;
  }
  const { html, csp } = outboxPage(messages, outboxLang(url.searchParams.get('lang')));
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}

type CognitoError = { __type: string; message: string; issues: { path: string; message: string }[] };

/**
 * The JSON body of a Cognito call, or the SerializationException Cognito answers to bad JSON
 * (400, with the field-wise `issues` of the API).
 */
export function parseCognitoBody(
  body: Buffer | 'too-large',
): { ok: true; input: Record<string, unknown> } | { ok: false; error: CognitoError } {
  const refuse = (message: string) => ({
    ok: false as const,
    error: { __type: 'SerializationException', message, issues: [{ path: '', message }] },
  });
  if (body === 'too-large') return refuse('The body is too large');
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return refuse('The body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return refuse('Expected a JSON object');
  return { ok: true, input: value as Record<string, unknown> };
}
