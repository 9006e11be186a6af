/** In-memory ports for unit tests of the domain only (integration tests use dynalite). */
import { ConflictError } from '#shared/domain/errors.ts';
import { isOpen } from '#shared/domain/status.ts';
import type { Customer, Product } from '#shared/entities/catalogue-entities.ts';
import { type Order, queueSortKey, STATUS_STAMPS } from '#shared/entities/order-entity.ts';
import type { CatalogueStore, Clock, OrderChange, OrderStore } from '#shared/ports.ts';

/** The status times the DynamoDB store stamps in the same write (R-REPORT-1). */
function stamp(stored: Order, change: OrderChange): Partial<Order> {
  const s = change.status ? STATUS_STAMPS[change.status] : undefined;
  if (!s || (s.first && stored[s.field])) return {};
  return { [s.field]: change.updatedAt };
}

export function memoryOrderStore(): OrderStore & { all: Map<string, Order> } {
  const all = new Map<string, Order>();
  const clone = <T>(v: T): T => structuredClone(v);
  return {
    all,
    async create(order) {
      if (all.has(order.orderId)) return 'exists';
      all.set(order.orderId, clone(order));
      return 'created';
    },
    async get(id) {
      const o = all.get(id);
      return o ? clone(o) : undefined;
    },
    async update(current, change) {
      const stored = all.get(current.orderId);
      if (!stored || stored.version !== current.version) throw new ConflictError('changed');
      const next: Order = {
        ...stored,
        ...(change.status ? { status: change.status } : {}),
        ...(change.assignee !== undefined ? { assignee: change.assignee } : {}),
        ...change.set,
        ...stamp(stored, change),
        history: [...stored.history, change.history],
        updatedAt: change.updatedAt,
        version: stored.version + 1,
      };
      all.set(next.orderId, next);
      return clone(next);
    },
    async appendHistory(id, entry) {
      const stored = all.get(id)!;
      const next = {
        ...stored,
        history: [...stored.history, entry],
        version: stored.version + 1,
        updatedAt: entry.at,
      };
      all.set(id, next);
      return clone(next);
    },
    async queue(limit) {
      const open = [...all.values()].filter((o) => isOpen(o.status));
      open.sort((a, b) => queueSortKey(a).localeCompare(queueSortKey(b)));
      return { items: open.slice(0, limit).map(clone) };
    },
    async pendingConfirmations(limit) {
      return [...all.values()].filter((o) => o.confirmationPending).slice(0, limit);
    },
    async markConfirmationSent(id) {
      const o = all.get(id);
      if (o) o.confirmationPending = false;
    },
  };
}

export function memoryCatalogue(products: Product[], customers: Customer[] = []): CatalogueStore {
  return {
    async listProducts() {
      return products;
    },
    async pricingContext(skus, key) {
      const map = new Map(products.filter((p) => skus.includes(p.sku)).map((p) => [p.sku, p]));
      const customer = customers.find((c) => c.customerKey === key);
      return customer ? { products: map, customer } : { products: map };
    },
    async recordLastPrices(key, prices, c) {
      const customer = customers.find((x) => x.customerKey === key);
      if (customer) Object.assign(customer.lastPrices, prices);
      else customers.push({ customerKey: key, name: c.name, lastPrices: { ...prices } });
    },
  };
}

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });
