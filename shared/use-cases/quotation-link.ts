/**
 * The customer's signed quotation link (R-QUOTE-3): GET shows it, or why it can no longer be
 * answered; POST accepts or declines it once, before it expires. Accepting creates the order,
 * channel `quotation`, its price approval satisfied by the quotation's.
 */
import { quotationAsOrder, quotationLineAsOrderLine } from '../adapters/approval-subjects.ts';
import { businessDay } from '../domain/calendar.ts';
import { derivedId } from '../domain/derived-id.ts';
import { historyNote } from '../domain/history-codes.ts';
import { PAYMENT_METHODS } from '../domain/order-schema.ts';
import { customerAnswerSchema, verifyQuotationToken } from '../domain/quotation.ts';
import type { Order } from '../entities/order-entity.ts';
import type { Quotation } from '../entities/quotation-entity.ts';
import { staffNotice } from '../notifications/workflow-messages.ts';
import type { OrderStore } from '../ports.ts';
import type { QuotationWorkflowDeps } from './quotation-approval.ts';
import { emailRoles } from './workflow-deps.ts';

/** Expired: a sent quotation whose validity date passed (Asia/Shanghai). */
const isExpired = (q: Quotation, now: Date) => q.validUntil < businessDay(now);

// ——— the customer's link ———

export type LinkAnswer =
  | { kind: 'form'; quotation: Quotation }
  | { kind: 'invalid' }
  | { kind: 'expired'; quotation: Quotation }
  | { kind: 'answered'; quotation: Quotation }
  | { kind: 'accepted'; quotation: Quotation; orderNumber: string }
  | { kind: 'declined'; quotation: Quotation }
  | { kind: 'bad-input' };

/** GET of the customer's link: the quotation, or why it can no longer be answered. */
export async function openQuotationLink(
  deps: Pick<QuotationWorkflowDeps, 'quotations' | 'clock' | 'linkSecret'>,
  token: string,
): Promise<LinkAnswer> {
  const id = verifyQuotationToken(deps.linkSecret, token);
  const q = id ? await deps.quotations.get(id) : undefined;
  if (!q) return { kind: 'invalid' };
  if (q.status === 'expired' || (q.status === 'sent' && isExpired(q, deps.clock.now())))
    return { kind: 'expired', quotation: q };
  if (q.status !== 'sent') return { kind: 'answered', quotation: q };
  return { kind: 'form', quotation: q };
}

/**
 * POST of the customer's link (R-QUOTE-3): accept or decline, once, before it expires. Accepting
 * creates the order; its id is derived from the quotation's, so a repeated request finds it.
 */
export async function answerQuotationLink(
  deps: Pick<QuotationWorkflowDeps, 'quotations' | 'clock' | 'linkSecret' | 'mailer' | 'staff'> & {
    orders: OrderStore;
  },
  token: string,
  form: unknown,
): Promise<LinkAnswer> {
  const opened = await openQuotationLink(deps, token);
  if (opened.kind === 'expired' && opened.quotation.status === 'sent') {
    const q = opened.quotation;
    const at = deps.clock.now().toISOString();
    await deps.quotations.update(q, {
      status: 'expired',
      updatedAt: at,
      history: {
        at,
        actor: 'customer',
        action: 'expired',
        from: 'sent',
        to: 'expired',
        ...historyNote('quotation.expired', { validUntil: q.validUntil }),
      },
    });
    return opened;
  }
  if (opened.kind !== 'form') return opened;
  const parsed = customerAnswerSchema.safeParse(form);
  if (!parsed.success) return { kind: 'bad-input' };
  const q = opened.quotation;
  const now = deps.clock.now();
  const at = now.toISOString();
  const comment = parsed.data.comment || undefined;
  if (parsed.data.decision === 'decline') {
    const declined = await deps.quotations.update(q, {
      status: 'declined',
      updatedAt: at,
      set: { customerAnswer: { decision: 'decline', ...(comment ? { comment } : {}), at } },
      history: {
        at,
        actor: 'customer',
        action: 'declined',
        from: 'sent',
        to: 'declined',
        ...historyNote('quotation.declined', { note: comment }),
      },
    });
    await emailRoles(deps, ['sales'], (to) =>
      staffNotice(
        quotationAsOrder(q),
        to,
        [`客户拒绝报价：${q.quotationNumber}`, `Quotation declined: ${q.quotationNumber}`],
        [`客户意见：${comment ?? '—'}`],
        [`Customer's comment: ${comment ?? '—'}`],
      ),
    );
    return { kind: 'declined', quotation: declined };
  }
  const order = orderFromQuotation(q, now, comment);
  await deps.orders.create(order);
  const accepted = await deps.quotations.update(q, {
    status: 'accepted',
    updatedAt: at,
    set: {
      customerAnswer: { decision: 'accept', ...(comment ? { comment } : {}), at },
      orderId: order.orderId,
      orderNumber: order.orderNumber,
    },
    history: {
      at,
      actor: 'customer',
      action: 'accepted',
      from: 'sent',
      to: 'accepted',
      ...historyNote('quotation.accepted', { orderNumber: order.orderNumber, note: comment }),
    },
  });
  await emailRoles(deps, ['sales'], (to) =>
    staffNotice(
      quotationAsOrder(q),
      to,
      [`客户接受报价：${q.quotationNumber}`, `Quotation accepted: ${q.quotationNumber}`],
      [`已生成订单 ${order.orderNumber}。`],
      [`became order ${order.orderNumber}.`],
    ),
  );
  return { kind: 'accepted', quotation: accepted, orderNumber: order.orderNumber };
}

/** Requested delivery of an order from a quotation when nothing else is said: two weeks on. */
const DEFAULT_LEAD_DAYS = 14;

/**
 * R-QUOTE-3: the order an accepted quotation becomes, channel `quotation`. Its lines and prices
 * are the quotation's, so the quotation's approvals stand for its price approval (the approval
 * workflow finds its chain covered and asks nobody again); the history says so. An order whose
 * prices or quantities are changed later is priced and approved again like any other.
 */
export function orderFromQuotation(q: Quotation, now: Date, comment?: string): Order {
  const orderId = derivedId('quotation-order', q.quotationId);
  const day = businessDay(now);
  const at = now.toISOString();
  const payment = (PAYMENT_METHODS as readonly string[]).includes(q.paymentTerms ?? '')
    ? q.paymentTerms!
    : 'bank_transfer';
  const notes = [
    `报价单 Quotation ${q.quotationNumber}`,
    q.deliveryTerms && `交货 Delivery: ${q.deliveryTerms}`,
    q.paymentTerms && `付款 Payment: ${q.paymentTerms}`,
    comment && `客户 Customer: ${comment}`,
  ]
    .filter(Boolean)
    .join('; ');
  return {
    orderId,
    orderNumber: `OD${day.replaceAll('-', '')}-${orderId.slice(-6)}`,
    channel: 'quotation',
    status: 'received',
    priority: 'normal',
    customer: {
      name: q.customer.name,
      company: q.customer.company,
      phone: q.customer.phone,
      email: q.customer.email,
    },
    customerKey: q.customerKey,
    // A free-text product becomes a line of its own code; review finds no stock for it and sales takes over.
    items: q.items.map((i, n) => quotationLineAsOrderLine(i, i.sku ?? `CUSTOM-${n + 1}`)),
    totalAmount: q.totalAmount,
    currency: q.currency,
    paymentMethod: payment,
    delivery: {
      address: q.customer.address ?? q.deliveryTerms ?? q.customer.company ?? q.customer.name,
      requestedDate: businessDay(new Date(now.getTime() + DEFAULT_LEAD_DAYS * 86_400_000)),
    },
    notes: notes.slice(0, 2000),
    language: 'zh-CN',
    approvalTier: q.approvalTier,
    approvalChain: q.approvalChain,
    // R-QUOTE-3: the quotation's approvals are the order's price approval.
    approvals: (q.approvals ?? []).map((a) => ({ ...a })),
    assignee: null,
    history: [
      {
        at,
        actor: 'customer',
        action: 'created',
        to: 'received',
        ...historyNote('quotation.order', { quotationNumber: q.quotationNumber, chain: q.approvalChain }),
      },
    ],
    version: 1,
    createdAt: at,
    updatedAt: at,
    confirmationPending: true,
  } as Order;
}
