/**
 * Ports (STYLE.md 3): what use cases need from the outside, passed in as `deps`. The DynamoDB,
 * SES and SNS adapters live in shared/adapters/; unit tests use in-memory ones.
 */

import type { HistoryEntry } from './domain/order-schema.ts';
import type { OrderStatus } from './domain/status.ts';
import type { Customer, Product } from './entities/catalogue-entities.ts';
import type { Order } from './entities/order-entity.ts';

export interface OrderChange {
  status?: OrderStatus;
  assignee?: string;
  /** Appended to the history in the same write (R-ARCH-2). */
  history: HistoryEntry;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface OrderStore {
  /** Creates the order unless one with its id exists; never overwrites (R-INTAKE-4). */
  create(order: Order, day: string): Promise<'created' | 'exists'>;
  get(orderId: string): Promise<Order | undefined>;
  /**
   * Applies a change to the order as the caller read it, only if its version is still the
   * stored one (optimistic locking); otherwise throws ConflictError.
   */
  update(current: Order, change: OrderChange): Promise<Order>;
  /** Open orders, urgent first, oldest first within a priority (R-PROC-1). */
  queue(limit: number, cursor?: string): Promise<Page<Order>>;
  /** Orders whose confirmation is still to be sent, oldest first. */
  pendingConfirmations(limit: number): Promise<Order[]>;
  markConfirmationSent(orderId: string): Promise<void>;
}

export interface CatalogueStore {
  listProducts(): Promise<Product[]>;
  /** The products asked for and the customer's profile, in one round trip. */
  pricingContext(
    skus: string[],
    customerKey: string,
  ): Promise<{ products: Map<string, Product>; customer?: Customer }>;
}

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

export interface SmsSender {
  send(sms: { to: string; text: string }): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
