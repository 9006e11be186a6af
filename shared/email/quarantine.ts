/**
 * When an inbound message is quarantined instead of read (issue 5, R-INTAKE-6): kept and listed
 * for staff, no reply, never parsed into an order. Pure rules; the reasons are codes staff see.
 */
import type { MailVerdicts } from '../entities/inbound-entity.ts';

/** Larger messages are quarantined unread (the SMTP server accepts up to 25 MB). */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** Order sheets, documents and pictures; anything else may carry something executable. */
const ALLOWED_TYPES = [
  /^text\/csv$/,
  /^text\/comma-separated-values$/,
  /^application\/csv$/,
  /^application\/vnd\.ms-excel$/,
  /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet$/,
  /^application\/pdf$/,
  /^image\/(png|jpeg|jpg|gif|webp|bmp|tiff|heic)$/,
];
const ALLOWED_EXTENSIONS = /\.(csv|xlsx|pdf|png|jpe?g|gif|webp|bmp|tiff?|heic)$/i;

export function attachmentAllowed(a: { filename: string; contentType: string }): boolean {
  const type = a.contentType.toLowerCase().split(';')[0]!.trim();
  const byExtension = ALLOWED_EXTENSIONS.test(a.filename);
  const hasExtension = /\.[A-Za-z0-9]{1,8}$/.test(a.filename);
  // The name must not claim something else (`invoice.exe` sent as image/png).
  if (hasExtension && !byExtension) return false;
  if (ALLOWED_TYPES.some((t) => t.test(type))) return true;
  return byExtension && type === 'application/octet-stream';
}

/** A blocked address (`someone@x.cn`) or a whole domain (`@x.cn`). */
export function blocked(sender: string, blocklist: readonly string[]): boolean {
  const address = sender.trim().toLowerCase();
  const domain = address.slice(address.lastIndexOf('@'));
  return blocklist.some((entry) => entry === address || (entry.startsWith('@') && entry === domain));
}

export interface QuarantineInput {
  size: number;
  verdicts: MailVerdicts;
  sender?: string;
  /** The envelope sender (SES `mail.source`, SMTP MAIL FROM): a blocked one quarantines too. */
  envelopeSender?: string;
  attachments?: { filename: string; contentType: string }[];
  blocklist: readonly string[];
}

/**
 * The reasons to quarantine the message, empty when it may be read. Size and verdicts are
 * checked before the message is parsed; attachments after.
 */
export function quarantineReasons(input: QuarantineInput): string[] {
  const reasons: string[] = [];
  if (input.size > MAX_MESSAGE_BYTES) reasons.push(`too-large:${input.size}`);
  const { verdicts } = input;
  for (const [check, status] of Object.entries(verdicts)) {
    if (status.toUpperCase() === 'FAIL') reasons.push(`${check}-fail`);
  }
  if (input.sender !== undefined && blocked(input.sender, input.blocklist)) reasons.push('blocked-sender');
  else if (input.envelopeSender && blocked(input.envelopeSender, input.blocklist)) {
    reasons.push('blocked-envelope-sender');
  }
  for (const a of input.attachments ?? []) {
    if (!attachmentAllowed(a)) reasons.push(`attachment-type:${a.contentType}:${a.filename}`.slice(0, 200));
  }
  return reasons;
}
