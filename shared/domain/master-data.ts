/**
 * Master data a company maintains itself (R-MASTER-1..3): the request bodies of the product,
 * price, stock and customer routes, and the pure rules behind them — the list price in force
 * on a day, stock figures, search terms of a customer. The stores are in
 * shared/adapters/dynamo-products.ts and dynamo-customers.ts.
 */
import { ulid } from 'ulid';
import * as z from 'zod';
import type { InvoicingDetails } from './billing.ts';
import {
  cents,
  isoDate,
  LANGUAGES,
  MAX_QUANTITY,
  optionalText,
  PAYMENT_METHODS,
  phoneSchema,
  text,
} from './order-schema.ts';
import './zod-messages.ts';

/** Letters, digits and `. _ -`, as SKUs are printed on labels: no spaces, no `#`. */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const skuSchema = z
  .string()
  .trim()
  .regex(
    SKU_PATTERN,
    'Letters, digits, dot, underscore and hyphen only (at most 64), starting with a letter or digit',
  );

const packagingSchema = z.array(text(60)).max(10, 'At most 10 packaging options');
const threshold = z.number().int('Must be a whole number').min(0, 'Must not be negative').max(MAX_QUANTITY);

/** The editable fields of a product (everything but its SKU, price and stock). */
const productFields = {
  nameZh: text(100),
  nameEn: optionalText(100),
  spec: optionalText(200),
  unit: text(10),
  packaging: packagingSchema.optional(),
  /** Inactive products stay on old orders but leave the order form. */
  active: z.boolean().optional(),
  /** Made to order (定制): produced for each order, so stock is not reserved (R-PROC-4). */
  madeToOrder: z.boolean().optional(),
  /** Ops are alerted when the available stock falls below this. */
  lowStockAt: threshold.nullable().optional(),
  /** Orders may reserve beyond the stock (a back order): the only way stock goes negative. */
  allowNegativeStock: z.boolean().optional(),
};

/** POST /api/products (ops). */
export const newProductSchema = z.object({ sku: skuSchema, ...productFields }).strict();
export type NewProduct = z.infer<typeof newProductSchema>;

/** PUT /api/products/{sku} (ops): the fields sent change, the rest stay; `version` guards a stale form. */
export const productEditSchema = z
  .object({
    nameZh: productFields.nameZh.optional(),
    nameEn: z.string().trim().max(100, 'At most 100 characters').nullable().optional(),
    spec: z.string().trim().max(200, 'At most 200 characters').optional(),
    unit: productFields.unit.optional(),
    packaging: packagingSchema.optional(),
    active: z.boolean().optional(),
    madeToOrder: z.boolean().optional(),
    lowStockAt: threshold.nullable().optional(),
    allowNegativeStock: z.boolean().optional(),
    reason: optionalText(200),
    version: z.number().int().positive().optional(),
  })
  .strict();
export type ProductEdit = z.infer<typeof productEditSchema>;

/** PUT /api/products/{sku}/price (sales_director, gm), R-MASTER-1. */
export const priceChangeSchema = z
  .object({
    listPrice: cents.nullable(),
    effectiveFrom: isoDate,
    reason: text(200),
  })
  .strict();
export type PriceChange = z.infer<typeof priceChangeSchema>;

export const STOCK_KINDS = ['receipt', 'adjustment'] as const;
/** POST /api/products/{sku}/stock (ops), R-MASTER-2. */
export const stockMovementSchema = z
  .object({
    kind: z.enum(STOCK_KINDS),
    quantity: z
      .number()
      .int('Must be a whole number')
      .min(-MAX_QUANTITY, 'Too large')
      .max(MAX_QUANTITY, 'Too large')
      .refine((q) => q !== 0, 'Must not be 0'),
    reason: optionalText(200),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.kind === 'receipt' && m.quantity < 0)
      ctx.addIssue({
        code: 'custom',
        path: ['quantity'],
        message: 'A receipt adds stock: use an adjustment to take stock away',
      });
    if (m.kind === 'adjustment' && !m.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Say why (stocktake, damage, …)' });
  });
export type StockMovement = z.infer<typeof stockMovementSchema>;

/** The record of one change of a product or customer: who, when, why, and what changed. */
export interface LedgerEvent {
  id: string;
  kind: string;
  at: string;
  by: string;
  reason?: string;
  [field: string]: unknown;
}

/** Ids of change records sort by time. */
export const newEventId = (at: string): string => ulid(Date.parse(at));

/** One dated list price (R-MASTER-1); `null` means "no list price" (R-PRICE-3). */
export interface PriceEntry {
  listPrice: number | null;
  effectiveFrom: string;
  at: string;
  by: string;
  reason: string;
}

/**
 * The list price in force on `day` (YYYY-MM-DD, Asia/Shanghai): the entry with the latest
 * `effectiveFrom` not after the day; `fallback` (the price before dated prices) when none is.
 */
export function priceInForce(
  prices: readonly PriceEntry[],
  day: string,
  fallback: number | null,
): number | null {
  let best: PriceEntry | undefined;
  for (const p of prices)
    if (p.effectiveFrom <= day && (!best || p.effectiveFrom >= best.effectiveFrom)) best = p;
  return best ? best.listPrice : fallback;
}

/** Adds a dated price; one set for the same day replaces the earlier one (both stay in the history). */
export function withPrice(prices: readonly PriceEntry[], entry: PriceEntry): PriceEntry[] {
  return [...prices.filter((p) => p.effectiveFrom !== entry.effectiveFrom), entry].sort((a, b) =>
    a.effectiveFrom.localeCompare(b.effectiveFrom),
  );
}

/** Stock figures of a product: `stock` is what is available; reservations are held for orders. */
export function stockFigures(stock: number, reservations: Record<string, number> | undefined) {
  const reserved = Object.values(reservations ?? {}).reduce((sum, q) => sum + q, 0);
  return { onHand: stock + reserved, reserved, available: stock };
}

export const PAYMENT_TERMS = [...PAYMENT_METHODS] as const;

const contactSchema = z
  .object({
    name: text(100),
    phone: phoneSchema.optional(),
    email: z.email('Not an email address').max(254).optional(),
    language: z.enum(LANGUAGES).default('zh-CN'),
  })
  .strict();
const addressSchema = z
  .object({
    label: optionalText(50),
    address: text(500),
    receiver: optionalText(100),
    phone: phoneSchema.optional(),
  })
  .strict();

/** The editable fields of a customer (R-MASTER-3); last prices are read-only (they come from deliveries). */
export const customerFieldsSchema = z
  .object({
    name: text(100),
    company: optionalText(200),
    contacts: z.array(contactSchema).max(20, 'At most 20 contacts').default([]),
    addresses: z.array(addressSchema).max(20, 'At most 20 addresses').default([]),
    paymentTerms: z.enum(PAYMENT_TERMS).optional(),
    notes: optionalText(2000),
    /** The salesperson who looks after this customer. */
    owner: z.email('Not an email address').optional(),
  })
  .strict();
export type CustomerFields = z.infer<typeof customerFieldsSchema>;

/** POST /api/customers: the key follows from the first contact's email, else its phone. */
export const newCustomerSchema = customerFieldsSchema.superRefine((c, ctx) => {
  if (!c.contacts.some((x) => x.email || x.phone))
    ctx.addIssue({
      code: 'custom',
      path: ['contacts'],
      message: 'Give at least one contact with a phone or an email',
    });
});
export const customerEditSchema = customerFieldsSchema.extend({
  version: z.number().int().positive().optional(),
});
export const mergeSchema = z.object({ into: text(300) }).strict();

/** Lower case, full-width folded, spaces removed: how names are compared when searching. */
export const searchNorm = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/** What a customer is found by: names, company, contact names, phone digits, emails. */
export function customerTerms(c: {
  name: string;
  company?: string | undefined;
  contacts?: readonly { name: string; phone?: string | undefined; email?: string | undefined }[];
}): string[] {
  const terms = new Set<string>();
  const add = (s: string | undefined) => {
    const t = s ? searchNorm(s).slice(0, 120) : '';
    if (t) terms.add(t);
  };
  add(c.name);
  add(c.company);
  for (const x of c.contacts ?? []) {
    add(x.name);
    add(x.email);
    const digits = (x.phone ?? '').replace(/[^0-9]/g, '').replace(/^86(?=1\d{10}$)/, '');
    if (digits) terms.add(digits);
  }
  return [...terms].sort();
}

export interface CustomerRecord extends Omit<CustomerFields, 'company' | 'notes'> {
  company?: string | undefined;
  notes?: string | undefined;
  customerKey: string;
  lastPrices: Record<string, number>;
  version: number;
  createdAt?: string;
  updatedAt?: string;
  /** Keys of records merged into this one. */
  aliases?: string[];
  /** Set on a record that was merged into another. */
  mergedInto?: string;
  /** R-FIN-1: the invoicing details (开票信息), kept by finance and sales (billing.ts). */
  invoicing?: InvoicingDetails;
}

/** R-MASTER-3: two records of one customer become one; the target's own values win. */
export function mergedCustomer(into: CustomerRecord, from: CustomerRecord): CustomerRecord {
  const contactKey = (c: { name: string; phone?: string | undefined; email?: string | undefined }) =>
    `${c.email ?? ''}|${c.phone ?? ''}|${c.name}`;
  const contacts = [...into.contacts];
  for (const c of from.contacts) if (!contacts.some((x) => contactKey(x) === contactKey(c))) contacts.push(c);
  const addresses = [...into.addresses];
  for (const a of from.addresses) if (!addresses.some((x) => x.address === a.address)) addresses.push(a);
  const notes = [into.notes, from.notes].filter(Boolean).join('\n');
  return {
    ...into,
    company: into.company ?? from.company,
    contacts: contacts.slice(0, 20),
    addresses: addresses.slice(0, 20),
    paymentTerms: into.paymentTerms ?? from.paymentTerms,
    ...(notes ? { notes: notes.slice(0, 2000) } : {}),
    owner: into.owner ?? from.owner,
    lastPrices: { ...from.lastPrices, ...into.lastPrices },
    aliases: [...new Set([...(into.aliases ?? []), from.customerKey, ...(from.aliases ?? [])])],
  };
}
