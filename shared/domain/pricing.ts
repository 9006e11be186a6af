/**
 * Which approvals an order needs (R-PRICE-1..5), decided at intake and stored on the order.
 * The approval workflow later walks `approvalChain` in order.
 */
import type { ApprovalRole } from './order-schema.ts';

export interface PricedLine {
  unitPrice: number;
  /** List price in cents, null when the product has none. */
  listPrice: number | null;
  /** This customer's last transaction price for the SKU, null when never bought. */
  lastPrice: number | null;
}

export interface LineTier {
  tier: ApprovalRole;
  reason: string;
}

const RANK: Record<ApprovalRole, number> = { ops: 1, sales_director: 2, gm: 3 };

/** R-PRICE-1..4: compare one line with the list price and the customer's last price. */
export function lineTier(line: PricedLine): LineTier {
  const belowList = line.listPrice !== null && line.unitPrice < line.listPrice;
  const belowLast = line.lastPrice !== null && line.unitPrice < line.lastPrice;
  if (belowList || belowLast) {
    const why = [belowList ? 'below list price' : null, belowLast ? 'below last transaction price' : null];
    return { tier: 'gm', reason: `R-PRICE-4: ${why.filter(Boolean).join(' and ')}` };
  }
  if (line.listPrice === null) return { tier: 'sales_director', reason: 'R-PRICE-3: no list price' };
  return { tier: 'ops', reason: 'R-PRICE-2: at or above list and last price' };
}

/** R-PRICE-5: the order's tier is the highest tier of any line. */
export function orderTier(tiers: readonly ApprovalRole[]): ApprovalRole {
  return tiers.reduce<ApprovalRole>((top, t) => (RANK[t] > RANK[top] ? t : top), 'ops');
}

/** R-PRICE-5: approvers act in sequence, ops first, up to the order's tier. */
export function approvalChain(tier: ApprovalRole): ApprovalRole[] {
  const chain: ApprovalRole[] = ['ops', 'sales_director', 'gm'];
  return chain.slice(0, RANK[tier]);
}
