/**
 * Quotations (报价单, R-QUOTE-1..3): what sales fills in, the statuses, and how a quotation
 * looks to the approval workflow. The workflow (statemachines/order-approval.asl.json) is one
 * definition for both orders and quotations: its `orderId` is the id of what is approved, and a
 * quotation id (`QT` + a ULID, 28 characters) never looks like an order id (26), so the tasks
 * and the approval store route by the id (shared/adapters/approval-subjects.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import {
  cents,
  customerInputSchema,
  isoDate,
  MAX_AMOUNT_CENTS,
  MAX_ITEMS,
  MAX_QUANTITY,
  ORDER_FIELD_LIMITS,
  optionalText,
} from './order-schema.ts';

/** draft → submitted → approved | rejected → sent → accepted | declined | expired, plus withdrawn. */
export const QUOTATION_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'sent',
  'accepted',
  'declined',
  'expired',
  'withdrawn',
] as const;
export type QuotationStatus = (typeof QUOTATION_STATUSES)[number];

/** Editable statuses: a draft, or one sales got back (rejected, withdrawn); editing makes it a draft again. */
export const EDITABLE: readonly QuotationStatus[] = ['draft', 'rejected', 'withdrawn'];
/** Revisable statuses (R-QUOTE-1): sent to the customer, or answered no or run out; a revision is a new draft. */
export const REVISABLE: readonly QuotationStatus[] = ['sent', 'declined', 'expired'];

export const QUOTATION_ID_PREFIX = 'QT';
export const isQuotationId = (id: string): boolean => /^QT[0-9A-Z]{26}$/.test(id);

/** A line: a catalogue SKU, or a free-text product with its spec and packaging (R-QUOTE-1). */
export const quotationLineSchema = z
  .object({
    sku: optionalText(ORDER_FIELD_LIMITS.sku),
    description: optionalText(ORDER_FIELD_LIMITS.spec),
    spec: optionalText(ORDER_FIELD_LIMITS.spec),
    packaging: optionalText(ORDER_FIELD_LIMITS.packaging),
    /** R-SPEC-1: labelling or inspection the customer asks for beyond the standard. */
    labelling: optionalText(ORDER_FIELD_LIMITS.packaging),
    inspection: optionalText(ORDER_FIELD_LIMITS.packaging),
    quantity: z.number().int().positive('Must be at least 1').max(MAX_QUANTITY, 'Too large'),
    unitPrice: cents,
  })
  .refine((l) => l.sku !== undefined || l.description !== undefined, {
    message: 'Give a SKU or a description of the product',
    path: ['description'],
  })
  .refine((l) => l.quantity * l.unitPrice <= MAX_AMOUNT_CENTS, { message: 'Line total is above the limit' });

/** Body of POST /api/quotations and PUT /api/quotations/{id} (R-QUOTE-1: filled in completely). */
export const quotationInputSchema = z.object({
  customer: customerInputSchema.extend({ address: optionalText(ORDER_FIELD_LIMITS.address) }),
  items: z
    .array(quotationLineSchema)
    .min(1, 'At least one item')
    .max(MAX_ITEMS, `At most ${MAX_ITEMS} items`),
  validUntil: isoDate,
  deliveryTerms: optionalText(500),
  paymentTerms: optionalText(500),
  notes: optionalText(ORDER_FIELD_LIMITS.notes),
});
export type QuotationInput = z.infer<typeof quotationInputSchema>;

/** The customer's answer on the emailed link. */
export const customerAnswerSchema = z.object({
  decision: z.enum(['accept', 'decline'], { error: 'Choose accept or decline' }),
  comment: z.string().trim().max(1000, 'At most 1000 characters').optional(),
});

export const quotationListSchema = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(QUOTATION_STATUSES).optional(),
  cursor: z.string().max(2000).optional(),
});

/** GET /api/quotations/report: a period of Beijing days. */
export const quotationReportSchema = z.object({ from: isoDate.optional(), to: isoDate.optional() });

/**
 * The customer's signed link to the quotation (R-SEC-3): `<quotationId>.<HMAC>`, its own
 * purpose so a tracking token never opens it. Single use is the quotation's status.
 */
const mac = (secret: string, id: string) =>
  createHmac('sha256', secret).update(`quotation:${id}`).digest('base64url');
export const signQuotationToken = (secret: string, id: string): string => `${id}.${mac(secret, id)}`;
export function verifyQuotationToken(secret: string, token: string): string | undefined {
  const match = /^(QT[0-9A-Z]{26})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, id, given] = match as unknown as [string, string, string];
  const expected = Buffer.from(mac(secret, id));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? id : undefined;
}
export const quotationLinkUrl = (baseUrl: string, token: string): string =>
  `${baseUrl}/quotation-links/${encodeURIComponent(token)}`;

/** R-SPEC-1: the special-requirement review, the same for quotations and orders. */
export {
  specialOpinionSchema,
  specialRequirements,
  specialReviewDepartments,
} from './special-review.ts';
