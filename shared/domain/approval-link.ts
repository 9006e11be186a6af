/**
 * Approval links (R-APPR-1, R-SEC-3): `<base>/approvals/<requestId>.<recipient>?sig=<HMAC>`.
 * The id is opaque; the signature binds it to one recipient of one request, so a link cannot be
 * forged or pointed at another request. Single use and expiry are enforced by the request item.
 * The Step Functions task token never appears in a URL.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const sign = (secret: string, linkId: string): string =>
  createHmac('sha256', secret).update(`approval:${linkId}`).digest('base64url');

export const approvalLinkId = (requestId: string, recipient: number): string => `${requestId}.${recipient}`;

export const approvalLink = (
  baseUrl: string,
  secret: string,
  requestId: string,
  recipient: number,
): string => {
  const linkId = approvalLinkId(requestId, recipient);
  return `${baseUrl}/approvals/${linkId}?sig=${sign(secret, linkId)}`;
};

/** The request and recipient a link names, when its signature is right. */
export function verifyApprovalLink(
  secret: string,
  linkId: string,
  sig: string | undefined,
): { requestId: string; recipient: number } | undefined {
  const match = /^([0-9A-Z]{26})\.(\d{1,3})$/.exec(linkId);
  if (!match || !sig || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return undefined;
  const expected = Buffer.from(sign(secret, linkId));
  const actual = Buffer.from(sig);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  return { requestId: match[1]!, recipient: Number(match[2]) };
}
