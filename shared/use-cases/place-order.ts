/**
 * Place an order (R-INTAKE-1..5, R-PRICE-1..5).
 * 1. Validate the body field by field (R-INTAKE-2), the contact rule and the requested date.
 * 2. Work out the channel: public callers place web/API orders, staff also phone/fax/email ones.
 * 3. Look up the products and the customer's last prices in one round trip; unknown SKUs fail.
 * 4. Price every line and compute the approval tier and chain (R-PRICE-1..5).
 * 5. R-SPEC-1: flag the lines that differ from the product's standard (spec, packaging,
 *    labelling, inspection); such an order waits for the special-requirement review of
 *    production and ops (and quality where configured) before its price approval starts
 *    (shared/use-cases/order-special-review.ts). A rush order's leadership decision covers it.
 * 6. Store the order in one conditional write; its id comes from the Idempotency-Key when one is
 *    given, so a replay — even a concurrent one — finds the first order instead of making a
 *    second (R-INTAKE-4). The confirmation is sent later, outside the request (R-INTAKE-3).
 *    An order waiting for the review then enters My work of the departments.
 */
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { businessDay } from '../domain/calendar.ts';
import { derivedId } from '../domain/derived-id.ts';
import { type FieldIssue, IdempotencyMismatchError, ValidationError } from '../domain/errors.ts';
import { type EvidenceNote, historyNote } from '../domain/history-codes.ts';
import {
  type Channel,
  CURRENCY,
  type OrderCreated,
  type OrderEvidence,
  type OrderInput,
  orderInputSchema,
  PUBLIC_CHANNELS,
} from '../domain/order-schema.ts';
import { approvalChain, lineTier, orderTier } from '../domain/pricing.ts';
import {
  type SpecialReview,
  specialLineNumbers,
  specialRequirements,
  specialReviewDepartments,
  waitingDepartments,
} from '../domain/special-review.ts';
import { signTrackingToken, trackingUrl } from '../domain/tracking-token.ts';
import { toFieldIssues } from '../domain/validate.ts';
import { customerIdentity } from '../entities/catalogue-entities.ts';
import type { Order, OrderSource } from '../entities/order-entity.ts';
import type { RushInfo } from '../entities/rush-entity.ts';
import type {
  CatalogueStore,
  Clock,
  InboundStore,
  OrderStore,
  SpecialReviewQueue,
  UploadStore,
} from '../ports.ts';

export interface PlaceOrderDeps {
  orders: OrderStore;
  catalogue: CatalogueStore;
  clock: Clock;
  trackingSecret: string;
  publicBaseUrl: string;
  /** R-INTAKE-7: where a staff-entered order's evidence is looked up (absent: none can be given). */
  evidence?: { uploads: Pick<UploadStore, 'exists'>; inbound: Pick<InboundStore, 'get'> };
  /** R-SPEC-1: the role standing for quality in the special-requirement review, where configured. */
  qualityRole?: string;
  /** R-SPEC-1: where an order waiting for the review enters My work of the departments. */
  special?: Pick<SpecialReviewQueue, 'open'>;
}

export interface PlaceOrderRequest {
  body: unknown;
  idempotencyKey?: string;
  /** The staff member entering the order (phone/fax), or undefined for a public caller. */
  staff?: { email: string };
  /** A rush application (R-RUSH-1): stored on the order, which becomes urgent. */
  rush?: RushInfo;
  /** An emailed order (R-INTAKE-6): channel `email`, also without a staff caller, linked to its mail. */
  email?: { source: OrderSource; pricedFromList?: string[] };
}

/** A 26-character, ULID-alphabet id derived from the idempotency key (R-INTAKE-4). */
const idFromKey = (key: string): string => derivedId('order-intake', key);

export function validateOrderInput(body: unknown, today: string): OrderInput {
  const parsed = orderInputSchema.safeParse(body);
  const issues: FieldIssue[] = parsed.success ? [] : toFieldIssues(parsed.error);
  const raw = (body ?? {}) as { customer?: { phone?: unknown; email?: unknown } };
  if (typeof raw === 'object' && raw.customer && typeof raw.customer === 'object') {
    const { phone, email } = raw.customer;
    if (!(typeof phone === 'string' && phone.trim()) && !(typeof email === 'string' && email.trim())) {
      issues.push({ path: 'customer.phone', message: 'Give a phone number or an email address' });
    }
  }
  if (parsed.success && parsed.data.delivery.requestedDate < today) {
    issues.push({ path: 'delivery.requestedDate', message: 'The requested delivery date is in the past' });
  }
  if (issues.length > 0 || !parsed.success) throw new ValidationError('The order is not valid', issues);
  return parsed.data;
}

function resolveChannel(input: OrderInput, staff: PlaceOrderRequest['staff'], email: boolean): Channel {
  if (email) return 'email';
  // R-QUOTE-3: only an accepted quotation makes a `quotation` order (shared/use-cases/quotations.ts).
  if (input.channel === 'quotation') {
    throw new ValidationError('The order is not valid', [
      { path: 'channel', message: 'Quotation orders come from accepted quotations' },
    ]);
  }
  if (staff) return input.channel ?? 'phone';
  const channel = input.channel ?? 'web';
  if (!(PUBLIC_CHANNELS as readonly string[]).includes(channel)) {
    throw new ValidationError('The order is not valid', [
      { path: 'channel', message: `Only staff may enter ${channel} orders` },
    ]);
  }
  return channel;
}

/**
 * R-INTAKE-7: a faxed order carries the page with the customer's signature or stamp; staff may
 * attach the customer's email (or a scan) to any order they enter. Public callers attach nothing.
 * A named upload or inbound email must exist.
 */
async function checkEvidence(
  deps: PlaceOrderDeps,
  input: OrderInput,
  staff: boolean,
): Promise<OrderEvidence | undefined> {
  const evidence = input.evidence;
  const invalid = (path: string, message: string) =>
    new ValidationError('The order is not valid', [{ path, message }]);
  // A fax entered before its page is scanned is kept, and flagged until the page is attached.
  if (!evidence) return undefined;
  if (!staff) throw invalid('evidence', 'Only staff attach evidence to an order');
  if ('uploadId' in evidence) {
    if (!(await deps.evidence?.uploads.exists(evidence.uploadId)))
      throw invalid('evidence.uploadId', 'No such upload');
  } else if (!(await deps.evidence?.inbound.get(evidence.inboundId))) {
    throw invalid('evidence.inboundId', 'No such inbound email');
  }
  return evidence;
}

/** R-INTAKE-7: the history's word on the order's evidence; a fax without its page is flagged. */
export function evidenceNote(
  channel: Channel,
  evidence: OrderEvidence | undefined,
): EvidenceNote | undefined {
  if (evidence) return 'uploadId' in evidence ? 'upload' : 'email';
  return channel === 'fax' ? 'missing' : undefined;
}

/**
 * R-MASTER-1, R-PRICE-1..5, R-SPEC-1: every line priced against the list price in force on `day`
 * and the customer's last price, with its approval tier and what differs from the product's
 * standard; a SKU that is unknown or no longer sold is a 400 on its line.
 */
async function priceLines(deps: PlaceOrderDeps, input: OrderInput, customerKey: string, day: string) {
  const { products, customer } = await deps.catalogue.pricingContext(
    input.items.map((i) => i.sku),
    customerKey,
    day,
  );
  const unknown = input.items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => products.get(item.sku)?.active === false || !products.has(item.sku))
    .map(({ item, index }) => ({
      path: `items.${index}.sku`,
      message: products.has(item.sku) ? `${item.sku} is no longer sold` : `Unknown SKU ${item.sku}`,
    }));
  if (unknown.length > 0) throw new ValidationError('The order names unknown products', unknown);

  return input.items.map((line) => {
    const product = products.get(line.sku)!;
    const lastPrice = customer?.lastPrices[line.sku] ?? null;
    const { tier, reason } = lineTier({ unitPrice: line.unitPrice, listPrice: product.listPrice, lastPrice });
    const special = specialRequirements(line, product);
    return {
      sku: line.sku,
      name: product.name,
      spec: line.spec ?? product.spec,
      unit: product.unit,
      packaging: line.packaging,
      ...(line.labelling ? { labelling: line.labelling } : {}),
      ...(line.inspection ? { inspection: line.inspection } : {}),
      ...(special.length ? { special } : {}),
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      listPrice: product.listPrice,
      lastPrice,
      lineAmount: line.unitPrice * line.quantity,
      tier,
      tierReason: reason,
    };
  });
}

/** The order's first history: how it came (and what it rests on), and a special review asked for. */
function createdHistory(
  request: PlaceOrderRequest,
  at: string,
  channel: Channel,
  evidence: OrderEvidence | undefined,
  specialReview: SpecialReview | undefined,
): Order['history'] {
  return [
    {
      at,
      actor: request.staff?.email ?? (request.email ? 'email-intake' : 'customer'),
      action: 'created',
      to: 'received',
      // R-INTAKE-6: lines the email left unpriced, priced from the list, for review.
      ...historyNote('created', {
        channel,
        pricedFromList: request.email?.pricedFromList?.length ? request.email.pricedFromList : undefined,
        evidence: evidenceNote(channel, evidence),
      }),
    },
    ...(specialReview
      ? [
          {
            at,
            actor: 'workflow',
            action: 'special-review',
            ...historyNote('special.requested', {
              lines: specialReview.lines,
              departments: specialReview.departments,
            }),
          },
        ]
      : []),
  ];
}

/**
 * R-INTAKE-4: one conditional write; a replay under the same key finds the first order, and a
 * different body under it is refused. Answers the order as stored.
 */
async function storeOnce(deps: PlaceOrderDeps, order: Order): Promise<Order> {
  if ((await deps.orders.create(order)) === 'created') return order;
  const existing = await deps.orders.get(order.orderId);
  if (!existing || existing.requestHash !== order.requestHash) throw new IdempotencyMismatchError();
  return existing;
}

/**
 * R-SPEC-1: an order waiting for its special review enters My work of the departments. After the
 * order: a crash between the two leaves the order (the truth) without its My work entry, and the
 * client's retry with the same Idempotency-Key puts it.
 */
async function openSpecialWork(deps: PlaceOrderDeps, stored: Order): Promise<void> {
  if (stored.specialReview?.status !== 'pending' || !deps.special) return;
  await deps.special.open({
    orderId: stored.orderId,
    orderNumber: stored.orderNumber,
    status: 'received',
    priority: stored.priority,
    channel: stored.channel,
    customerName: stored.customer.name,
    totalAmount: stored.totalAmount,
    currency: stored.currency,
    createdAt: stored.createdAt,
    waitingOn: waitingDepartments(stored.specialReview),
  });
}

export async function placeOrder(deps: PlaceOrderDeps, request: PlaceOrderRequest): Promise<OrderCreated> {
  const now = deps.clock.now();
  const day = businessDay(now);
  const at = now.toISOString();
  const input = validateOrderInput(request.body, day);
  const channel = resolveChannel(input, request.staff, request.email !== undefined);
  const evidence = await checkEvidence(deps, input, request.staff !== undefined);
  const customerKey = customerIdentity(input.customer);
  const items = await priceLines(deps, input, customerKey, day);
  const approvalTier = orderTier(items.map((i) => i.tier));
  // R-SPEC-1: flagged lines wait for the departments' review before the price approval.
  const lines = specialLineNumbers(items);
  const specialReview: SpecialReview | undefined =
    lines.length && !request.rush
      ? { departments: specialReviewDepartments(deps.qualityRole), opinions: [], lines, status: 'pending' }
      : undefined;
  const orderId = request.idempotencyKey ? idFromKey(request.idempotencyKey) : ulid(now.getTime());
  // 128 bits tell two request bodies apart well enough, in 22 characters of the item.
  const requestHash = createHash('sha256')
    .update(JSON.stringify([request.body, request.staff?.email ?? null]))
    .digest('base64url')
    .slice(0, 22);
  const stored = await storeOnce(deps, {
    orderId,
    orderNumber: `OD${day.replaceAll('-', '')}-${orderId.slice(-6)}`,
    channel,
    status: 'received',
    priority: request.rush ? 'urgent' : input.priority,
    customer: input.customer,
    customerKey,
    items,
    totalAmount: items.reduce((sum, i) => sum + i.lineAmount, 0),
    currency: CURRENCY,
    paymentMethod: input.paymentMethod,
    delivery: input.delivery,
    notes: input.notes,
    language: input.language,
    approvalTier,
    approvalChain: approvalChain(approvalTier),
    assignee: null,
    history: createdHistory(request, at, channel, evidence, specialReview),
    version: 1,
    createdAt: at,
    updatedAt: at,
    requestHash,
    confirmationPending: true,
    ...(request.rush ? { rush: request.rush } : {}),
    ...(request.email ? { source: request.email.source } : {}),
    ...(evidence ? { evidence } : {}),
    ...(specialReview ? { specialReview } : {}),
  });
  await openSpecialWork(deps, stored);
  const token = signTrackingToken(deps.trackingSecret, stored.orderId);
  return {
    orderId: stored.orderId,
    orderNumber: stored.orderNumber,
    status: 'received',
    trackingUrl: trackingUrl(deps.publicBaseUrl, token),
  };
}
