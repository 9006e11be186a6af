/**
 * Receive one emailed order (R-INTAKE-1, R-INTAKE-3, R-INTAKE-4, R-INTAKE-6, R-SEC-1).
 * 1. Read the raw message from where SES (or the local SMTP server) stored it; a message over
 *    10 MB or with a failed verdict is read for its headers only.
 * 2. Identify it by its Message-ID, else by its content within a window (message-identity.ts).
 *    A message seen before registers nothing:
 *    the delivery is recorded on its item. A new one is stored in state `received`.
 * 3. Quarantine (kept, listed, no reply, never read into an order): spam/virus/SPF/DKIM/DMARC
 *    FAIL, over 10 MB, a blocked sender, an attachment that is not CSV/XLSX/PDF/image.
 * 4. Read the order (shared/email/extract-order.ts); the sender identifies the customer (a known
 *    profile fills the name and company the mail leaves out).
 * 5. Complete: place it with channel `email` under the key `email:<Message-ID>`, linked to the
 *    raw message; the confirmation then goes out as a reply in the thread (R-INTAKE-3).
 *    Incomplete or unreadable: nothing is registered; the sender gets a reply listing what is
 *    missing or wrong with the quoted lines, and the message waits for staff (`attention`).
 * A crash at any step leaves the item `received`; the next delivery (SES retry, the local
 * spool) carries on from there, and the order id makes a second order impossible.
 */
import { businessDay } from '../domain/calendar.ts';
import { type FieldIssue, ValidationError } from '../domain/errors.ts';
import { type ExtractedOrder, extractOrder } from '../email/extract-order.ts';
import { contentHash, contentMessageIds, DEFAULT_DEDUPE_HOURS } from '../email/message-identity.ts';
import { type ParsedMail, parseMail } from '../email/parse-mail.ts';
import { MAX_MESSAGE_BYTES, quarantineReasons } from '../email/quarantine.ts';
import { customerIdentity } from '../entities/catalogue-entities.ts';
import {
  type InboundMessage,
  type InboundProblem,
  type InboundState,
  inboundIdFor,
  type MailVerdicts,
} from '../entities/inbound-entity.ts';
import { inboundProblemReply } from '../notifications/inbound-reply.ts';
import type {
  ChangeStore,
  InboundStore,
  Mailer,
  OrderListStore,
  RawMessageStore,
  StaffDirectory,
} from '../ports.ts';
import { repliedOrder, takeReply } from './email-change-request.ts';
import { type EmailOrderDeps, placeEmailOrder, problemFromIssue } from './email-order.ts';
import { validateOrderInput } from './place-order.ts';
import { priceEmailLines } from './price-email-lines.ts';

export interface ReceiveEmailDeps extends EmailOrderDeps {
  inbound: InboundStore;
  raw: RawMessageStore;
  mailer: Mailer;
  blocklist: readonly string[];
  /** Hours within which the same content without a Message-ID is one message (0: off; default 24). */
  dedupeHours?: number;
  /**
   * R-CHG-1: a reply to an order's confirmation is a customer change request, not an order
   * (shared/use-cases/email-change-request.ts). Without these, every mail is read as an order.
   */
  replies?: { orderList: OrderListStore; changes: ChangeStore; staff: StaffDirectory; publicBaseUrl: string };
}

export interface ReceivedMail {
  sesMessageId: string;
  rawKey: string;
  verdicts: MailVerdicts;
  /** The envelope sender (SES `mail.source`), when the From header has none. */
  envelopeFrom?: string;
}

export interface ReceiveResult {
  inboundId: string;
  state: InboundState;
  duplicate?: true;
  orderId?: string;
  /** The customer change request a reply to the confirmation became (R-CHG-1). */
  changeId?: string;
}

const ACTOR = 'email-intake';
const MAX_TEXT = 20_000;

/** The header block of a raw message (up to 256 KB): enough to identify it without reading it. */
function headerBytes(raw: Uint8Array): Uint8Array {
  const limit = Math.min(raw.byteLength, 256 * 1024);
  for (let i = 0; i + 3 < limit; i++) {
    if (raw[i] === 13 && raw[i + 1] === 10 && raw[i + 2] === 13 && raw[i + 3] === 10) {
      return raw.subarray(0, i + 4);
    }
    if (raw[i] === 10 && raw[i + 1] === 10) return raw.subarray(0, i + 2);
  }
  return raw.subarray(0, limit);
}

const anyFail = (v: MailVerdicts) => Object.values(v).some((s) => s.toUpperCase() === 'FAIL');

export async function receiveEmail(deps: ReceiveEmailDeps, mail: ReceivedMail): Promise<ReceiveResult> {
  const raw = await deps.raw.get(mail.rawKey);
  if (!raw) throw new Error(`Raw message ${mail.rawKey} not found`);
  const size = raw.byteLength;
  const headersOnly = size > MAX_MESSAGE_BYTES || anyFail(mail.verdicts);
  const parsed: ParsedMail = await parseMail(headersOnly ? headerBytes(raw) : raw);
  const now = deps.clock.now();
  const at = now.toISOString();
  const from = parsed.from ?? { address: (mail.envelopeFrom ?? '').trim().toLowerCase() };
  const messageId = await identify(deps, parsed, mail, { from: from.address, headersOnly, now });
  const inboundId = inboundIdFor(messageId);

  // Create first (one write on the usual path); an existing item is a replay or a duplicate.
  const fresh: InboundMessage = {
    inboundId,
    state: 'received',
    messageId,
    sesMessageId: mail.sesMessageId,
    rawKey: mail.rawKey,
    size,
    receivedAt: at,
    from,
    subject: parsed.subject.slice(0, 500),
    text: headersOnly ? '' : parsed.text.slice(0, MAX_TEXT),
    references: parsed.references.slice(-20),
    ...(parsed.date ? { date: parsed.date } : {}),
    verdicts: mail.verdicts,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.content.byteLength,
    })),
    actions: [{ at, actor: ACTOR, action: 'received', detail: mail.sesMessageId }],
    version: 1,
  };
  let message = fresh;
  if ((await deps.inbound.create(fresh)) === 'exists') {
    const stored = await deps.inbound.get(inboundId);
    // Still `received`: an earlier delivery stopped half-way (a crash); list it, carry on.
    if (stored?.state !== 'received') {
      return duplicate(deps, stored ?? fresh, mail, at);
    }
    message = await deps.inbound.listStuck(stored);
  }
  try {
    return await settle(deps, message, parsed, mail, { size, now });
  } catch (error) {
    // Staff see it under `received` while SES (or the local spool) tries again.
    await deps.inbound.listStuck(message).catch(() => {});
    throw error;
  }
}

/**
 * The message's id: its Message-ID; else its content within the dedupe window (a copy whose
 * first arrival is stored under the previous window period counts while within the window);
 * else (window 0, or a message read for its headers only) the SES id.
 */
async function identify(
  deps: ReceiveEmailDeps,
  parsed: ParsedMail,
  mail: ReceivedMail,
  { from, headersOnly, now }: { from: string; headersOnly: boolean; now: Date },
): Promise<string> {
  if (parsed.messageId) return parsed.messageId;
  const hours = deps.dedupeHours ?? DEFAULT_DEDUPE_HOURS;
  if (headersOnly || !(hours > 0)) return `<ses:${mail.sesMessageId}>`;
  const hash = contentHash({ sender: from, text: parsed.text, attachments: parsed.attachments });
  const ids = contentMessageIds(hash, now, hours);
  const earlier = await deps.inbound.get(inboundIdFor(ids.previous));
  if (earlier && now.getTime() - Date.parse(earlier.receivedAt) <= hours * 3_600_000) return ids.previous;
  return ids.current;
}

/** Quarantine, register, or keep for staff and reply: the message leaves `received`. */
async function settle(
  deps: ReceiveEmailDeps,
  message: InboundMessage,
  parsed: ParsedMail,
  mail: ReceivedMail,
  { size, now }: { size: number; now: Date },
): Promise<ReceiveResult> {
  const { inboundId, from } = message;
  const at = now.toISOString();

  const reasons = quarantineReasons({
    size,
    verdicts: mail.verdicts,
    sender: from.address,
    ...(mail.envelopeFrom ? { envelopeSender: mail.envelopeFrom } : {}),
    attachments: parsed.attachments,
    blocklist: deps.blocklist,
  });
  if (!from.address) reasons.push('no-sender');
  if (reasons.length > 0) {
    const action = { at, actor: ACTOR, action: 'quarantined' as const, detail: reasons.join(', ') };
    await deps.inbound.transition(message, 'quarantined', { quarantineReasons: reasons }, action);
    return { inboundId, state: 'quarantined' };
  }

  // R-CHG-1, R-CHG-3: a reply to the confirmation asks about that order; it never becomes a new one.
  if (deps.replies) {
    const replyDeps = { ...deps, ...deps.replies };
    const order = await repliedOrder(replyDeps, {
      subject: parsed.subject,
      text: parsed.text,
      references: parsed.references,
      ...(parsed.inReplyTo ? { inReplyTo: parsed.inReplyTo } : {}),
    });
    if (order) return { inboundId, ...(await takeReply(replyDeps, message, order)) };
  }

  const extracted = extractOrder(
    { subject: parsed.subject, text: parsed.text, attachments: parsed.attachments },
    { today: businessDay(now), sender: from },
  );
  const priced = await priceEmailLines(
    deps.catalogue,
    await withSenderDefaults(deps, extracted.body, from),
    extracted.sources,
  );
  const body = priced.body;
  const problems = findProblems(extracted, body, businessDay(now), priced.problems);
  if (problems.length === 0) {
    const outcome = await placeEmailOrder(deps, message, body, undefined, priced.pricedFromList);
    if (outcome.ok) {
      const { orderId, orderNumber } = outcome.created;
      await deps.inbound.transition(
        message,
        'registered',
        {
          orderId,
          orderNumber,
          ...(outcome.newCustomerKey ? { newCustomerKey: outcome.newCustomerKey } : {}),
        },
        { at, actor: ACTOR, action: 'registered', detail: orderNumber },
      );
      return { inboundId, state: 'registered', orderId };
    }
    problems.push(...outcome.issues.map((i) => problemFromIssue(i, extracted.sources)));
  }

  // Reply first: a crash before the state change repeats the reply rather than never sending it.
  await deps.mailer.send(inboundProblemReply(message, problems));
  await deps.inbound.transition(
    message,
    'attention',
    { problems, draft: body, sources: extracted.sources },
    { at, actor: ACTOR, action: 'attention', detail: `${problems.length} problem(s); reply sent` },
  );
  return { inboundId, state: 'attention' };
}

async function duplicate(
  deps: ReceiveEmailDeps,
  message: InboundMessage,
  mail: ReceivedMail,
  at: string,
): Promise<ReceiveResult> {
  await deps.inbound.appendAction(message.inboundId, {
    at,
    actor: ACTOR,
    action: 'duplicate',
    detail: mail.sesMessageId,
  });
  return {
    inboundId: message.inboundId,
    state: message.state,
    duplicate: true,
    ...(message.orderId ? { orderId: message.orderId } : {}),
  };
}

/** The sender is the contact when the mail names none; a known customer fills name and company. */
async function withSenderDefaults(
  deps: ReceiveEmailDeps,
  body: ExtractedOrder['body'],
  from: { address: string; name?: string },
): Promise<Record<string, unknown>> {
  const customer: Record<string, unknown> = { ...body.customer };
  if (!customer['email'] && !customer['phone']) customer['email'] = from.address;
  // Only a mail that leaves the name or company out needs the profile (one read saved otherwise).
  const known =
    customer['name'] && customer['company']
      ? undefined
      : await deps.customers.get(customerIdentity({ email: from.address }));
  if (known) {
    if (!customer['company'] && known.company) customer['company'] = known.company;
    if (!customer['name']) customer['name'] = known.name;
  }
  const drop = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
  return drop({ ...body, customer: drop(customer), delivery: drop({ ...body.delivery }) });
}

/** The extractor's problems, then every validation issue of a field it did not already name. */
function findProblems(
  extracted: ExtractedOrder,
  body: unknown,
  today: string,
  unpriced: InboundProblem[],
): InboundProblem[] {
  const problems: InboundProblem[] = extracted.problems.map((p) => ({
    path: p.path,
    message: p.message,
    messageZh: p.messageZh,
    ...(p.line ? { line: p.line } : {}),
  }));
  problems.push(...unpriced);
  // A line that could not be read as an item was not added, so its `items.<n>` may name the next
  // item that was: problems of unread item lines never stand in for issues of items read.
  const covered = (path: string) =>
    problems.some(
      (p) => !p.path.startsWith('items.') && (p.path === path || path.startsWith(`${p.path}.`)),
    ) || unpriced.some((p) => p.path === path);
  let issues: FieldIssue[] = [];
  try {
    validateOrderInput(body, today);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    issues = error.issues;
  }
  for (const issue of issues) {
    if (!covered(issue.path)) problems.push(problemFromIssue(issue, extracted.sources, body));
  }
  return problems;
}
