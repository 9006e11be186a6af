/**
 * An emailed item line without a price (R-INTAKE-6, R-PRICE-2, R-PRICE-3). The web form prefills
 * a line with the product's list price; an email that leaves the price out gets the same: the
 * line is priced from the list and marked `priceFromList`, so the order's history and the
 * correction form (staff/inbound.html) show it for review. A product with no list price
 * (price on request) cannot be priced so: the line stays unpriced and the sender is asked.
 * Nothing is dropped.
 */
import type { InboundProblem } from '../entities/inbound-entity.ts';
import type { CatalogueStore } from '../ports.ts';

interface DraftLine {
  sku?: unknown;
  unitPrice?: unknown;
  priceFromList?: boolean;
}

export interface PricedDraft {
  body: Record<string, unknown>;
  /** SKUs priced from the list, in line order. */
  pricedFromList: string[];
  /** Lines that could not be priced: no price written and no list price. */
  problems: InboundProblem[];
}

export async function priceEmailLines(
  catalogue: Pick<CatalogueStore, 'listProducts'>,
  body: Record<string, unknown>,
  sources: Record<string, string> = {},
): Promise<PricedDraft> {
  const items = Array.isArray(body['items']) ? (body['items'] as DraftLine[]) : [];
  if (!items.some((item) => item.unitPrice === undefined)) return { body, pricedFromList: [], problems: [] };
  const products = new Map((await catalogue.listProducts()).map((p) => [p.sku, p]));
  const pricedFromList: string[] = [];
  const problems: InboundProblem[] = [];
  const priced = items.map((item, n) => {
    if (item.unitPrice !== undefined || typeof item.sku !== 'string') return item;
    const product = products.get(item.sku);
    if (!product) return item; // an unknown SKU is reported by validation
    if (product.listPrice === null || product.listPrice === undefined) {
      const line = sources[`items.${n}`];
      problems.push({
        path: `items.${n}.unitPrice`,
        message: `No unit price, and ${item.sku} has no list price (price on request): please give one`,
        messageZh: `未写单价，且 ${item.sku} 没有价目价（面议），请提供单价`,
        ...(line ? { line } : {}),
      });
      return item;
    }
    pricedFromList.push(item.sku);
    return { ...item, unitPrice: product.listPrice, priceFromList: true };
  });
  return { body: { ...body, items: priced }, pricedFromList, problems };
}
