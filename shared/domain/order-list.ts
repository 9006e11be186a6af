/**
 * The order list (订单列表, R-PROC-7): its filters, its entries, its signed cursor and the
 * merge of one index partition per status into one newest-first list. Pure: the store reads
 * the partitions (shared/adapters/dynamo-order-list.ts), the use case pages through them.
 *
 * Filters: `q` is a prefix of the order number, the customer's name, company, phone or email
 * (prefix match, not a word search: "张" finds "张三", "三" does not); `status`, `priority`,
 * `channel`, `assignee` are exact; `from`/`to` are Beijing days of receipt, both included.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { BUSINESS_TIME_ZONE } from './calendar.ts';
import { CHANNELS, PRIORITIES } from './order-schema.ts';
import { ORDER_STATUSES, type OrderStatus } from './status.ts';

export const DEFAULT_PAGE = 25;
export const MAX_PAGE = 100;
/** The most rows one export holds; more is said in `x-export-truncated` and the docs. */
export const EXPORT_LIMIT = 5000;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, YYYY-MM-DD')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'is not a real day',
  );

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const orderListQuerySchema = z
  .object({
    q: z.preprocess(
      blankToUndefined,
      z.string().trim().max(100, 'must be at most 100 characters').optional(),
    ),
    status: z.preprocess(blankToUndefined, z.enum(ORDER_STATUSES).optional()),
    priority: z.preprocess(blankToUndefined, z.enum(PRIORITIES).optional()),
    channel: z.preprocess(blankToUndefined, z.enum(CHANNELS).optional()),
    assignee: z.preprocess(blankToUndefined, z.string().trim().max(254).optional()),
    from: z.preprocess(blankToUndefined, day.optional()),
    to: z.preprocess(blankToUndefined, day.optional()),
    limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE)),
    cursor: z.preprocess(blankToUndefined, z.string().max(2000).optional()),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'must not be before from' });

export type OrderListQuery = z.infer<typeof orderListQuerySchema>;
export type OrderListFilters = Omit<OrderListQuery, 'limit' | 'cursor'>;

export interface OrderListEntry {
  orderId: string;
  orderNumber: string;
  status: OrderStatus;
  priority: string;
  channel: string;
  customerName: string;
  company?: string;
  totalAmount: number;
  currency: string;
  createdAt: string;
  assignee?: string;
  /** The role an approval step waits for (My work; not in the API's list items). */
  awaiting?: string;
  /** Production finished: ready to ship (My work; not in the API's list items). */
  produced?: boolean;
  /** Delivery exceptions recorded on it (My work; not in the API's list items). */
  exceptions?: number;
}

/** A place in the list: the index sort key (`createdAt`) and the order id, newest first. */
export interface Position {
  at: string;
  id: string;
}

/** `a` comes after `b` in the list (is older), comparing receipt time, then order id. */
export const isAfter = (a: Position, b: Position): boolean => (a.at === b.at ? a.id < b.id : a.at < b.at);

/** The index sort-key range of the filters: receipt between the Beijing days given. */
export function receiptRange(filters: OrderListFilters): { from?: string; to?: string } {
  const start = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString();
  let from = filters.from ? start(filters.from) : undefined;
  let to = filters.to ? new Date(Date.parse(start(filters.to)) + 86_400_000 - 1).toISOString() : undefined;
  // An order number names its day (OD20261203-…): only that day's orders can match it.
  const numbered = /^OD(\d{4})(\d{2})(\d{2})/i.exec(filters.q ?? '');
  if (numbered) {
    const d = `${numbered[1]}-${numbered[2]}-${numbered[3]}`;
    if (!Number.isNaN(Date.parse(`${d}T00:00:00Z`))) {
      const s = start(d);
      const e = new Date(Date.parse(s) + 86_400_000 - 1).toISOString();
      from = from && from > s ? from : s;
      to = to && to < e ? to : e;
    }
  }
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** What `q` is compared with: the number as typed (upper case), digits for phones, lower-case email. */
export function searchTerms(q: string): { text: string; upper: string; digits?: string; lower: string } {
  const digits = q.replace(/[\s-]/g, '');
  return {
    text: q,
    upper: q.toUpperCase(),
    ...(/^\+?\d{3,}$/.test(digits) ? { digits: digits.replace(/^\+?86(?=1\d)/, '') } : {}),
    lower: q.toLowerCase(),
  };
}

/** Does an entry pass the filters the index key does not cover? (The store filters the same way.) */
export function matches(
  entry: OrderListEntry & { phone?: string; email?: string },
  f: OrderListFilters,
): boolean {
  if (f.priority && entry.priority !== f.priority) return false;
  if (f.channel && entry.channel !== f.channel) return false;
  if (f.assignee && entry.assignee !== f.assignee) return false;
  if (f.q) {
    const t = searchTerms(f.q);
    const hit =
      entry.orderNumber.startsWith(t.upper) ||
      entry.customerName.startsWith(t.text) ||
      (entry.company ?? '').startsWith(t.text) ||
      (t.digits !== undefined && (entry.phone ?? '').replace(/[\s-]/g, '').startsWith(t.digits)) ||
      (entry.email ?? '').toLowerCase().startsWith(t.lower);
    if (!hit) return false;
  }
  return true;
}

/** The statuses a list reads: the one asked for, or all of them. */
export const statusesOf = (f: OrderListFilters): OrderStatus[] =>
  f.status ? [f.status] : [...ORDER_STATUSES];

// ---- the cursor: signed, bound to the filters it was made for ----

const cursorSchema = z.strictObject({
  at: z.string().max(40),
  id: z.string().max(40),
  f: z.string().max(64),
});

/** A short digest of the filters, so a cursor only continues the list it came from. */
export function filtersDigest(f: OrderListFilters): string {
  const canonical = JSON.stringify([
    f.q ?? '',
    f.status ?? '',
    f.priority ?? '',
    f.channel ?? '',
    f.assignee ?? '',
    f.from ?? '',
    f.to ?? '',
  ]);
  return createHmac('sha256', 'order-list-filters').update(canonical).digest('base64url').slice(0, 16);
}

const cursorMac = (secret: string, body: string): string =>
  createHmac('sha256', secret).update(`order-list-cursor:${body}`).digest('base64url');

export function signListCursor(secret: string, position: Position, filters: OrderListFilters): string {
  const body = Buffer.from(
    JSON.stringify({ at: position.at, id: position.id, f: filtersDigest(filters) }),
  ).toString('base64url');
  return `${body}.${cursorMac(secret, body)}`;
}

/**
 * The position a cursor continues from, or a message saying why it cannot be used: not made
 * here (the signature fails), or made for other filters.
 */
export function readListCursor(
  secret: string,
  cursor: string,
  filters: OrderListFilters,
): { position: Position } | { problem: string } {
  const [body, mac, extra] = cursor.split('.');
  if (!body || !mac || extra !== undefined) return { problem: 'is not a cursor this list gave' };
  const expected = Buffer.from(cursorMac(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { problem: 'is not a cursor this list gave' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { problem: 'is not a cursor this list gave' };
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) return { problem: 'is not a cursor this list gave' };
  if (result.data.f !== filtersDigest(filters))
    return { problem: 'belongs to other filters; start again from the first page' };
  return { position: { at: result.data.at, id: result.data.id } };
}

export const LIST_TIME_ZONE = BUSINESS_TIME_ZONE;
