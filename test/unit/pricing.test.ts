import { describe, expect, it } from 'vitest';
import { approvalChain, lineTier, orderTier } from '#shared/domain/pricing.ts';

describe('approval tier of a line (R-PRICE-1..4)', () => {
  it('needs only ops at or above both list and last price (R-PRICE-2)', () => {
    expect(lineTier({ unitPrice: 1000, listPrice: 1000, lastPrice: 1000 }).tier).toBe('ops');
    expect(lineTier({ unitPrice: 1200, listPrice: 1000, lastPrice: null }).tier).toBe('ops');
  });

  it('needs the sales director when the SKU has no list price (R-PRICE-3)', () => {
    expect(lineTier({ unitPrice: 5000, listPrice: null, lastPrice: null })).toMatchObject({
      tier: 'sales_director',
      reason: expect.stringContaining('R-PRICE-3'),
    });
    expect(lineTier({ unitPrice: 5000, listPrice: null, lastPrice: 4000 }).tier).toBe('sales_director');
  });

  it('needs the general manager below the list price or below the last price (R-PRICE-4)', () => {
    expect(lineTier({ unitPrice: 999, listPrice: 1000, lastPrice: null }).reason).toMatch(/below list price/);
    expect(lineTier({ unitPrice: 1000, listPrice: 1000, lastPrice: 1001 }).reason).toMatch(
      /below last transaction/,
    );
    expect(lineTier({ unitPrice: 100, listPrice: null, lastPrice: 200 }).tier).toBe('gm');
  });
});

describe('approval tier and chain of an order (R-PRICE-5)', () => {
  it('takes the highest tier of any line', () => {
    expect(orderTier(['ops', 'ops'])).toBe('ops');
    expect(orderTier(['ops', 'sales_director', 'ops'])).toBe('sales_director');
    expect(orderTier(['sales_director', 'gm', 'ops'])).toBe('gm');
  });

  it('walks the roles in sequence from ops up to the tier', () => {
    expect(approvalChain('ops')).toEqual(['ops']);
    expect(approvalChain('sales_director')).toEqual(['ops', 'sales_director']);
    expect(approvalChain('gm')).toEqual(['ops', 'sales_director', 'gm']);
  });
});
