/**
 * The order status graph (R-PROC-7). Every status change goes through `assertTransition`,
 * and is written with who, when and why (R-ARCH-2, shared/entities/order-entity.ts).
 */
import { InvalidTransitionError } from './errors.ts';

export const ORDER_STATUSES = [
  'received',
  'under_review',
  'approved',
  'rejected',
  'in_production',
  'shipped',
  'delivered',
  'completed',
  'archived',
  'cancelled',
  'on_hold',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Main path received → under_review → approved | rejected → in_production → shipped → delivered
 * → completed → archived. `cancelled` is reachable until production starts (R-CHG-3);
 * `on_hold` is the exception state of any open status and returns to where work resumes.
 */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  received: ['under_review', 'cancelled', 'on_hold'],
  under_review: ['approved', 'rejected', 'cancelled', 'on_hold'],
  approved: ['in_production', 'cancelled', 'on_hold'],
  rejected: ['archived'],
  in_production: ['shipped', 'on_hold'],
  shipped: ['delivered', 'on_hold'],
  delivered: ['completed'],
  completed: ['archived'],
  archived: [],
  cancelled: ['archived'],
  on_hold: ['received', 'under_review', 'approved', 'in_production', 'shipped', 'cancelled'],
};

export const allowedNext = (from: OrderStatus): readonly OrderStatus[] => NEXT[from];

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => NEXT[from].includes(to);

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/** Open orders sit in the work queue (R-PROC-1). */
export const isOpen = (status: OrderStatus): boolean =>
  ['received', 'under_review', 'on_hold'].includes(status);
