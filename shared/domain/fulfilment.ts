/**
 * The rules of an order's life after approval (R-PROC-7, R-PROD-1, R-TRACK-2, R-TRACK-3):
 * what a shipment may carry (partial shipments by line quantities), when every line is shipped,
 * which shipments are still open, and who may resume a held order. Pure functions: the use
 * cases load the order, ask these, and write the outcome.
 */
import type { Order } from '../entities/order-entity.ts';
import { type FieldIssue, StatusConflictError, ValidationError } from './errors.ts';
import type { StaffRole } from './roles.ts';
import type { OrderStatus } from './status.ts';

export interface ShipmentLine {
  sku: string;
  quantity: number;
}

/** R-TRACK-2: one consignment of an order; an order may go out in several. */
export interface Shipment {
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
  lines: ShipmentLine[];
  shippedAt: string;
  shippedBy: string;
  /** Who signed for it, when, and who recorded it. */
  deliveredAt?: string;
  signedBy?: string;
  deliveredBy?: string;
}

export const EXCEPTION_KINDS = ['shortage', 'damage', 'delay', 'quality'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** R-TRACK-3: a problem in delivery, with the plan and the new expected date the customer is told. */
export interface DeliveryException {
  exceptionId: string;
  kind: ExceptionKind;
  plan: string;
  expectedDate?: string;
  at: string;
  by: string;
}

/** R-PROD-1: production's plan and progress. */
export interface ProductionRecord {
  /** Absent when the order went out from stock without a production run. */
  plannedCompletionDate?: string;
  startedAt?: string;
  startedBy?: string;
  finishedAt?: string;
  finishedBy?: string;
}

/** An order keeps its shipments and exceptions on its own item; past this many the request is refused. */
export const MAX_SHIPMENTS = 50;
export const MAX_EXCEPTIONS = 50;

/** Statuses in which a shipment may go out (an approved order passes through production). */
export const SHIPPABLE: readonly OrderStatus[] = ['approved', 'in_production'];
/** Statuses in which a delivery exception may be recorded (R-TRACK-3). */
export const EXCEPTION_STATUSES: readonly OrderStatus[] = [
  'approved',
  'in_production',
  'shipped',
  'delivered',
];

/** Ordered quantity per SKU (an order may list a SKU on several lines). */
export function orderedQuantities(order: Pick<Order, 'items'>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of order.items) out[line.sku] = (out[line.sku] ?? 0) + line.quantity;
  return out;
}

/** Quantity already shipped per SKU. */
export function shippedQuantities(shipments: readonly Shipment[] = []): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of shipments) for (const l of s.lines) out[l.sku] = (out[l.sku] ?? 0) + l.quantity;
  return out;
}

/** What is still to ship, per SKU, in the order's line order; SKUs fully shipped are left out. */
export function remainingLines(
  order: Pick<Order, 'items'>,
  shipments: readonly Shipment[] = [],
): ShipmentLine[] {
  const shipped = shippedQuantities(shipments);
  return Object.entries(orderedQuantities(order))
    .map(([sku, quantity]) => ({ sku, quantity: quantity - (shipped[sku] ?? 0) }))
    .filter((l) => l.quantity > 0);
}

/**
 * The lines of a new shipment: the ones asked for, or everything not yet shipped when none are
 * given. Refuses field by field a SKU not on the order, a SKU listed twice, or more than is left.
 */
export function shipmentLines(
  order: Pick<Order, 'items' | 'status'> & { shipments?: Shipment[] },
  requested: ShipmentLine[] | undefined,
): ShipmentLine[] {
  const remaining = remainingLines(order, order.shipments);
  if (remaining.length === 0) {
    throw new StatusConflictError('Every line of this order is shipped already', order.status);
  }
  if (!requested) return remaining;
  const left = new Map(remaining.map((l) => [l.sku, l.quantity]));
  const ordered = orderedQuantities(order);
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  requested.forEach((line, i) => {
    if (seen.has(line.sku)) issues.push({ path: `lines.${i}.sku`, message: 'Listed twice' });
    else if (ordered[line.sku] === undefined)
      issues.push({ path: `lines.${i}.sku`, message: 'Not on this order' });
    else if (line.quantity > (left.get(line.sku) ?? 0))
      issues.push({
        path: `lines.${i}.quantity`,
        message: `At most ${left.get(line.sku) ?? 0} left to ship`,
      });
    seen.add(line.sku);
  });
  if (issues.length > 0) throw new ValidationError('Invalid shipment lines', issues);
  return requested;
}

/** True when these shipments carry every ordered quantity. */
export const fullyShipped = (order: Pick<Order, 'items'>, shipments: readonly Shipment[]): boolean =>
  remainingLines(order, shipments).length === 0;

/** Shipments not yet signed for. */
export const openShipments = (shipments: readonly Shipment[] = []): Shipment[] =>
  shipments.filter((s) => !s.deliveredAt);

/** The next id of a shipment (`S1`, `S2`, …) or an exception (`E1`, …) on this order. */
export const nextId = (prefix: 'S' | 'E', existing: readonly unknown[] = []): string =>
  `${prefix}${existing.length + 1}`;

/** The last move onto hold: where the order was and why it stopped. */
export function lastHold(order: Pick<Order, 'history'>): { from: OrderStatus; reason?: string } | undefined {
  for (let i = order.history.length - 1; i >= 0; i--) {
    const h = order.history[i]!;
    if (h.to === 'on_hold' && h.from) return { from: h.from, ...(h.reason ? { reason: h.reason } : {}) };
  }
  return undefined;
}

/**
 * Who may resume a held order (R-PROC-7): gm always; otherwise the role whose step stalled —
 * the approver the chain waits on when approval stalled, ops (review, R-PROC-3) and sales
 * (who was told) when the review or stock check held it, the role owning the step after
 * approval (production, logistics).
 */
export function resumeRoles(
  order: Pick<Order, 'history' | 'approvalChain' | 'approvals'> & { rush?: unknown },
): StaffRole[] {
  const from = lastHold(order)?.from;
  const roles = new Set<StaffRole>(['gm']);
  if (from === 'received') {
    roles.add('ops');
    roles.add('sales');
  } else if (from === 'under_review' && order.rush) {
    roles.add('sales_director'); // the rush leadership decision (R-RUSH-3)
  } else if (from === 'under_review') {
    const decided = new Set((order.approvals ?? []).map((a) => a.step));
    roles.add(order.approvalChain.find((step) => !decided.has(step)) ?? 'ops');
  } else if (from === 'approved' || from === 'in_production') {
    roles.add('production');
  } else if (from === 'shipped') {
    roles.add('logistics');
  }
  return [...roles];
}
