/**
 * Quotations (报价单, R-QUOTE-1..3, R-PRICE-1..5).
 * - Sales creates and edits a draft: every line priced against the list price and the customer's
 *   last price, and the tier it needs shown before submitting (R-PRICE-1..5).
 * - Submitting starts the order approval workflow for the quotation (one definition for both,
 *   see shared/adapters/approval-subjects.ts): same tiers, links, deadlines, reminders and
 *   escalation. Withdrawing ends the waiting step (its links stop working) and the workflow.
 * - Approved (R-QUOTE-2): the workflow's last task emails the customer the quotation with the
 *   signed link; the quotation is `sent`.
 * - The customer accepts once, before it expires (R-QUOTE-3): the order is created, channel
 *   `quotation`, its price approval satisfied by the quotation's, recorded in its history.
 */
import { ulid } from 'ulid';
import { quotationAsOrder, quotationLineAsOrderLine } from '../adapters/approval-subjects.ts';
import { businessDay } from '../domain/calendar.ts';
import { type Company, DEMO_COMPANY } from '../domain/company.ts';
import { derivedId } from '../domain/derived-id.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { historyNote } from '../domain/history-codes.ts';
import { CURRENCY, PAYMENT_METHODS } from '../domain/order-schema.ts';
import { approvalChain, lineTier, orderTier } from '../domain/pricing.ts';
import {
  customerAnswerSchema,
  EDITABLE,
  type QuotationInput,
  quotationInputSchema,
  quotationLinkUrl,
  signQuotationToken,
  specialRequirements as special,
  specialOpinionSchema,
  specialReviewDepartments,
  verifyQuotationToken,
} from '../domain/quotation.ts';
import { isStaffRole, type StaffRole } from '../domain/roles.ts';
import { answeringDepartment } from '../domain/special-review.ts';
import { toFieldIssues } from '../domain/validate.ts';
import { customerIdentity } from '../entities/catalogue-entities.ts';
import type { Order } from '../entities/order-entity.ts';
import type { Quotation, QuotationLine } from '../entities/quotation-entity.ts';
import { quotationEmail } from '../notifications/quotation-document.ts';
import { staffNotice } from '../notifications/workflow-messages.ts';
import type {
  ApprovalStore,
  CatalogueStore,
  Clock,
  Mailer,
  OrderStore,
  QuotationStore,
  StaffDirectory,
  WorkflowEngine,
} from '../ports.ts';
import type { FinishInput } from './finish-approval.ts';
import { emailRoles } from './workflow-deps.ts';

export interface QuotationDeps {
  quotations: QuotationStore;
  catalogue: CatalogueStore;
  clock: Clock;
}

type Staff = { email: string; roles: readonly StaffRole[] };

async function load(deps: Pick<QuotationDeps, 'quotations'>, id: string): Promise<Quotation> {
  const q = await deps.quotations.get(id);
  if (!q) throw new NotFoundError(`Quotation ${id} not found`);
  return q;
}

function validate(body: unknown, today: string): QuotationInput {
  const parsed = quotationInputSchema.safeParse(body);
  const issues = parsed.success ? [] : toFieldIssues(parsed.error);
  if (parsed.success && parsed.data.validUntil < today)
    issues.push({ path: 'validUntil', message: 'The validity date is in the past' });
  if (parsed.success && !parsed.data.customer.email)
    issues.push({ path: 'customer.email', message: 'The quotation is emailed: give the customer’s email' });
  if (!parsed.success || issues.length > 0) throw new ValidationError('The quotation is not valid', issues);
  return parsed.data;
}

/** R-PRICE-1..5: each line beside its list and last price, its tier, and the quotation's. */
async function priced(deps: QuotationDeps, input: QuotationInput, day: string) {
  const customerKey = customerIdentity(input.customer);
  const skus = input.items.flatMap((i) => (i.sku ? [i.sku] : []));
  const { products, customer } = await deps.catalogue.pricingContext(skus, customerKey, day);
  const unknown = input.items.flatMap((i, index) =>
    i.sku && !products.get(i.sku)?.active && !products.has(i.sku)
      ? [{ path: `items.${index}.sku`, message: `Unknown SKU ${i.sku}` }]
      : i.sku && products.get(i.sku)?.active === false
        ? [{ path: `items.${index}.sku`, message: `${i.sku} is no longer sold` }]
        : [],
  );
  if (unknown.length > 0) throw new ValidationError('The quotation names unknown products', unknown);
  const items: QuotationLine[] = input.items.map((line) => {
    const product = line.sku ? products.get(line.sku) : undefined;
    // A free-text product has no list price: R-PRICE-3 (ops, then the sales director).
    const listPrice = product ? product.listPrice : null;
    const lastPrice = line.sku ? (customer?.lastPrices[line.sku] ?? null) : null;
    const { tier, reason } = lineTier({ unitPrice: line.unitPrice, listPrice, lastPrice });
    return {
      ...(line.sku ? { sku: line.sku } : {}),
      name: product?.name ?? line.description ?? '',
      ...((line.spec ?? product?.spec) ? { spec: line.spec ?? product?.spec } : {}),
      ...(line.packaging ? { packaging: line.packaging } : {}),
      ...(line.labelling ? { labelling: line.labelling } : {}),
      ...(line.inspection ? { inspection: line.inspection } : {}),
      ...(special(line, product).length ? { special: special(line, product) } : {}),
      ...(product?.unit ? { unit: product.unit } : {}),
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      listPrice,
      lastPrice,
      lineAmount: line.quantity * line.unitPrice,
      tier,
      tierReason: reason,
    };
  });
  const approvalTier = orderTier(items.map((i) => i.tier));
  return {
    customerKey,
    items,
    approvalTier,
    approvalChain: approvalChain(approvalTier),
    totalAmount: items.reduce((s, i) => s + i.lineAmount, 0),
  };
}

const fields = (input: QuotationInput) => ({
  customer: input.customer,
  validUntil: input.validUntil,
  ...(input.deliveryTerms ? { deliveryTerms: input.deliveryTerms } : {}),
  ...(input.paymentTerms ? { paymentTerms: input.paymentTerms } : {}),
  ...(input.notes ? { notes: input.notes } : {}),
});

/** POST /api/quotations (R-QUOTE-1). */
export async function createQuotation(deps: QuotationDeps, body: unknown, staff: Staff) {
  const now = deps.clock.now();
  const day = businessDay(now);
  const input = validate(body, day);
  const price = await priced(deps, input, day);
  const id = `QT${ulid(now.getTime())}`;
  const at = now.toISOString();
  const quotation: Quotation = {
    quotationId: id,
    quotationNumber: `QT${day.replaceAll('-', '')}-${id.slice(-6)}`,
    status: 'draft',
    ...fields(input),
    ...price,
    currency: CURRENCY,
    createdBy: staff.email,
    history: [
      {
        at,
        actor: staff.email,
        action: 'created',
        to: 'draft',
        ...historyNote('quotation.created', { chain: price.approvalChain }),
      },
    ],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await deps.quotations.create(quotation);
  return quotation;
}

/** PUT /api/quotations/{id}: a draft (or one sales got back) is edited; it is a draft again. */
export async function editQuotation(deps: QuotationDeps, id: string, body: unknown, staff: Staff) {
  const q = await load(deps, id);
  if (!EDITABLE.includes(q.status))
    throw new ConflictError(
      `A ${q.status} quotation cannot be edited${q.status === 'submitted' ? ': withdraw it first' : ''}`,
    );
  const now = deps.clock.now();
  const input = validate(body, businessDay(now));
  const price = await priced(deps, input, businessDay(now));
  const at = now.toISOString();
  return deps.quotations.update(q, {
    status: 'draft',
    updatedAt: at,
    set: {
      ...fields(input),
      deliveryTerms: input.deliveryTerms,
      paymentTerms: input.paymentTerms,
      notes: input.notes,
      ...price,
      approvals: [],
      pendingApproval: null,
      approvalRejection: undefined,
    },
    history: {
      at,
      actor: staff.email,
      action: 'edited',
      from: q.status,
      to: 'draft',
      ...historyNote('quotation.edited', { chain: price.approvalChain }),
    },
  });
}

/** POST /api/quotations/{id}/submit: into the approval workflow (R-QUOTE-2). */
export async function submitQuotation(
  deps: QuotationDeps & {
    workflows: WorkflowEngine;
    notify?: Pick<QuotationWorkflowDeps, 'staff' | 'mailer'>;
    qualityRole?: string;
  },
  id: string,
  staff: Staff,
) {
  const q = await load(deps, id);
  if (q.status !== 'draft') throw new ConflictError(`A ${q.status} quotation cannot be submitted`);
  const at = deps.clock.now().toISOString();
  const lines = q.items.flatMap((l, i) => (l.special?.length ? [String(i + 1)] : []));
  const departments = specialReviewDepartments(deps.qualityRole);
  let submitted = await deps.quotations.update(q, {
    status: 'submitted',
    updatedAt: at,
    set: {
      submittedAt: at,
      approvals: [],
      pendingApproval: null,
      specialReview: lines.length ? { departments, opinions: [] } : undefined,
    },
    history: {
      at,
      actor: staff.email,
      action: 'submitted',
      from: 'draft',
      to: 'submitted',
      ...historyNote('quotation.submitted', { chain: q.approvalChain }),
    },
  });
  if (lines.length) {
    // R-SPEC-1: the departments review the special requirements before the price approval.
    submitted = await deps.quotations.update(submitted, {
      updatedAt: at,
      history: {
        at,
        actor: 'workflow',
        action: 'special-review',
        ...historyNote('special.requested', { lines, departments }),
      },
    });
    if (deps.notify) {
      await emailRoles(deps.notify, departments.filter(isStaffRole), (to) =>
        staffNotice(
          quotationAsOrder(submitted),
          to,
          [
            `特殊要求评审：报价单 ${q.quotationNumber}`,
            `Special requirements to review: quotation ${q.quotationNumber}`,
          ],
          [`第 ${lines.join('、')} 行与产品标准不同，请在报价单页面给出意见。`],
          [
            `Lines ${lines.join(', ')} differ from the product standard: give your opinion on the quotations page.`,
          ],
        ),
      );
    }
    return submitted;
  }
  await startApproval(deps, submitted);
  return submitted;
}

// One execution per submission: a quotation withdrawn and submitted again runs anew.
const startApproval = (deps: { workflows: WorkflowEngine }, q: Quotation) =>
  deps.workflows.start('order-approval', `${q.quotationId}-${q.version}`, { orderId: q.quotationId });

/**
 * POST /api/quotations/{id}/special-review (R-SPEC-1): a department's opinion — accept (with
 * conditions) or reject with a reason — in the history. A rejection sends the quotation back to
 * sales with the reason (R-PRICE-6 style); when every department accepted, the price approval starts.
 */
export async function recordSpecialOpinion(
  deps: QuotationDeps & {
    workflows: WorkflowEngine;
    notify?: Pick<QuotationWorkflowDeps, 'staff' | 'mailer'>;
  },
  id: string,
  body: unknown,
  staff: Staff,
) {
  const parsed = specialOpinionSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError('Invalid opinion', toFieldIssues(parsed.error));
  const q = await load(deps, id);
  const review = q.specialReview;
  if (q.status !== 'submitted' || !review)
    throw new ConflictError('No special-requirement review is waiting');
  const department = answeringDepartment(review, staff.roles);
  if (department === 'none')
    throw new ForbiddenError(`Only ${review.departments.join(', ')} give an opinion on this quotation`);
  if (department === 'answered')
    throw new ConflictError('Your department has given its opinion on this quotation');
  const at = deps.clock.now().toISOString();
  const { opinion, conditions, reason } = parsed.data;
  const record = {
    department,
    actor: staff.email,
    opinion,
    ...(conditions ? { conditions } : {}),
    ...(reason ? { reason } : {}),
    at,
  };
  const note = opinion === 'reject' ? reason : conditions;
  const opinions = [...review.opinions, record];
  const updated = await deps.quotations.update(q, {
    ...(opinion === 'reject' ? { status: 'rejected' as const } : {}),
    updatedAt: at,
    set: { specialReview: { ...review, opinions } },
    history: {
      at,
      actor: staff.email,
      action: 'special-opinion',
      ...(opinion === 'reject' ? { from: 'submitted' as const, to: 'rejected' as const } : {}),
      ...historyNote('special.opinion', { department, opinion, note }),
    },
  });
  if (opinion === 'reject') {
    if (deps.notify) {
      await emailRoles(deps.notify, ['sales'], (to) =>
        staffNotice(
          quotationAsOrder(q),
          to,
          [
            `特殊要求被驳回：报价单 ${q.quotationNumber}`,
            `Special requirements rejected: quotation ${q.quotationNumber}`,
          ],
          [`${department} 不同意：${reason}`],
          [`${department} rejected: ${reason}`],
        ),
      );
    }
    return updated;
  }
  if (review.departments.every((d) => opinions.some((o) => o.department === d && o.opinion === 'accept'))) {
    await startApproval(deps, updated);
  }
  return updated;
}

/**
 * POST /api/quotations/{id}/withdraw: the waiting step is retired (its links stop working) and
 * the workflow is told, so it ends; the history keeps everything.
 */
export async function withdrawQuotation(
  deps: QuotationDeps & { approvals: ApprovalStore; workflows: WorkflowEngine },
  id: string,
  staff: Staff,
  reason?: string,
) {
  const q = await load(deps, id);
  if (q.status !== 'submitted') throw new ConflictError(`A ${q.status} quotation cannot be withdrawn`);
  const at = deps.clock.now().toISOString();
  const withdrawn = await deps.quotations.update(q, {
    status: 'withdrawn',
    updatedAt: at,
    set: { pendingApproval: null },
    history: {
      at,
      actor: staff.email,
      action: 'withdrawn',
      from: 'submitted',
      to: 'withdrawn',
      ...historyNote('quotation.withdrawn', { note: reason }),
    },
  });
  if (q.pendingApproval) {
    const request = await deps.approvals.supersede(q.pendingApproval.requestId);
    if (request?.taskToken) {
      // The workflow's RejectOrder then finds the quotation withdrawn and changes nothing.
      await deps.workflows.sendSuccess(request.taskToken, {
        decision: 'reject',
        reason: 'withdrawn',
        actor: staff.email,
        role: 'sales',
        at,
        requestId: request.requestId,
      });
    }
  }
  return withdrawn;
}

/** What the API answers for a quotation. */
export const quotationView = (q: Quotation) => {
  const { version: _v, ...rest } = q;
  return { ...rest, version: q.version };
};

/** Expired: a sent quotation whose validity date passed (Asia/Shanghai). */
const isExpired = (q: Quotation, now: Date) => q.validUntil < businessDay(now);

// ——— the workflow's side ———

export interface QuotationWorkflowDeps {
  quotations: QuotationStore;
  mailer: Mailer;
  staff: StaffDirectory;
  clock: Clock;
  linkSecret: string;
  publicBaseUrl: string;
  company?: Company;
}

/** The Review task of a quotation: nothing to reserve; a submitted one goes to its chain. */
export async function reviewQuotation(deps: Pick<QuotationWorkflowDeps, 'quotations'>, id: string) {
  const q = await load(deps, id);
  return { orderId: id, next: q.status === 'submitted' ? ('prepare' as const) : ('held' as const) };
}

/** ApproveOrder / RejectOrder / HoldOrder of a quotation (R-QUOTE-2, R-PRICE-5). */
export async function finishQuotation(deps: QuotationWorkflowDeps, input: FinishInput) {
  const q = await load(deps, input.orderId);
  const at = deps.clock.now().toISOString();
  const sales = (zh: string, en: string) =>
    emailRoles(deps, ['sales'], (to) =>
      staffNotice(
        quotationAsOrder(q),
        to,
        [`报价单：${q.quotationNumber}`, `Quotation ${q.quotationNumber}`],
        [zh],
        [en],
      ),
    );
  if (q.status !== 'submitted') return { status: q.status };
  if (input.outcome === 'approved') {
    const approved = await deps.quotations.update(q, {
      status: 'approved',
      updatedAt: at,
      set: { pendingApproval: null, approvedAt: at },
      history: {
        at,
        actor: 'workflow',
        action: 'status',
        from: 'submitted',
        to: 'approved',
        ...historyNote('approval.approved', { chain: q.approvalChain }),
      },
    });
    const link = quotationLinkUrl(deps.publicBaseUrl, signQuotationToken(deps.linkSecret, q.quotationId));
    await deps.mailer.send(quotationEmail(approved, deps.company ?? DEMO_COMPANY, link));
    await deps.quotations.update(approved, {
      status: 'sent',
      updatedAt: at,
      set: { sentAt: at },
      history: {
        at,
        actor: 'workflow',
        action: 'sent',
        from: 'approved',
        to: 'sent',
        ...historyNote('quotation.sent', { to: q.customer.email, validUntil: q.validUntil }),
      },
    });
    await sales(
      `已批准并发送给客户，有效期至 ${q.validUntil}。`,
      `was approved and sent to the customer, valid until ${q.validUntil}.`,
    );
    return { status: 'sent' };
  }
  if (input.outcome === 'rejected') {
    const reason = input.decision?.reason ?? 'rejected';
    const pending = q.pendingApproval;
    await deps.quotations.update(q, {
      status: 'rejected',
      updatedAt: at,
      set: {
        pendingApproval: null,
        approvalRejection: {
          step: pending?.role ?? 'ops',
          role: input.decision?.role ?? pending?.role ?? 'ops',
          at: input.decision?.at ?? at,
          ...(pending?.requestedAt ? { requestedAt: pending.requestedAt } : {}),
        },
      },
      history: {
        at,
        actor: input.decision?.actor ?? 'workflow',
        action: 'status',
        from: 'submitted',
        to: 'rejected',
        ...historyNote('approval.rejected', { role: input.decision?.role ?? pending?.role, note: reason }),
      },
    });
    // R-PRICE-6 style: back to sales with the reason; the customer hears nothing.
    await sales(
      `被${input.decision?.actor ?? ''}驳回，原因：${reason}`,
      `was rejected by ${input.decision?.actor ?? ''}: ${reason}`,
    );
    return { status: 'rejected' };
  }
  await deps.quotations.update(q, {
    status: 'withdrawn',
    updatedAt: at,
    set: { pendingApproval: null },
    history: {
      at,
      actor: 'workflow',
      action: 'status',
      from: 'submitted',
      to: 'withdrawn',
      ...historyNote('workflow.stopped', {
        workflow: 'order-approval',
        error: input.error?.Error ?? 'error',
      }),
    },
  });
  await sales('审批流程停止，报价单已退回销售。', 'is back with sales: the approval workflow stopped.');
  return { status: 'withdrawn' };
}

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

/** Sales hear this many days before a sent quotation's validity ends. */
export const EXPIRY_REMINDER_DAYS = 3;

/**
 * Sales are reminded before a sent quotation expires (R-QUOTE-3): each sent quotation whose
 * `validUntil` is within EXPIRY_REMINDER_DAYS is mailed to sales once (`expiryReminded`); one
 * whose date has passed becomes `expired`. Meant for a daily run (see the README: not yet
 * scheduled).
 */
export async function remindExpiringQuotations(
  deps: Pick<QuotationWorkflowDeps, 'quotations' | 'clock' | 'mailer' | 'staff'>,
): Promise<{ reminded: string[]; expired: string[] }> {
  const now = deps.clock.now();
  const today = businessDay(now);
  const soon = businessDay(new Date(now.getTime() + EXPIRY_REMINDER_DAYS * 86_400_000));
  const at = now.toISOString();
  const reminded: string[] = [];
  const expired: string[] = [];
  const { items } = await deps.quotations.list({ status: 'sent' }, 1000);
  for (const q of items) {
    if (q.validUntil < today) {
      await deps.quotations.update(q, {
        status: 'expired',
        updatedAt: at,
        history: {
          at,
          actor: 'workflow',
          action: 'expired',
          from: 'sent',
          to: 'expired',
          ...historyNote('quotation.expired', { validUntil: q.validUntil }),
        },
      });
      expired.push(q.quotationNumber);
    } else if (q.validUntil <= soon && !q.expiryReminded) {
      await emailRoles(deps, ['sales'], (to) =>
        staffNotice(
          quotationAsOrder(q),
          to,
          [`报价即将过期：${q.quotationNumber}`, `Quotation about to expire: ${q.quotationNumber}`],
          [`有效期至 ${q.validUntil}，客户尚未答复，请跟进。`],
          [`is valid until ${q.validUntil} and the customer has not answered: please follow up.`],
        ),
      );
      await deps.quotations.update(q, {
        updatedAt: at,
        set: { expiryReminded: true },
        history: {
          at,
          actor: 'workflow',
          action: 'reminded',
          ...historyNote('quotation.reminded', { validUntil: q.validUntil }),
        },
      });
      reminded.push(q.quotationNumber);
    }
  }
  return { reminded, expired };
}
