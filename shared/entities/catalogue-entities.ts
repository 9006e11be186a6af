/**
 * Products and customers (R-PRICE-1). Products share one partition (`CATALOGUE`) so the
 * public catalogue is one Query; a customer profile keeps the last transaction price per SKU.
 */
import { businessDay as shanghaiDay } from '../domain/calendar.ts';
import { type PriceEntry, priceInForce } from '../domain/master-data.ts';

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
  /** False once the company stops selling it: off the order form, kept on old orders (R-MASTER-1). */
  active?: boolean;
  /** Its standard packaging options (R-SPEC-1: any other packaging is a special requirement). */
  packaging?: string[];
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

/** The name the order form and documents show: Chinese, then English where there is one. */
export const productName = (nameZh: string, nameEn?: string | null): string =>
  nameEn ? `${nameZh} ${nameEn}` : nameZh;

/**
 * The product as orders see it on `day` (YYYY-MM-DD, Asia/Shanghai): the list price is the one in
 * force that day (R-MASTER-1) — the dated `prices`, else the undated `listPrice` of older items.
 */
export function productFromItem(item: Record<string, unknown>, day = shanghaiDay(new Date())): Product {
  const fallback = typeof item['listPrice'] === 'number' ? item['listPrice'] : null;
  const prices = Array.isArray(item['prices']) ? (item['prices'] as PriceEntry[]) : [];
  return {
    sku: String(item['sku']),
    name:
      typeof item['nameZh'] === 'string'
        ? productName(item['nameZh'], item['nameEn'] as string)
        : String(item['name']),
    spec: String(item['spec'] ?? ''),
    unit: String(item['unit'] ?? ''),
    listPrice: priceInForce(prices, day, fallback),
    stock: typeof item['stock'] === 'number' ? item['stock'] : 0,
    ...(item['madeToOrder'] === true ? { madeToOrder: true } : {}),
    ...(item['active'] === false ? { active: false } : {}),
    ...(Array.isArray(item['packaging']) && item['packaging'].length
      ? { packaging: item['packaging'].map(String) }
      : {}),
  };
}
