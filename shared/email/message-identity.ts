/**
 * Why: an emailed order is one order however often it arrives (R-INTAKE-4). A message with a
 * Message-ID is identified by it. One without (some mail programs and scanners send none) is
 * identified by what it says: a hash of sender, text and attachments, valid for a window of
 * hours (`INBOUND_DEDUPE_HOURS`, 24 by default). The same content sent again inside the window
 * is the same message; after it, a new one (a customer may well repeat last week's order).
 */
import { createHash } from 'node:crypto';
import type { MailAttachment } from './extract-order.ts';

export const DEFAULT_DEDUPE_HOURS = 24;

export interface MailContentForIdentity {
  sender: string;
  text: string;
  attachments: readonly MailAttachment[];
}

/** The content hash: sender (lower case), text without trailing spaces, each attachment's bytes. */
export function contentHash(mail: MailContentForIdentity): string {
  const hash = createHash('sha256');
  hash.update(`from:${mail.sender.trim().toLowerCase()}\n`);
  const text = mail.text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim();
  hash.update(`text:${Buffer.byteLength(text)}:${text}\n`);
  for (const a of mail.attachments) {
    const bytes = createHash('sha256').update(a.content).digest('hex');
    hash.update(`file:${a.filename}:${a.contentType}:${bytes}\n`);
  }
  return hash.digest('hex').slice(0, 40);
}

/**
 * The stand-in Message-IDs of content seen in the window: the one of the current window period
 * and the one of the period before (a copy that arrives just after a period boundary is still
 * within the window of the first). The caller checks the earlier one's arrival time.
 */
export function contentMessageIds(
  hash: string,
  now: Date,
  windowHours: number,
): { current: string; previous: string } {
  const period = Math.floor(now.getTime() / (windowHours * 3_600_000));
  const id = (p: number) => `<content.${hash}.${p}@orderdesk.invalid>`;
  return { current: id(period), previous: id(period - 1) };
}
