/**
 * Signed customer links (R-TRACK-1, R-SEC-3): `<orderId>.<HMAC-SHA256>`; without the secret a
 * token cannot be made for another order, and a changed token fails verification. Each purpose
 * (tracking, satisfaction feedback) signs differently, so one link never opens the other. The
 * tracking token only reads status, so using it again is harmless; nothing in the tracking view
 * is contact data.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const mac = (secret: string, orderId: string, purpose: string): string =>
  createHmac('sha256', secret).update(`${purpose}:${orderId}`).digest('base64url');

export const signTrackingToken = (secret: string, orderId: string): string =>
  `${orderId}.${mac(secret, orderId, 'track')}`;

/** The customer's satisfaction link (R-RUSH-7, R-AFTER-2). */
export const signFeedbackToken = (secret: string, orderId: string): string =>
  `${orderId}.${mac(secret, orderId, 'feedback')}`;

/** The order id of a valid token, or undefined. */
export function verifyTrackingToken(secret: string, token: string, purpose = 'track'): string | undefined {
  const match = /^([0-9A-Z]{26})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, orderId, given] = match as unknown as [string, string, string];
  const expected = Buffer.from(mac(secret, orderId, purpose));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? orderId : undefined;
}

export const verifyFeedbackToken = (secret: string, token: string): string | undefined =>
  verifyTrackingToken(secret, token, 'feedback');

export const trackingUrl = (baseUrl: string, token: string): string =>
  `${baseUrl}/track.html?t=${encodeURIComponent(token)}`;

/** R-FIN-3: the customer's statement link (`<statementId>.<mac>`); the answer is taken once. */
export const signStatementToken = (secret: string, statementId: string): string =>
  `${statementId}.${mac(secret, statementId, 'statement')}`;

export const verifyStatementToken = (secret: string, token: string): string | undefined =>
  verifyTrackingToken(secret, token, 'statement');
