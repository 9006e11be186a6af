/**
 * The signatures of the group robots, as each platform documents them:
 * - DingTalk custom robot, 加签: `sign = base64(HMAC-SHA256(key = secret, message =
 *   timestamp + "\n" + secret))`, timestamp in milliseconds; both go in the query string,
 *   the sign URL-encoded.
 * - Feishu custom bot, 签名校验: `sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret,
 *   message = empty))`, timestamp in seconds; both go in the JSON body.
 * - WeCom group robot: no signature; the key in the webhook URL is the credential.
 */
import { createHmac } from 'node:crypto';

export const dingtalkSign = (secret: string, timestampMs: number): string =>
  createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');

/** The webhook URL with `&timestamp=…&sign=…` appended (DingTalk 加签). */
export function dingtalkSignedUrl(url: string, secret: string, timestampMs: number): string {
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(timestampMs));
  signed.searchParams.set('sign', dingtalkSign(secret, timestampMs));
  return signed.toString();
}

export const feishuSign = (secret: string, timestampSeconds: number): string =>
  createHmac('sha256', `${timestampSeconds}\n${secret}`).update(Buffer.alloc(0)).digest('base64');
