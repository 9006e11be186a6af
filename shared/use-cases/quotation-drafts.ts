/**
 * Quotations, the draft (R-QUOTE-1, R-PRICE-1..5): sales create and edit it, every line priced
 * against the list price and the customer's last price, with the tier it needs shown before
 * submitting; what differs from the product's standard is flagged (R-SPEC-1).
 */
import { ulid } from 'ulid';
import { businessDay } from '../domain/calendar.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { historyNote } from '../domain/history-codes.ts';
import { CURRENCY } from '../domain/order-schema.ts';
import { approvalChain, lineTier, orderTier } from '../domain/pricing.ts';
import {
  EDITABLE,
  type QuotationInput,
  quotationInputSchema,
  specialRequirements as special,
} from '../domain/quotation.ts';
import type { StaffRole } from '../domain/roles.ts';
import { toFieldIssues } from '../domain/validate.ts';
import { customerIdentity } from '../entities/catalogue-entities.ts';
import type { Quotation, QuotationLine } from '../entities/quotation-entity.ts';
import type { CatalogueStore, Clock, QuotationStore } from '../ports.ts';

export interface QuotationDeps {
  quotations: QuotationStore;
  catalogue: CatalogueStore;
  clock: Clock;
}

export type Staff = { email: string; roles: readonly StaffRole[] };

export async function loadQuotation(deps: Pick<QuotationDeps, 'quotations'>, id: string): Promise<Quotation> {
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
  const q = await loadQuotation(deps, id);
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
