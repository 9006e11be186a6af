/**
 * Order changes and cancellation (R-PROC-6, R-CHG-1..3): the request bodies, the change request
 * as stored, its diff, the approval chain of a change, and the customer's signed consent link.
 * A confirmed order is never edited in place: every change is one of these requests, and an
 * applied one gives the order a new version (`versions`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Order } from '../entities/order-entity.ts';
import { MAX_ITEMS, type OrderLine, orderLineInputSchema } from './order-schema.ts';
import type { OrderStatus } from './status.ts';

export const CHANGE_KINDS = ['delivery-date', 'items', 'cancel'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
/** R-CHG-3: why an order is cancelled. */
export const CANCEL_REASONS = ['customer', 'price', 'delivery-date', 'duplicate', 'other'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];
/**
 * `requested`: the customer asked (tracking page) and ops have not acted — never applied.
 * `pending`: in approval. `awaiting-consent`: approved, the customer's answer awaited (R-PROC-6).
 */
export const CHANGE_STATUSES = [
  'requested',
  'pending',
  'awaiting-consent',
  'applied',
  'rejected',
  'declined',
  'closed',
] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** R-CHG-2/3: items and cancellation are refused from production on. */
export const LOCKED_STATUSES: readonly OrderStatus[] = [
  'in_production',
  'shipped',
  'delivered',
  'completed',
  'archived',
  'cancelled',
  'rejected',
];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD');
const id = z.string().min(1).max(80);
/** R-CHG-1: the customer's written request: an uploaded file, an inbound email, or their own request. */
export const evidenceSchema = z.union([
  z.object({ uploadId: id }).strict(),
  z.object({ inboundId: id }).strict(),
  z.object({ changeId: id }).strict(),
]);
export type ChangeEvidence = z.infer<typeof evidenceSchema>;

const note = z.string().trim().max(500).optional();

/** Body of POST /api/orders/{id}/changes. */
export const changeBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delivery-date'), requestedDate: day, evidence: evidenceSchema, note }).strict(),
  z
    .object({
      kind: z.literal('items'),
      items: z.array(orderLineInputSchema).min(1, 'At least one item').max(MAX_ITEMS),
      reason: z.string().trim().min(1, 'Say why the items change').max(500),
      /** The customer's written request: then no second consent is asked (R-PROC-6). */
      evidence: evidenceSchema.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('cancel'),
      reason: z.enum(CANCEL_REASONS),
      note,
      evidence: evidenceSchema.optional(),
    })
    .strict()
    .refine((b) => b.reason !== 'other' || Boolean(b.note), {
      path: ['note'],
      message: 'Say why, when the reason is "other"',
    }),
]);
export type ChangeBody = z.infer<typeof changeBodySchema>;

/** Body of POST /api/track/{token}/changes: the customer asks (never applied as such). */
export const customerChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delivery-date'), requestedDate: day, note }).strict(),
  z.object({ kind: z.literal('cancel'), reason: z.enum(CANCEL_REASONS), note }).strict(),
]);

export const changeDecisionSchema = z
  .object({ decision: z.enum(['approve', 'reject']), reason: z.string().trim().max(1000).optional() })
  .strict();
export const consentFormSchema = z.object({
  decision: z.enum(['accept', 'decline']),
  comment: z.string().max(1000).optional(),
});

export interface LineDiff {
  sku: string;
  name: string;
  before?: { quantity: number; unitPrice: number; spec?: string };
  after?: { quantity: number; unitPrice: number; spec?: string };
}
export interface ChangeDiff {
  lines: LineDiff[];
  totalBefore: number;
  totalAfter: number;
  requestedDateBefore: string;
  requestedDateAfter: string;
  statusAfter?: 'cancelled';
}

export interface ChangeApproval {
  role: string;
  decision: 'approve' | 'reject';
  by: string;
  at: string;
  reason?: string;
}

export interface ChangeConsent {
  status: 'pending' | 'accepted' | 'declined' | 'expired' | 'not-needed';
  at?: string;
  channel?: 'link' | 'written-request';
  comment?: string;
  taskToken?: string;
}

export interface ChangeRequest {
  orderId: string;
  changeId: string;
  orderNumber: string;
  kind: ChangeKind;
  status: ChangeStatus;
  requestedBy: { kind: 'staff' | 'customer'; email?: string; channel: 'console' | 'tracking-link' | 'email' };
  createdAt: string;
  updatedAt: string;
  requestedDate?: string;
  items?: OrderLine[];
  reason?: string;
  note?: string;
  evidence?: ChangeEvidence;
  diff: ChangeDiff;
  /** Who approves, in order (R-CHG-2; plus gm where the new prices need it, R-PRICE-4/5). */
  chain: string[];
  approvals: ChangeApproval[];
  pendingStep?: { requestId: string; role: string; deadline: string } | null;
  consent?: ChangeConsent;
  /** The order version the change produced. */
  appliedVersion?: number;
  /** Why it was rejected or closed. */
  outcome?: string;
}

/** One version of an order's content (R-PROC-6). */
export interface OrderVersion {
  version: number;
  at: string;
  changeId: string | null;
  items: OrderLine[];
  totalAmount: number;
  requestedDate: string;
}

/** R-CHG-2: department manager, then sales director; gm too where the prices need gm (R-PRICE-4). */
export const changeChain = (kind: ChangeKind, priceTier?: string): string[] =>
  kind === 'delivery-date' ? [] : ['dept_manager', 'sales_director', ...(priceTier === 'gm' ? ['gm'] : [])];

/** Who is next up when a change approver misses the deadline. */
export const CHANGE_LADDER = ['dept_manager', 'sales_director', 'gm'];

export function lineDiff(before: readonly OrderLine[], after: readonly OrderLine[]): LineDiff[] {
  const skus = [...new Set([...before.map((l) => l.sku), ...after.map((l) => l.sku)])];
  const pick = (l?: OrderLine) =>
    l ? { quantity: l.quantity, unitPrice: l.unitPrice, ...(l.spec ? { spec: l.spec } : {}) } : undefined;
  const out: LineDiff[] = [];
  for (const sku of skus) {
    const b = before.find((l) => l.sku === sku);
    const a = after.find((l) => l.sku === sku);
    const pb = pick(b);
    const pa = pick(a);
    if (JSON.stringify(pb) === JSON.stringify(pa)) continue;
    out.push({ sku, name: (a ?? b)!.name, ...(pb ? { before: pb } : {}), ...(pa ? { after: pa } : {}) });
  }
  return out;
}

const consentMac = (secret: string, changeId: string) =>
  createHmac('sha256', secret).update(`change-consent:${changeId}`).digest('base64url');

/** R-PROC-6: the customer's consent link, `<base>/approvals/consent/<orderId>.<changeId>?sig=…`. */
export const consentLink = (baseUrl: string, secret: string, orderId: string, changeId: string): string => {
  const linkId = `${orderId}.${changeId}`;
  return `${baseUrl}/approvals/consent/${linkId}?sig=${consentMac(secret, linkId)}`;
};

export function verifyConsentLink(
  secret: string,
  linkId: string,
  sig: string | undefined,
): { orderId: string; changeId: string } | undefined {
  const match = /^([0-9A-Z]{26})\.([0-9A-Z]{26})$/.exec(linkId);
  if (!match || !sig) return undefined;
  const expected = Buffer.from(consentMac(secret, linkId));
  const actual = Buffer.from(sig);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  return { orderId: match[1]!, changeId: match[2]! };
}

/** Approvers' links of a change: the approval links' signature, on the change's own page. */
export const changeApprovalPath = (approvalUrl: string): string =>
  approvalUrl.replace('/approvals/', '/approvals/changes/');

/** The order's versions: v1 as placed (from the order itself) until a change was applied. */
export function versionsOf(
  order: Pick<Order, 'versions' | 'createdAt' | 'items' | 'totalAmount' | 'delivery'>,
): OrderVersion[] {
  return (
    order.versions ?? [
      {
        version: 1,
        at: order.createdAt,
        changeId: null,
        items: order.items,
        totalAmount: order.totalAmount,
        requestedDate: order.delivery.requestedDate,
      },
    ]
  );
}
