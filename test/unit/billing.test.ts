/**
 * The pure rules of invoicing and reconciliation (R-FIN-1..3): the unified social credit code
 * check character (GB 32100-2015), the tax in an amount, what was delivered, and the statement.
 */
import { describe, expect, it } from 'vitest';
import {
  ageing,
  billingFigures,
  buildStatement,
  creditCodeCheckChar,
  deliveredAmount,
  invoiceSchema,
  invoicingSchema,
  isCreditCode,
  orderEntries,
  paymentSchema,
  periodTotals,
  statementRows,
  taxOf,
} from '#shared/domain/billing.ts';

/** Published codes of real companies (business licences are public). */
const VALID = [
  '91350100M000100Y43', // the example of GB 32100-2015
  '9144030071526726XG',
  '914403001922038216',
  '91330100716105852F',
  '91110000802100433B',
  '91110108551385082Q',
];
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('unified social credit code (R-FIN-1)', () => {
  it('accepts known-valid codes', () => {
    for (const code of VALID) expect(isCreditCode(code), code).toBe(true);
  });

  it('refuses every single-character corruption of them', () => {
    for (const code of VALID)
      for (let i = 0; i < 18; i++)
        for (const c of CHARS) {
          if (c === code[i]) continue;
          const bad = code.slice(0, i) + c + code.slice(i + 1);
          expect(isCreditCode(bad), bad).toBe(false);
        }
  });

  it('refuses letters the standard leaves out, a wrong length and lower-case as given', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(isCreditCode('91350100M000100Y4')).toBe(false);
    expect(isCreditCode('91350100M000100YI3')).toBe(false);
    expect(isCreditCode('91350100m000100y43')).toBe(false);
    // The form upper-cases what it is given, then checks.
    expect(invoicingSchema.safeParse(details('91350100m000100y43')).success).toBe(true);
  });

  it('names taxId on a bad check character', () => {
    const parsed = invoicingSchema.safeParse(details('91350100M000100Y44'));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['taxId']);
  });
});

const details = (taxId: string) => ({
  companyName: '福建示例有限公司',
  taxId,
  address: '福州市鼓楼区 1 号',
  phone: '0591-8888 0000',
  bank: '中国银行福州分行',
  account: '4010 0000 1234',
});

const order = {
  orderId: '01J00000000000000000000000',
  orderNumber: 'SO-1',
  items: [
    { sku: 'A', quantity: 10, unitPrice: 1250 },
    { sku: 'B', quantity: 2, unitPrice: 26000 },
  ],
  shipments: [
    {
      shipmentId: 'S1',
      carrier: 'x',
      trackingNumber: '1',
      lines: [{ sku: 'A', quantity: 4 }],
      shippedAt: '2026-03-01T02:00:00Z',
      shippedBy: 'l',
      deliveredAt: '2026-03-02T02:00:00Z',
    },
    {
      shipmentId: 'S2',
      carrier: 'x',
      trackingNumber: '2',
      lines: [{ sku: 'B', quantity: 2 }],
      shippedAt: '2026-03-05T02:00:00Z',
      shippedBy: 'l',
    },
  ],
} as never;

describe('delivered, invoiced, paid (R-FIN-1, R-FIN-2)', () => {
  it('counts delivered shipments only, at the order prices', () => {
    expect(deliveredAmount(order)).toBe(5000);
    expect(deliveredAmount(order, 'S2')).toBe(0);
    expect(billingFigures(5000, { invoiced: 5000, paid: 3000 }, 500)).toEqual({
      delivered: 5000,
      invoiced: 5000,
      paid: 3000,
      refunded: 500,
      outstanding: 1500,
    });
  });

  it('computes the tax inside a tax-inclusive amount and checks the invoice fields', () => {
    expect(taxOf(11300, 13)).toBe(1300);
    expect(taxOf(10600, 6)).toBe(600);
    const bad = invoiceSchema.safeParse({
      type: 'vat',
      invoiceNumber: '12',
      date: '2026-13-01',
      amount: 0,
      taxRate: 7,
    });
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'amount',
      'date',
      'invoiceNumber',
      'taxRate',
      'type',
    ]);
    expect(
      invoiceSchema.safeParse({
        type: 'special',
        invoiceNumber: '12345678',
        date: '2026-03-02',
        amount: 5000,
        taxRate: 13,
      }).success,
    ).toBe(true);
  });

  it('refuses allocations beyond the payment', () => {
    const bad = paymentSchema.safeParse({
      date: '2026-03-03',
      amount: 100,
      method: 'bank_transfer',
      reference: 'x',
      allocations: [{ orderId: '01J00000000000000000000000', amount: 101 }],
    });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['allocations']);
  });
});

describe('the statement (R-FIN-3)', () => {
  it('opens with the balance before the period, runs the balance and closes', () => {
    const entries = [
      ...orderEntries(
        order,
        {
          orderId: 'o',
          customerKey: 'k',
          invoiced: 5000,
          paid: 0,
          invoices: [{ invoiceNumber: '12345678', date: '2026-03-10', amount: 5000 } as never],
          payments: [],
        },
        [{ caseId: 'C1', refundAmount: 500, refundedAt: '2026-03-12T02:00:00Z' }],
      ),
      { date: '2026-02-20', kind: 'delivery' as const, ref: 'SO-0/S1', debit: 1000, credit: 0 },
      { date: '2026-03-15', kind: 'payment' as const, ref: 'BANK-1', debit: 0, credit: 3000 },
      { date: '2026-04-01', kind: 'payment' as const, ref: 'BANK-2', debit: 0, credit: 9 },
    ];
    const s = buildStatement('k', '2026-03-01', '2026-03-31', entries);
    expect(s.openingBalance).toBe(1000);
    expect(s.lines.map((l) => [l.date, l.kind, l.debit, l.credit, l.balance])).toEqual([
      ['2026-03-02', 'delivery', 5000, 0, 6000],
      ['2026-03-10', 'invoice', 0, 0, 6000],
      ['2026-03-12', 'refund', 0, 500, 5500],
      ['2026-03-15', 'payment', 0, 3000, 2500],
    ]);
    expect(s.closingBalance).toBe(2500);
    expect(s.totals).toEqual({ debit: 5000, credit: 3500, invoiced: 5000 });
    const rows = statementRows(s, '福建示例');
    expect(rows[1]).toEqual(['2026-03-01', '期初余额 Opening balance', '福建示例', '', '', '10.00', '']);
    expect(rows.at(-1)?.[5]).toBe('25.00');
  });
});

describe('receivables by age (R-FIN-2)', () => {
  it('settles the oldest deliveries first and ages what is left from its date', () => {
    const entries = [
      { date: '2026-01-01', kind: 'delivery' as const, ref: 'a', debit: 1000, credit: 0 },
      { date: '2026-02-15', kind: 'delivery' as const, ref: 'b', debit: 2000, credit: 0 },
      { date: '2026-03-10', kind: 'delivery' as const, ref: 'c', debit: 3000, credit: 0 },
      { date: '2026-03-20', kind: 'invoice' as const, ref: 'i', debit: 0, credit: 0, amount: 3000 },
      { date: '2026-03-25', kind: 'payment' as const, ref: 'p', debit: 0, credit: 1500 },
      { date: '2026-05-01', kind: 'payment' as const, ref: 'later', debit: 0, credit: 9999 },
    ];
    expect(ageing(entries, '2026-04-10')).toEqual({
      outstanding: 4500,
      buckets: { '0-30': 0, '31-60': 4500, '61-90': 0, '90+': 0 },
    });
    expect(ageing(entries, '2026-04-20').buckets).toEqual({
      '0-30': 0,
      '31-60': 3000,
      '61-90': 1500,
      '90+': 0,
    });
    expect(ageing(entries.slice(0, 1), '2026-04-20').buckets['90+']).toBe(1000);
    expect(periodTotals(entries, '2026-03-01', '2026-03-31')).toEqual({
      invoicesIssued: { count: 1, amount: 3000 },
      paymentsReceived: { count: 1, amount: 1500 },
    });
  });
});
