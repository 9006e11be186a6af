/**
 * A raw MIME message read with `mailparser` into what email intake needs: the thread headers,
 * the sender, the text (HTML-only mail turned into text) and the attachments. A message
 * forwarded as an attachment (`message/rfc822`) is opened: its text follows the outer text and
 * its attachments join the list, so a forwarded order reads like a direct one.
 */
import { type Attachment, simpleParser } from 'mailparser';
import type { MailAttachment, MailContent } from './extract-order.ts';

export interface ParsedMail extends MailContent {
  /** Message-ID header with angle brackets, when the message has one. */
  messageId?: string;
  references: string[];
  /** In-Reply-To: the message this one answers (a reply to a confirmation, R-CHG-1). */
  inReplyTo?: string;
  from?: { address: string; name?: string };
  date?: string;
}

const MAX_FORWARD_DEPTH = 3;

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);

/**
 * Plain text of the body: the text part, else the HTML turned into text here (mailparser's own
 * conversion runs table cells together, and orders are often tables).
 */
function bodyText(parsed: { text?: string; html?: string | false }, hasTextPart: () => boolean): string {
  // Only a mail with both text and HTML needs to know where its text came from.
  if (parsed.text?.trim() && (typeof parsed.html !== 'string' || hasTextPart())) return parsed.text;
  if (typeof parsed.html === 'string') {
    return (
      parsed.html
        .replace(/<(br|\/p|\/div|\/tr|\/li|\/h\d)\b[^>]*>/gi, '\n')
        // Table cells stay apart, so an order written as an HTML table reads as table rows.
        .replace(/<\/t[dh]\s*>/gi, '\t')
        .replace(/<[^>]+>/g, '')
        .replace(/&nbsp;/g, ' ')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
        .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
        .replace(/&amp;/g, '&')
    );
  }
  return '';
}

const toAttachment = (a: Attachment): MailAttachment => ({
  filename: a.filename ?? 'attachment',
  contentType: (a.contentType ?? 'application/octet-stream').toLowerCase(),
  content: new Uint8Array(a.content),
});

/**
 * A header value on one line: an encoded word can carry CR, LF or other control characters that
 * unfolding leaves in, and a reply must never copy them into its own headers (R-SEC-3).
 */
export const oneLine = (value: string): string =>
  value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();

async function open(raw: Uint8Array | Buffer, depth: number): Promise<ParsedMail> {
  const parsed = await simpleParser(Buffer.from(raw), { skipImageLinks: true, skipTextToHtml: true });
  const contentType = (parsed.headers.get('content-type') as { value?: string } | undefined)?.value;
  const hasTextPart = () =>
    contentType === undefined ||
    contentType.toLowerCase() === 'text/plain' ||
    /^content-type:[ \t]*text\/plain/im.test(Buffer.from(raw).toString('latin1'));
  let text = bodyText(parsed, hasTextPart);
  const attachments: MailAttachment[] = [];
  for (const a of parsed.attachments) {
    const type = (a.contentType ?? '').toLowerCase();
    if (type === 'message/rfc822' && depth < MAX_FORWARD_DEPTH) {
      const inner = await open(a.content, depth + 1);
      const head = `---------- Forwarded message ----------\nSubject: ${inner.subject}`;
      text = `${text}\n\n${head}\n\n${inner.text}`;
      attachments.push(...inner.attachments);
    } else {
      attachments.push(toAttachment(a));
    }
  }
  const sender = parsed.from?.value[0];
  return {
    subject: oneLine(parsed.subject ?? ''),
    text,
    attachments,
    references: asList(parsed.references),
    ...(parsed.inReplyTo?.trim() ? { inReplyTo: parsed.inReplyTo.trim() } : {}),
    ...(parsed.messageId ? { messageId: parsed.messageId.trim() } : {}),
    ...(sender?.address
      ? {
          from: {
            address: sender.address.trim().toLowerCase(),
            ...(sender.name && oneLine(sender.name) ? { name: oneLine(sender.name) } : {}),
          },
        }
      : {}),
    ...(parsed.date ? { date: parsed.date.toISOString() } : {}),
  };
}

export const parseMail = (raw: Uint8Array): Promise<ParsedMail> => open(raw, 0);
