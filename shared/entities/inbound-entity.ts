/**
 * An inbound email message (R-INTAKE-6), one item per distinct message:
 * `pk = INBOUND#<inboundId>`, `sk = INBOUND`, where the id is a hash of the Message-ID header
 * (fallback: the SES message id), so a second delivery of the same message finds the first item
 * (R-INTAKE-4). The raw MIME message stays in the bucket (AWS) or the data directory (locally);
 * the item keeps its key.
 *
 * Staff lists are per state, newest first, without an index and without a Scan: each state a
 * message passes through gets a small listing item `pk = INBOX#<state>`, `sk = <receivedAt>#<id>`
 * — except `received`, which is listed only when processing a message failed once (`stuck`), so
 * the usual path costs three writes: the item, the listing of its outcome, the item's update.
 * A state change writes the new listing item, then the message item (version-checked), then
 * deletes the old listing item; a reader keeps a listing entry only when the message item is in
 * that state, so a crash between the writes never shows a message twice or loses it
 * (docs/email-intake.md "No message lost"). Order items never carry any of this.
 */
import { createHash } from 'node:crypto';

export const INBOUND_STATES = ['received', 'registered', 'attention', 'quarantined', 'dismissed'] as const;
export type InboundState = (typeof INBOUND_STATES)[number];

/** SES receipt verdicts (`PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`, `DISABLED`). */
export interface MailVerdicts {
  spam: string;
  virus: string;
  spf: string;
  dkim: string;
  dmarc: string;
}

export interface InboundProblem {
  /** Field path of the order body (`customer.phone`, `items.0.sku`), or `` for the whole mail. */
  path: string;
  message: string;
  messageZh: string;
  /** The source line the problem is about, quoted in the reply. */
  line?: string;
}

export interface InboundAction {
  at: string;
  /** A staff email, or `email-intake` for the pipeline itself. */
  actor: string;
  action:
    | 'received'
    | 'registered'
    | 'attention'
    | 'quarantined'
    | 'dismissed'
    | 'duplicate'
    | 'replied'
    | 'customer-confirmed'
    | 'change-requested';
  detail?: string;
}

export interface InboundMessage {
  inboundId: string;
  state: InboundState;
  /** The Message-ID header with its angle brackets, or `<ses:<id>>` when the mail had none. */
  messageId: string;
  sesMessageId: string;
  /** Where the raw message is: the S3 object key (`inbound/<ses id>`), also locally. */
  rawKey: string;
  size: number;
  receivedAt: string;
  /** Contact data (R-SEC-1): shown to staff only, never logged. */
  from: { address: string; name?: string };
  subject: string;
  /** The message text (HTML turned into text), for staff review; cut at 20,000 characters. */
  text: string;
  /** The thread of the message, for replies (R-INTAKE-3). */
  references: string[];
  date?: string;
  verdicts: MailVerdicts;
  attachments: { filename: string; contentType: string; size: number }[];
  orderId?: string;
  orderNumber?: string;
  /** A reply to the order's confirmation became this customer change request (R-CHG-1). */
  changeId?: string;
  /** What is missing or wrong (state `attention`). */
  problems?: InboundProblem[];
  /** The order body as read from the mail, for the correction form. */
  draft?: Record<string, unknown>;
  /** Field path → quoted source line. */
  sources?: Record<string, string>;
  quarantineReasons?: string[];
  dismissal?: { reason: string; by: string; at: string };
  /** The sender was not a known customer: a customer pending staff confirmation was created. */
  newCustomerKey?: string;
  /** Listed under `received`: its processing failed once (shared/use-cases/receive-email.ts). */
  stuck?: boolean;
  /** Every action, with who and when. */
  actions: InboundAction[];
  version: number;
}

export const inboundKey = (inboundId: string) => ({ pk: `INBOUND#${inboundId}`, sk: 'INBOUND' });
export const inboxPk = (state: InboundState) => `INBOX#${state}`;
export const inboxSk = (m: Pick<InboundMessage, 'receivedAt' | 'inboundId'>) =>
  `${m.receivedAt}#${m.inboundId}`;

/** A 32-hex-character id from the Message-ID (R-INTAKE-4: the same message, the same item). */
export const inboundIdFor = (messageId: string): string =>
  createHash('sha256').update(`inbound:${messageId.trim()}`).digest('hex').slice(0, 32);

export const INBOUND_ID = /^[0-9a-f]{32}$/;

export function inboundToItem(m: InboundMessage): Record<string, unknown> {
  const { inboundId, ...rest } = m;
  return { ...inboundKey(inboundId), entity: 'inbound', ...rest };
}

export function itemToInbound(item: Record<string, unknown>): InboundMessage {
  const { pk, sk, entity, ...rest } = item;
  return { ...(rest as unknown as InboundMessage), inboundId: String(pk).replace(/^INBOUND#/, '') };
}
