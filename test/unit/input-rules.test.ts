/** What the order schema says about hostile or mistaken input (R-INTAKE-2, R-SEC-3). */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import { MAX_AMOUNT_CENTS } from '#shared/domain/order-schema.ts';
import { validateOrderInput } from '#shared/use-cases/place-order.ts';

const body = (over: Record<string, unknown> = {}) => ({
  customer: { name: '客户', email: 'new@c.example' },
  items: [{ sku: 'A', quantity: 2, unitPrice: 1000 }],
  paymentMethod: 'alipay',
  delivery: { address: '北京', requestedDate: '2026-12-01' },
  ...over,
});

function issuesOf(input: unknown): Record<string, string> {
  try {
    validateOrderInput(input, '2026-11-27');
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return Object.fromEntries(e.issues.map((i) => [i.path, i.message]));
  }
  return {};
}

describe('wrong types say what is wrong (R-INTAKE-2)', () => {
  it('names a fraction, a string for a number and a missing field differently', () => {
    const issues = issuesOf(
      body({
        customer: { name: 42, email: 'new@c.example' },
        items: [{ sku: 'A', quantity: 1.5, unitPrice: '1250' }, { sku: 'A' }],
      }),
    );
    expect(issues['items.0.quantity']).toBe('Must be an integer');
    expect(issues['items.0.unitPrice']).toBe('Expected number, received string');
    expect(issues['customer.name']).toBe('Expected string, received number');
    expect(issues['items.1.quantity']).toBe('Required');
    expect(issues['items.1.unitPrice']).toBe('Required');
  });
});

describe('amounts stay within safe integers (R-INTAKE-2)', () => {
  it('refuses a line whose total passes the limit, naming the line', () => {
    const issues = issuesOf(body({ items: [{ sku: 'A', quantity: 1_000_000, unitPrice: 10_000_000_000 }] }));
    expect(issues['items.0']).toMatch(/Line total .* above the limit/);
  });

  it('refuses an order whose total passes the limit although each line is within it', () => {
    const line = { sku: 'A', quantity: 10, unitPrice: MAX_AMOUNT_CENTS / 10 };
    const issues = issuesOf(body({ items: [line, line] }));
    expect(issues['items']).toMatch(/Order total .* above the limit/);
    expect(issuesOf(body({ items: [line] }))).toEqual({});
  });
});

describe('names people can read (R-INTAKE-2, R-SEC-3)', () => {
  it('refuses a name of only zero-width or invisible characters', () => {
    for (const name of ['\u200B\u200B', '\u200C\u200D\uFEFF', ' \u2060 ', '\u00AD']) {
      expect(
        issuesOf(body({ customer: { name, email: 'new@c.example' } })),
        JSON.stringify(name),
      ).toHaveProperty(['customer.name']);
    }
  });

  it('refuses control characters in names and companies, keeps ordinary Chinese names', () => {
    expect(issuesOf(body({ customer: { name: '张三\u0000', email: 'a@b.example' } }))).toHaveProperty([
      'customer.name',
    ]);
    expect(
      issuesOf(
        body({ customer: { name: '张三', company: 'ACME\r\nBcc: x@y.example', email: 'a@b.example' } }),
      ),
    ).toHaveProperty(['customer.company']);
    expect(issuesOf(body({ customer: { name: '张\u200B三', email: 'a@b.example' } }))).toEqual({});
    expect(
      issuesOf(body({ customer: { name: '上海精密机械 (Shanghai) Co.', email: 'a@b.example' } })),
    ).toEqual({});
  });
});
