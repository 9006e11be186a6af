/**
 * Invoices, payments and reconciliation with the customer (R-FIN-1..3): the request bodies, the
 * unified social credit code check (GB 32100-2015), what an order has delivered, and the
 * customer statement (对账单) built from dated entries. Money is integer fen throughout.
 * This project records invoices; it does not talk to the tax system (金税/全电 platform).
 */
import * as z from 'zod';
import type { Order } from '../entities/order-entity.ts';
import { businessDay } from './calendar.ts';
import { cents, isoDate, PAYMENT_METHODS, text } from './order-schema.ts';
import './zod-messages.ts';

/** GB 32100-2015: the 31 characters of a credit code (no I, O, Z, S, V) and the weights 3^i mod 31. */
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character (18th) of the first 17 characters, or undefined when one is not allowed. */
export function creditCodeCheckChar(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CODE_CHARS.indexOf(first17[i] ?? '');
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i]!;
  }
  return CODE_CHARS[(31 - (sum % 31)) % 31];
}

/** R-FIN-1: an 18-character unified social credit code (统一社会信用代码) with a valid check character. */
export function isCreditCode(code: string): boolean {
  return (
    /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code) &&
    creditCodeCheckChar(code.slice(0, 17)) === code[17]
  );
}

/** PUT /api/customers/{key}/invoicing (R-FIN-1): the customer's invoicing details (开票信息). */
export const invoicingSchema = z
  .object({
    companyName: text(100),
    taxId: z
      .string()
      .trim()
      .transform((v) => v.toUpperCase())
      .refine((v) => v.length === 18, 'The unified social credit code has 18 characters')
      .refine(isCreditCode, 'The check character does not match: check the unified social credit code'),
    address: text(200),
    phone: text(40),
    bank: text(100),
    account: z
      .string()
      .trim()
      .regex(/^[0-9 -]{6,40}$/, 'A bank account number: digits, 6 to 40'),
    /** R-FIN-3: monthly statements by email. */
    monthlyStatement: z.boolean().optional(),
  })
  .strict();
export type InvoicingDetails = z.infer<typeof invoicingSchema>;

export const INVOICE_TYPES = ['special', 'normal'] as const;
/** VAT rates in percent (增值税税率/征收率). */
export const TAX_RATES = [0, 1, 3, 5, 6, 9, 13] as const;

const positiveCents = cents.refine((v) => v > 0, 'Must be more than 0');

/** POST /api/orders/{id}/invoices (R-FIN-1). `amount` includes tax; `taxRate` in percent. */
export const invoiceSchema = z
  .object({
    type: z.enum(INVOICE_TYPES),
    invoiceNumber: z
      .string()
      .trim()
      .regex(/^(\d{8}|\d{20})$/, 'An invoice number: 8 digits, or 20 for a fully digital invoice'),
    date: isoDate,
    amount: positiveCents,
    taxRate: z
      .number()
      .refine(
        (r) => (TAX_RATES as readonly number[]).includes(r),
        `One of ${TAX_RATES.join(', ')} (percent)`,
      ),
    shipmentId: z.string().trim().max(20).optional(),
  })
  .strict();
export type InvoiceInput = z.infer<typeof invoiceSchema>;

/** The tax inside a tax-inclusive amount, rounded to the fen. */
export const taxOf = (amount: number, taxRate: number): number =>
  Math.round((amount * taxRate) / (100 + taxRate));

export interface InvoiceRecord {
  invoiceId: string;
  type: (typeof INVOICE_TYPES)[number];
  invoiceNumber: string;
  date: string;
  amount: number;
  taxRate: number;
  tax: number;
  shipmentId?: string;
  buyer: InvoicingDetails;
  recordedBy: string;
  recordedAt: string;
}

/** POST /api/customers/{key}/payments (R-FIN-2). */
export const paymentSchema = z
  .object({
    date: isoDate,
    amount: positiveCents,
    method: z.enum(PAYMENT_METHODS),
    reference: text(100),
    allocations: z
      .array(
        z
          .object({
            orderId: z
              .string()
              .trim()
              .regex(/^[0-9A-Z]{26}$/, 'An order id'),
            amount: positiveCents,
          })
          .strict(),
      )
      .max(50, 'At most 50 allocations')
      .optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const allocated = (body.allocations ?? []).reduce((s, a) => s + a.amount, 0);
    if (allocated > body.amount)
      ctx.addIssue({
        code: 'custom',
        path: ['allocations'],
        message: 'The allocations add up to more than the payment',
      });
    const ids = (body.allocations ?? []).map((a) => a.orderId);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', path: ['allocations'], message: 'One allocation per order' });
  });
export type PaymentInput = z.infer<typeof paymentSchema>;

export interface PaymentRecord extends PaymentInput {
  paymentId: string;
  customerKey: string;
  recordedBy: string;
  recordedAt: string;
}

/** The billing ledger of one order: what was invoiced and paid (R-FIN-1/2). */
export interface OrderBilling {
  orderId: string;
  customerKey: string;
  invoiced: number;
  paid: number;
  invoices: InvoiceRecord[];
  payments: { paymentId: string; date: string; amount: number }[];
}

/** The unit price of each SKU on the order (the first line of a SKU). */
const unitPrices = (order: Pick<Order, 'items'>): Map<string, number> => {
  const prices = new Map<string, number>();
  for (const line of order.items) if (!prices.has(line.sku)) prices.set(line.sku, line.unitPrice);
  return prices;
};

/** The value of a shipment at the order's prices. */
export function shipmentAmount(
  order: Pick<Order, 'items'>,
  lines: readonly { sku: string; quantity: number }[],
): number {
  const prices = unitPrices(order);
  return lines.reduce((sum, l) => sum + l.quantity * (prices.get(l.sku) ?? 0), 0);
}

/** R-FIN-1: what the customer signed for, at the order's prices (delivered shipments only). */
export function deliveredAmount(order: Pick<Order, 'items' | 'shipments'>, shipmentId?: string): number {
  return (order.shipments ?? [])
    .filter((s) => s.deliveredAt && (!shipmentId || s.shipmentId === shipmentId))
    .reduce((sum, s) => sum + shipmentAmount(order, s.lines), 0);
}

/** R-FIN-2: what an order shows finance, ops, sales and gm. Refunds granted are credit notes. */
export function billingFigures(
  delivered: number,
  billing: Pick<OrderBilling, 'invoiced' | 'paid'> | undefined,
  refunded = 0,
) {
  const invoiced = billing?.invoiced ?? 0;
  const paid = billing?.paid ?? 0;
  return { delivered, invoiced, paid, refunded, outstanding: delivered - paid - refunded };
}

export const STATEMENT_KINDS = ['delivery', 'invoice', 'payment', 'refund'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

/** One dated entry of a customer's account: deliveries are debits; payments and refunds credits; invoices are shown, at 0. */
export interface AccountEntry {
  date: string;
  kind: StatementKind;
  ref: string;
  debit: number;
  credit: number;
  orderId?: string;
  amount?: number;
}

export interface Statement {
  customerKey: string;
  from: string;
  to: string;
  openingBalance: number;
  lines: (AccountEntry & { balance: number })[];
  closingBalance: number;
  totals: { debit: number; credit: number; invoiced: number };
}

const KIND_ORDER: Record<StatementKind, number> = { delivery: 0, invoice: 1, refund: 2, payment: 3 };

/** R-FIN-3: the statement of a period (dates inclusive): opening balance, the lines with a running balance, closing balance. */
export function buildStatement(
  customerKey: string,
  from: string,
  to: string,
  entries: readonly AccountEntry[],
): Statement {
  const sorted = [...entries].sort(
    (a, b) =>
      a.date.localeCompare(b.date) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.ref.localeCompare(b.ref),
  );
  const openingBalance = sorted.filter((e) => e.date < from).reduce((s, e) => s + e.debit - e.credit, 0);
  let balance = openingBalance;
  const lines = sorted
    .filter((e) => e.date >= from && e.date <= to)
    .map((e) => {
      balance += e.debit - e.credit;
      return { ...e, balance };
    });
  return {
    customerKey,
    from,
    to,
    openingBalance,
    lines,
    closingBalance: balance,
    totals: {
      debit: lines.reduce((s, l) => s + l.debit, 0),
      credit: lines.reduce((s, l) => s + l.credit, 0),
      invoiced: lines.filter((l) => l.kind === 'invoice').reduce((s, l) => s + (l.amount ?? 0), 0),
    },
  };
}

/** The account entries of one order: its delivered shipments, its invoices and its refunds. */
export function orderEntries(
  order: Pick<Order, 'orderId' | 'orderNumber' | 'items' | 'shipments'>,
  billing: OrderBilling | undefined,
  refunds: readonly { caseId: string; refundAmount?: number; refundedAt?: string }[],
): AccountEntry[] {
  const entries: AccountEntry[] = [];
  for (const s of order.shipments ?? [])
    if (s.deliveredAt)
      entries.push({
        date: businessDay(new Date(s.deliveredAt)),
        kind: 'delivery',
        ref: `${order.orderNumber}/${s.shipmentId}`,
        debit: shipmentAmount(order, s.lines),
        credit: 0,
        orderId: order.orderId,
      });
  for (const inv of billing?.invoices ?? [])
    entries.push({
      date: inv.date,
      kind: 'invoice',
      ref: `${order.orderNumber}/${inv.invoiceNumber}`,
      debit: 0,
      credit: 0,
      orderId: order.orderId,
      amount: inv.amount,
    });
  for (const r of refunds)
    if (r.refundAmount && r.refundedAt)
      entries.push({
        date: businessDay(new Date(r.refundedAt)),
        kind: 'refund',
        ref: `${order.orderNumber}/${r.caseId}`,
        debit: 0,
        credit: r.refundAmount,
        orderId: order.orderId,
      });
  return entries;
}

export const paymentEntry = (p: PaymentRecord): AccountEntry => ({
  date: p.date,
  kind: 'payment',
  ref: p.reference,
  debit: 0,
  credit: p.amount,
});

/** GET …/statement query and POST …/statement/send body: a period of at most a year and a few days. */
export const periodSchema = z
  .object({ from: isoDate, to: isoDate })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'On or after from' })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 400 * 86_400_000, {
    path: ['to'],
    message: 'At most about a year',
  });

const KIND_WORDS: Record<StatementKind, string> = {
  delivery: '发货签收 Delivery',
  invoice: '开票 Invoice',
  payment: '收款 Payment',
  refund: '退款 Refund',
};
export const kindWords = (k: StatementKind): string => KIND_WORDS[k];
export const yuan = (fen: number): string =>
  `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/** The statement as rows (CSV/XLSX): a title, the opening balance, the lines, the closing balance. Amounts in yuan. */
export function statementRows(s: Statement, customerName: string): string[][] {
  return [
    ['日期 Date', '类别 Kind', '单据 Ref', '借方 Debit', '贷方 Credit', '余额 Balance', '发票金额 Invoiced'],
    [s.from, '期初余额 Opening balance', customerName, '', '', yuan(s.openingBalance), ''],
    ...s.lines.map((l) => [
      l.date,
      kindWords(l.kind),
      l.ref,
      yuan(l.debit),
      yuan(l.credit),
      yuan(l.balance),
      l.amount !== undefined ? yuan(l.amount) : '',
    ]),
    [
      s.to,
      '期末余额 Closing balance',
      customerName,
      yuan(s.totals.debit),
      yuan(s.totals.credit),
      yuan(s.closingBalance),
      yuan(s.totals.invoiced),
    ],
  ];
}

/** POST /statements/{token}: the customer's answer, once. `line` is the disputed line (1-based). */
export const statementAnswerSchema = z
  .object({
    decision: z.enum(['confirm', 'dispute']),
    comment: z.string().trim().max(2000, 'At most 2000 characters').optional(),
    line: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.decision === 'dispute' && !a.comment)
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'Say what is wrong' });
  });

export const AGE_BUCKETS = ['0-30', '31-60', '61-90', '90+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

const bucketOf = (days: number): AgeBucket =>
  days <= 30 ? '0-30' : days <= 60 ? '31-60' : days <= 90 ? '61-90' : '90+';
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * R-FIN-2: what a customer owes on `asOf`, by age: credits (payments, refunds) settle the oldest
 * debits (deliveries) first; what is left of each debit is aged from its date (0–30, 31–60,
 * 61–90, > 90 days). An overpayment is a negative outstanding in no bucket.
 */
export function ageing(
  entries: readonly AccountEntry[],
  asOf: string,
): { outstanding: number; buckets: Record<AgeBucket, number> } {
  const upTo = entries.filter((e) => e.date <= asOf);
  let credit = upTo.reduce((s, e) => s + e.credit, 0);
  const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as Record<AgeBucket, number>;
  const debits = upTo.filter((e) => e.debit > 0).sort((a, b) => a.date.localeCompare(b.date));
  for (const d of debits) {
    const settled = Math.min(credit, d.debit);
    credit -= settled;
    const left = d.debit - settled;
    if (left > 0) buckets[bucketOf(daysBetween(d.date, asOf))] += left;
  }
  const outstanding = upTo.reduce((s, e) => s + e.debit - e.credit, 0);
  return { outstanding, buckets };
}

/** Invoices issued and payments received within a period (dates inclusive). */
export function periodTotals(entries: readonly AccountEntry[], from: string, to: string) {
  const inPeriod = entries.filter((e) => e.date >= from && e.date <= to);
  const invoices = inPeriod.filter((e) => e.kind === 'invoice');
  const payments = inPeriod.filter((e) => e.kind === 'payment');
  return {
    invoicesIssued: { count: invoices.length, amount: invoices.reduce((s, e) => s + (e.amount ?? 0), 0) },
    paymentsReceived: { count: payments.length, amount: payments.reduce((s, e) => s + e.credit, 0) },
  };
}
