/**
 * Signed tracking tokens (R-TRACK-1, R-SEC-3): `<orderId>.<HMAC-SHA256>`; without the secret a
 * token cannot be made for another order, and a changed token fails verification. The token
 * only reads status, so using it again is harmless; nothing in the tracking view is contact data.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const mac = (secret: string, orderId: string): string =>
  createHmac('sha256', secret).update(`track:${orderId}`).digest('base64url');

export const signTrackingToken = (secret: string, orderId: string): string =>
  `${orderId}.${mac(secret, orderId)}`;

/** The order id of a valid token, or undefined. */
export function verifyTrackingToken(secret: string, token: string): string | undefined {
  const match = /^([0-9A-Z]{26})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, orderId, given] = match as unknown as [string, string, string];
  const expected = Buffer.from(mac(secret, orderId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? orderId : undefined;
}

export const trackingUrl = (baseUrl: string, token: string): string =>
  `${baseUrl}/track.html?t=${encodeURIComponent(token)}`;
