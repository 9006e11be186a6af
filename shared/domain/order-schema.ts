/**
 * The order as the outside world sends it (R-INTAKE-2) and as staff read it. These zod
 * schemas validate every entry point and generate the OpenAPI document (shared/http/openapi.ts).
 * Money is integer cents (fen), currency CNY by default; quantities are positive integers.
 */
import * as z from 'zod';
import { ORDER_STATUSES } from './status.ts';
import './zod-messages.ts';

/** R-INTAKE-1: how the order reached us. */
export const CHANNELS = ['web', 'email', 'phone', 'fax', 'api', 'quotation'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels a public (unauthenticated) caller may claim; the rest are staff-entered. */
export const PUBLIC_CHANNELS = ['web', 'api'] as const;

/** R-INTAKE-5 */
export const PRIORITIES = ['normal', 'important', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PAYMENT_METHODS = [
  'bank_transfer',
  'alipay',
  'wechat_pay',
  'cash_on_delivery',
  'monthly_settlement',
] as const;
export const TRANSPORT_METHODS = ['express', 'freight', 'company_delivery', 'self_pickup'] as const;
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const CURRENCY = 'CNY';

/** Longest text per order field, in characters (the order form checks the same, web/js/order-contract.js). */
export const ORDER_FIELD_LIMITS = {
  name: 100,
  company: 200,
  email: 254,
  sku: 64,
  spec: 200,
  packaging: 200,
  address: 500,
  notes: 2000,
} as const;
/** Most lines per order, largest quantity per line. */
export const MAX_ITEMS = 100;
export const MAX_QUANTITY = 1_000_000;
/** Mainland mobile or landline, with optional +86 and separators. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{5,22}[0-9]$/;

/** Trimmed text, required, at most `max` characters (master data uses the same). */
export const text = (max: number) =>
  z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
/** Trimmed text or nothing (an empty string becomes undefined). */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

/** Control characters (C0, DEL, C1): never part of a name (R-SEC-3). */
const CONTROL = /\p{Cc}/u;
/** Zero-width and other invisible format characters, and spaces: a name needs more than these. */
const INVISIBLE = /[\p{Cf}\p{Z}\s]/gu;

/** A name a person can read: no control characters, at least one visible character. */
const nameText = (max: number) =>
  text(max)
    .refine((v) => !CONTROL.test(v), 'Must not contain control characters or line breaks')
    .refine((v) => v.replace(INVISIBLE, '') !== '', 'Must contain visible characters');
const optionalNameText = (max: number) =>
  optionalText(max).refine(
    (v) => v === undefined || (!CONTROL.test(v) && v.replace(INVISIBLE, '') !== ''),
    'Must be readable text without control characters or line breaks',
  );

export const phoneSchema = z.string().trim().regex(PHONE_PATTERN, 'Not a phone number');

export const cents = z
  .number()
  .int('Must be an integer (whole cents)')
  .min(0, 'Must not be negative')
  .max(100_000_000_00, 'Too large');

/**
 * The largest line total and order total, in cents (1,000,000,000.00 yuan): far above any real
 * order, far below the integers JSON and DynamoDB carry exactly (R-INTAKE-2).
 */
export const MAX_AMOUNT_CENTS = 1_000_000_000_00;
const MAX_AMOUNT_TEXT = '1,000,000,000.00 yuan';

export const isoDate = z.iso.date({ error: 'Must be a date YYYY-MM-DD' });

export const customerInputSchema = z.object({
  name: nameText(ORDER_FIELD_LIMITS.name),
  company: optionalNameText(ORDER_FIELD_LIMITS.company),
  phone: phoneSchema.optional(),
  email: z.email('Not an email address').max(ORDER_FIELD_LIMITS.email).optional(),
});

export const orderLineInputSchema = z
  .object({
    sku: text(ORDER_FIELD_LIMITS.sku),
    quantity: z.number().int().positive('Must be at least 1').max(MAX_QUANTITY, 'Too large'),
    unitPrice: cents,
    spec: optionalText(ORDER_FIELD_LIMITS.spec),
    packaging: optionalText(ORDER_FIELD_LIMITS.packaging),
    /** R-SPEC-1: labelling or inspection the customer asks for beyond the standard. */
    labelling: optionalText(ORDER_FIELD_LIMITS.packaging),
    inspection: optionalText(ORDER_FIELD_LIMITS.packaging),
  })
  .refine((line) => line.quantity * line.unitPrice <= MAX_AMOUNT_CENTS, {
    message: `Line total (quantity × unit price) is above the limit of ${MAX_AMOUNT_TEXT}`,
  });

export const deliveryInputSchema = z.object({
  address: text(ORDER_FIELD_LIMITS.address),
  requestedDate: isoDate,
  transportMethod: z.enum(TRANSPORT_METHODS).optional(),
});

const evidenceId = z.string().trim().min(1, 'Required').max(80, 'At most 80 characters');
/**
 * R-INTAKE-7: what a staff-entered order rests on — the faxed page with the customer's signature
 * or stamp (an upload), or the customer's email (an inbound message kept by the email intake).
 */
export const orderEvidenceSchema = z.union([
  z.object({ uploadId: evidenceId }).strict(),
  z.object({ inboundId: evidenceId }).strict(),
]);
export type OrderEvidence = z.infer<typeof orderEvidenceSchema>;

/** Body of POST /api/orders (R-INTAKE-2). */
export const orderInputSchema = z
  .object({
    customer: customerInputSchema,
    items: z
      .array(orderLineInputSchema)
      .min(1, 'At least one item')
      .max(MAX_ITEMS, `At most ${MAX_ITEMS} items`)
      .refine((items) => items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0) <= MAX_AMOUNT_CENTS, {
        message: `Order total is above the limit of ${MAX_AMOUNT_TEXT}`,
      }),
    paymentMethod: z.enum(PAYMENT_METHODS),
    delivery: deliveryInputSchema,
    priority: z.enum(PRIORITIES).default('normal'),
    notes: optionalText(ORDER_FIELD_LIMITS.notes),
    language: z.enum(LANGUAGES).default('zh-CN'),
    channel: z.enum(CHANNELS).optional(),
    evidence: orderEvidenceSchema.optional(),
  })
  .strict();

export type OrderInput = z.infer<typeof orderInputSchema>;
export type OrderLineInput = z.infer<typeof orderLineInputSchema>;

export const APPROVAL_ROLES = ['ops', 'sales_director', 'gm'] as const;
export type ApprovalRole = (typeof APPROVAL_ROLES)[number];

export const orderLineSchema = z.object({
  sku: z.string(),
  name: z.string(),
  spec: z.string().optional(),
  unit: z.string(),
  packaging: z.string().optional(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  listPrice: z.number().int().nullable(),
  lastPrice: z.number().int().nullable(),
  lineAmount: z.number().int(),
  tier: z.enum(APPROVAL_ROLES),
  tierReason: z.string(),
  labelling: z.string().optional(),
  inspection: z.string().optional(),
  /** R-SPEC-1: what differs from the product's standard (spec, packaging, labelling, inspection). */
  special: z.array(z.string()).optional(),
});

export const historyEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  from: z.enum(ORDER_STATUSES).optional(),
  to: z.enum(ORDER_STATUSES).optional(),
  /** An English sentence; for entries with a `code`, built from `params` (older readers). */
  reason: z.string().optional(),
  /** What happened, as a code the pages translate (shared/domain/history-codes.ts, docs/api.md). */
  code: z.string().optional(),
  /** The code's parameters: roles, times (ISO), SKUs, numbers, words people typed. */
  params: z
    .record(
      z.string(),
      z.union([
        z.string(),
        z.number(),
        z.boolean(),
        z.array(z.string()),
        z.array(z.object({ sku: z.string(), short: z.number() })),
      ]),
    )
    .optional(),
});

/** An order as staff see it (GET /api/orders/{id}). */
export const orderViewSchema = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(ORDER_STATUSES),
  priority: z.enum(PRIORITIES),
  customer: z.object({
    name: z.string(),
    company: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
  }),
  items: z.array(orderLineSchema),
  totalAmount: z.number().int(),
  currency: z.string(),
  paymentMethod: z.enum(PAYMENT_METHODS),
  delivery: z.object({
    address: z.string(),
    requestedDate: z.string(),
    transportMethod: z.enum(TRANSPORT_METHODS).optional(),
  }),
  notes: z.string().optional(),
  language: z.enum(LANGUAGES),
  approvalTier: z.enum(APPROVAL_ROLES),
  approvalChain: z.array(z.enum(APPROVAL_ROLES)),
  assignee: z.string().nullable(),
  history: z.array(historyEntrySchema),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  trackingUrl: z.string().optional(),
});

export type OrderLine = z.infer<typeof orderLineSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const orderCreatedSchema = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  status: z.enum(ORDER_STATUSES),
  trackingUrl: z.string(),
});
export type OrderCreated = z.infer<typeof orderCreatedSchema>;
