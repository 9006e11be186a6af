/**
 * A customer's reply to their confirmation email asking for a date change or a cancellation
 * (R-CHG-1, R-CHG-3): it becomes the same pending customer change request (`requested`) as the
 * tracking page makes — never an applied change and never a new order — with the inbound email
 * as the written evidence (`evidence: { inboundId }`).
 *
 * The order is found from the thread: a Message-ID in In-Reply-To/References that is a stored
 * inbound email the order was registered from (the confirmation of an emailed order answers in
 * that thread, R-INTAKE-3); else the order number in the subject (the confirmation of a web or
 * phone order names it: `订单已收到 OD…`). Only the order's customer address may ask.
 * A reply that names no date and no cancellation (or both, or from another address, or about an
 * order that can no longer change) is kept for staff under `attention`, never dropped.
 */
import { businessDay } from '../domain/calendar.ts';
import { ConflictError, StatusConflictError, ValidationError } from '../domain/errors.ts';
import { ORDER_STATUSES, type OrderStatus } from '../domain/status.ts';
import type { InboundMessage, InboundProblem } from '../entities/inbound-entity.ts';
import { inboundIdFor } from '../entities/inbound-entity.ts';
import type { Order } from '../entities/order-entity.ts';
import { bilingualEmail } from '../notifications/bilingual-email.ts';
import { replySubject, threadHeaders } from '../notifications/order-confirmation.ts';
import type {
  ChangeStore,
  Clock,
  InboundStore,
  Mailer,
  OrderListStore as OrderList,
  OrderStore,
  StaffDirectory,
} from '../ports.ts';
import { customerRequestChange } from './order-changes.ts';

export interface EmailChangeDeps {
  inbound: InboundStore;
  orders: OrderStore;
  orderList: OrderList;
  changes: ChangeStore;
  staff: StaffDirectory;
  mailer: Mailer;
  clock: Clock;
  publicBaseUrl: string;
}

export interface ReplyMail {
  subject: string;
  text: string;
  references: string[];
  inReplyTo?: string;
}

const ACTOR = 'email-intake';
const ORDER_NUMBER = /\bOD(\d{8})-([0-9A-Z]{6})\b/i;
/** Statuses whose orders a customer's reply may still be about (the rest are closed). */
const OPEN: readonly OrderStatus[] = ORDER_STATUSES.filter(
  (s) => !['delivered', 'completed', 'archived', 'cancelled', 'rejected'].includes(s),
);

/** The order a reply answers, from its thread or the order number in its subject; none otherwise. */
export async function repliedOrder(
  deps: Pick<EmailChangeDeps, 'inbound' | 'orders' | 'orderList'>,
  mail: ReplyMail,
): Promise<Order | undefined> {
  const ids = [...new Set([...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()])];
  for (const id of ids.slice(0, 10)) {
    const earlier = await deps.inbound.get(inboundIdFor(id));
    if (earlier?.orderId) {
      const order = await deps.orders.get(earlier.orderId);
      if (order) return order;
    }
  }
  // Only a reply names the order in its subject on purpose (`Re: 订单已收到 OD…`).
  const numbered = ORDER_NUMBER.exec(mail.subject);
  if (!numbered || (ids.length === 0 && !/^\s*(re|回复|答复)\s*[:：]/i.test(mail.subject))) return undefined;
  const orderNumber = `OD${numbered[1]}-${numbered[2]!.toUpperCase()}`;
  for (const status of OPEN) {
    const { entries } = await deps.orderList.read(status, { q: orderNumber }, undefined, 1, 500);
    const hit = entries.find((e) => e.orderNumber === orderNumber);
    if (hit) return deps.orders.get(hit.orderId);
  }
  return undefined;
}

/** The customer's own words: the lines above the quoted confirmation. */
export function ownWords(text: string): string {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*>/.test(line)) break;
    if (/^-{2,}\s*(original|原始邮件)|^\s*(on .+ wrote:|在.+写道[:：]?)\s*$|^——————/i.test(line)) break;
    if (/^\s*(from|发件人)[:：]/i.test(line) && lines.length > 0) break;
    lines.push(line);
  }
  return lines.join('\n').trim();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Every date the words name (2026-12-20, 2026/12/20, 2026年12月20日, 12月20日), as YYYY-MM-DD. */
export function datesIn(words: string, today: string): string[] {
  const found = new Set<string>();
  const valid = (y: number, m: number, d: number) => {
    const iso = `${y}-${pad(m)}-${pad(d)}`;
    const t = new Date(`${iso}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.getUTCMonth() + 1 === m ? iso : undefined;
  };
  const full = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/g;
  let rest = words;
  for (const m of words.matchAll(full)) {
    const iso = valid(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) found.add(iso);
    rest = rest.replace(m[0], ' ');
  }
  for (const m of rest.matchAll(/(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g)) {
    const year = Number(today.slice(0, 4));
    const iso = valid(year, Number(m[1]), Number(m[2]));
    // A month and day already past this year are next year's.
    const next = iso && iso < today ? valid(year + 1, Number(m[1]), Number(m[2])) : iso;
    if (next) found.add(next);
  }
  return [...found];
}

export type ReplyIntent =
  | { kind: 'cancel'; note: string }
  | { kind: 'delivery-date'; requestedDate: string; note: string }
  | { kind: 'unclear'; why: string; whyZh: string };

/** R-CHG-1/R-CHG-3: what the reply asks, read conservatively: anything doubtful goes to staff. */
export function replyIntent(text: string, order: Order, today: string): ReplyIntent {
  const words = ownWords(text);
  const note = words.replace(/\s+/g, ' ').slice(0, 500);
  const cancel = /取消|撤销|撤单|\bcancel/i.test(words);
  const dates = datesIn(words, today).filter((d) => d !== order.delivery.requestedDate);
  if (cancel && dates.length > 0)
    return {
      kind: 'unclear',
      why: 'The reply names both a cancellation and a date',
      whyZh: '回复同时提到取消和日期',
    };
  if (cancel) return { kind: 'cancel', note };
  if (dates.length === 1) return { kind: 'delivery-date', requestedDate: dates[0]!, note };
  if (dates.length > 1)
    return { kind: 'unclear', why: 'The reply names more than one new date', whyZh: '回复提到多个日期' };
  return {
    kind: 'unclear',
    why: 'The reply asks for neither a date change nor a cancellation',
    whyZh: '回复未写明改期或取消',
  };
}

export interface ReplyOutcome {
  state: 'registered' | 'attention';
  orderId: string;
  changeId?: string;
}

/**
 * A reply about `order`: a pending customer change request with the mail as evidence, or kept
 * for staff. The customer (when it is their address) is answered in the thread either way.
 */
export async function takeReply(
  deps: EmailChangeDeps,
  message: InboundMessage,
  order: Order,
): Promise<ReplyOutcome> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const link = { orderId: order.orderId, orderNumber: order.orderNumber };
  const fromCustomer =
    Boolean(order.customer.email) && order.customer.email?.toLowerCase() === message.from.address;
  const keep = async (problem: InboundProblem, acknowledge: boolean): Promise<ReplyOutcome> => {
    if (acknowledge) await deps.mailer.send(acknowledgement(message, order, undefined));
    await deps.inbound.transition(
      message,
      'attention',
      { ...link, problems: [problem] },
      {
        at,
        actor: ACTOR,
        action: 'attention',
        detail: `reply about ${order.orderNumber}: ${problem.message}`,
      },
    );
    return { state: 'attention', orderId: order.orderId };
  };
  if (!fromCustomer) {
    return keep(
      {
        path: '',
        message: `A reply about order ${order.orderNumber} from an address that is not the order's customer`,
        messageZh: `关于订单 ${order.orderNumber} 的回复，但发件人不是该订单的客户邮箱`,
      },
      false,
    );
  }
  const intent = replyIntent(message.text, order, businessDay(now));
  if (intent.kind === 'unclear') {
    return keep(
      {
        path: '',
        message: `A reply about order ${order.orderNumber}: ${intent.why}; please read it`,
        messageZh: `关于订单 ${order.orderNumber} 的回复：${intent.whyZh}，请人工处理`,
      },
      true,
    );
  }
  const body =
    intent.kind === 'cancel'
      ? { kind: 'cancel', reason: 'customer', ...(intent.note ? { note: intent.note } : {}) }
      : {
          kind: 'delivery-date',
          requestedDate: intent.requestedDate,
          ...(intent.note ? { note: intent.note } : {}),
        };
  let changeId: string;
  try {
    ({ changeId } = await customerRequestChange(deps, {
      orderId: order.orderId,
      body,
      channel: 'email',
      evidence: { inboundId: message.inboundId },
    }));
  } catch (error) {
    if (
      !(
        error instanceof StatusConflictError ||
        error instanceof ValidationError ||
        error instanceof ConflictError
      )
    )
      throw error;
    return keep(
      {
        path: '',
        message: `A reply about order ${order.orderNumber} could not become a change request: ${error.message}`,
        messageZh: `关于订单 ${order.orderNumber} 的回复无法转为变更申请（订单状态：${order.status}），请人工处理`,
      },
      true,
    );
  }
  // Reply first: a crash before the state change repeats the acknowledgement, never loses it.
  await deps.mailer.send(acknowledgement(message, order, intent));
  await deps.inbound.transition(
    message,
    'registered',
    { ...link, changeId },
    { at, actor: ACTOR, action: 'change-requested', detail: `${order.orderNumber} ${body.kind}` },
  );
  return { state: 'registered', orderId: order.orderId, changeId };
}

/** The customer's acknowledgement in their thread: asked (not applied), or kept for staff. */
function acknowledgement(
  message: InboundMessage,
  order: Order,
  intent: Exclude<ReplyIntent, { kind: 'unclear' }> | undefined,
) {
  const what = !intent
    ? undefined
    : intent.kind === 'cancel'
      ? ['取消订单', 'cancel the order']
      : [`将交货日期改为 ${intent.requestedDate}`, `move the delivery date to ${intent.requestedDate}`];
  const email = bilingualEmail({
    to: [message.from.address],
    subject: [
      `已收到您的来信：订单 ${order.orderNumber}`,
      `We received your message: order ${order.orderNumber}`,
    ],
    zh: what
      ? [
          `我们已收到您关于订单 ${order.orderNumber} 的变更申请：${what[0]}。`,
          '该申请需经我们确认后才生效，处理结果会另行通知您。',
        ]
      : [`我们已收到您关于订单 ${order.orderNumber} 的来信，工作人员会尽快阅读并与您联系。`],
    en: what
      ? [
          `We received your request for order ${order.orderNumber}: ${what[1]}.`,
          'It takes effect only once we have confirmed it; we will let you know.',
        ]
      : [
          `We received your message about order ${order.orderNumber}; our staff will read it and get back to you.`,
        ],
    englishFirst: order.language === 'en',
  });
  return {
    ...email,
    subject: replySubject(message.subject),
    headers: threadHeaders(message),
  };
}
