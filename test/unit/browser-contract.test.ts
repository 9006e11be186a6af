/**
 * The order form checks what the API checks (R-INTAKE-2) from a module generated out of the
 * server's schema, not a hand copy: the checked-in file must be what the generator writes now,
 * and the limits it carries must be the ones the schema enforces.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BROWSER_CONTRACT_PATH, browserContractSource } from '#shared/domain/browser-contract.ts';
import { ORDER_FIELD_LIMITS, orderInputSchema, PHONE_PATTERN } from '#shared/domain/order-schema.ts';

const order = (over: { name?: string; notes?: string; spec?: string; phone?: string }) => ({
  customer: { name: over.name ?? '张三', phone: over.phone ?? '13800138000' },
  items: [{ sku: 'BRG-6204', quantity: 1, unitPrice: 100, ...(over.spec ? { spec: over.spec } : {}) }],
  paymentMethod: 'bank_transfer',
  delivery: { address: '上海市浦东新区', requestedDate: '2099-01-01' },
  ...(over.notes ? { notes: over.notes } : {}),
});

describe('the browser order contract', () => {
  it('is the file the generator writes today (run `npm run contract` after changing order-schema.ts)', () => {
    const checkedIn = readFileSync(new URL(`../../${BROWSER_CONTRACT_PATH}`, import.meta.url), 'utf8');
    expect(checkedIn).toBe(browserContractSource());
  });

  it('carries the limits the schema enforces', async () => {
    const web = await import(`../../${BROWSER_CONTRACT_PATH}` as string);
    expect(web.ORDER_FIELD_LIMITS).toEqual(ORDER_FIELD_LIMITS);
    expect(web.PHONE_PATTERN.source).toBe(PHONE_PATTERN.source);
    const { name, notes, spec } = ORDER_FIELD_LIMITS;
    expect(orderInputSchema.safeParse(order({ name: '名'.repeat(name) })).success).toBe(true);
    expect(orderInputSchema.safeParse(order({ name: '名'.repeat(name + 1) })).success).toBe(false);
    expect(orderInputSchema.safeParse(order({ notes: 'n'.repeat(notes + 1) })).success).toBe(false);
    expect(orderInputSchema.safeParse(order({ spec: 's'.repeat(spec + 1) })).success).toBe(false);
    expect(orderInputSchema.safeParse(order({ phone: '12' })).success).toBe(web.PHONE_PATTERN.test('12'));
  });
});
