/**
 * Products and customers (R-PRICE-1). Products share one partition (`CATALOGUE`) so the
 * public catalogue is one Query; a customer profile keeps the last transaction price per SKU.
 */
export interface Product {
  sku: string;
  name: string;
  spec: string;
  unit: string;
  /** Cents; null where the product has no list price (R-PRICE-3). */
  listPrice: number | null;
  stock: number;
  /** Made to order (定制): produced for each order, so stock is not reserved (R-PROC-4). */
  madeToOrder?: boolean;
}

export interface Customer {
  customerKey: string;
  name: string;
  company?: string;
  /** Last transaction unit price in cents per SKU (R-PRICE-1). */
  lastPrices: Record<string, number>;
}

export const CATALOGUE_PK = 'CATALOGUE';
export const productKey = (sku: string) => ({ pk: CATALOGUE_PK, sk: `PRODUCT#${sku}` });
export const customerKey = (key: string) => ({ pk: `CUSTOMER#${key}`, sk: 'PROFILE' });

/** A customer is identified by email, else by phone digits. */
export function customerIdentity(contact: { email?: string; phone?: string }): string {
  if (contact.email) return `email:${contact.email.trim().toLowerCase()}`;
  return `phone:${(contact.phone ?? '').replace(/[^0-9]/g, '').replace(/^86(?=1\d{10}$)/, '')}`;
}

export function productFromItem(item: Record<string, unknown>): Product {
  return {
    sku: String(item['sku']),
    name: String(item['name']),
    spec: String(item['spec'] ?? ''),
    unit: String(item['unit'] ?? ''),
    listPrice: typeof item['listPrice'] === 'number' ? item['listPrice'] : null,
    stock: typeof item['stock'] === 'number' ? item['stock'] : 0,
    ...(item['madeToOrder'] === true ? { madeToOrder: true } : {}),
  };
}
