/**
 * Quotation rules without the running system (R-QUOTE-1..3): the reminder before expiry, the
 * figures of the reports, the order an accepted quotation becomes, and the printed amount.
 */
import { describe, expect, it } from 'vitest';
import type { Quotation } from '#shared/entities/quotation-entity.ts';
import { amountInCapitals, quotationPdf } from '#shared/notifications/quotation-document.ts';
import { renderQuotationLinkPage } from '#shared/notifications/quotation-pages.ts';
import type { OutgoingEmail, QuotationChange, QuotationStore } from '#shared/ports.ts';
import { quotationFigures } from '#shared/reports/quotation-figures.ts';
import { orderFromQuotation, remindExpiringQuotations } from '#shared/use-cases/quotations.ts';

const NOW = new Date('2026-12-04T02:00:00Z');

function quotation(over: Partial<Quotation>): Quotation {
  return {
    quotationId: 'QT01KBNPZ0000000000000000000',
    quotationNumber: 'QT20261204-000000',
    status: 'sent',
    customer: { name: '王经理', email: 'buyer@example.com' },
    customerKey: 'email:buyer@example.com',
    items: [
      {
        sku: 'BRG-6204',
        name: '轴承',
        quantity: 10,
        unitPrice: 1250,
        listPrice: 1250,
        lastPrice: 1300,
        lineAmount: 12_500,
        tier: 'gm',
        tierReason: 'R-PRICE-4',
      },
    ],
    totalAmount: 12_500,
    currency: 'CNY',
    validUntil: '2026-12-06',
    approvalTier: 'gm',
    approvalChain: ['ops', 'sales_director', 'gm'],
    approvals: [
      { role: 'ops', actor: 'ops@example.com', at: '2026-12-01T01:00:00Z', step: 'ops' },
      { role: 'sales_director', actor: 'sd@example.com', at: '2026-12-01T02:00:00Z', step: 'sales_director' },
      { role: 'gm', actor: 'gm@example.com', at: '2026-12-01T03:00:00Z', step: 'gm' },
    ],
    createdBy: 'sales@example.com',
    history: [],
    version: 1,
    createdAt: '2026-12-01T00:00:00Z',
    updatedAt: '2026-12-01T00:00:00Z',
    submittedAt: '2026-12-01T00:00:00Z',
    approvedAt: '2026-12-01T03:00:00Z',
    ...over,
  };
}

function memoryStore(items: Quotation[]): QuotationStore & { changes: QuotationChange[] } {
  const changes: QuotationChange[] = [];
  return {
    changes,
    create: async () => 'created',
    get: async (id) => items.find((q) => q.quotationId === id),
    async update(current, change) {
      changes.push(change);
      return {
        ...current,
        ...change.set,
        ...(change.status ? { status: change.status } : {}),
        version: current.version + 1,
      };
    },
    list: async ({ status }) => ({ items: items.filter((q) => !status || q.status === status) }),
  };
}

describe('quotations (R-QUOTE-1..3)', () => {
  it('reminds sales once before a sent quotation expires, and expires an overdue one', async () => {
    const store = memoryStore([
      quotation({
        quotationId: 'QT01KBNPZ0000000000000000001',
        quotationNumber: 'Q-SOON',
        validUntil: '2026-12-06',
      }),
      quotation({
        quotationId: 'QT01KBNPZ0000000000000000002',
        quotationNumber: 'Q-DONE',
        validUntil: '2026-12-06',
        expiryReminded: true,
      }),
      quotation({
        quotationId: 'QT01KBNPZ0000000000000000003',
        quotationNumber: 'Q-LATER',
        validUntil: '2026-12-30',
      }),
      quotation({
        quotationId: 'QT01KBNPZ0000000000000000004',
        quotationNumber: 'Q-PAST',
        validUntil: '2026-12-03',
      }),
    ]);
    const sent: OutgoingEmail[] = [];
    const result = await remindExpiringQuotations({
      quotations: store,
      clock: { now: () => NOW },
      mailer: { send: async (m) => void sent.push(m) },
      staff: {
        members: async (role) => (role === 'sales' ? [{ email: 'sales@example.com', name: 'S' }] : []),
      },
    });
    expect(result).toEqual({ reminded: ['Q-SOON'], expired: ['Q-PAST'] });
    expect(sent.map((m) => m.subject)).toEqual([expect.stringContaining('Q-SOON')]);
    expect(store.changes.map((c) => c.history.code).sort()).toEqual([
      'quotation.expired',
      'quotation.reminded',
    ]);
  });

  it('an accepted quotation becomes a quotation-channel order whose price approval is the quotation’s', () => {
    const order = orderFromQuotation(quotation({}), NOW, '请尽快');
    expect(order).toMatchObject({ channel: 'quotation', status: 'received', totalAmount: 12_500 });
    expect(order.approvals?.map((a) => a.role)).toEqual(['ops', 'sales_director', 'gm']);
    expect(order.history[0]).toMatchObject({ code: 'quotation.order' });
    // The same quotation always makes the same order id (a repeated acceptance finds it).
    expect(orderFromQuotation(quotation({}), NOW).orderId).toBe(order.orderId);
  });

  it('counts quoted, approved, accepted, the conversion rate and the hours to approval', () => {
    const figures = quotationFigures(
      [
        quotation({ status: 'accepted' }),
        quotation({ status: 'declined', approvedAt: '2026-12-01T05:00:00Z' }),
        quotation({ status: 'draft', approvedAt: undefined }),
        quotation({ createdAt: '2026-10-01T00:00:00Z' }),
      ],
      '2026-12-01',
      '2026-12-04',
    );
    expect(figures).toMatchObject({ quoted: 3, approved: 2, accepted: 1, declined: 1, conversionRate: 0.5 });
    expect(figures.approvalHours.median).toBe(4);
  });

  it('prints the total in capitals and makes a one-page PDF', () => {
    expect(amountInCapitals(12_500)).toBe('壹佰贰拾伍元整');
    const pdf = Buffer.from(quotationPdf(quotation({}), { nameZh: '示例公司' })).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf).toContain('/STSong-Light');
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
  });
});

describe('the quotation page the customer opens (R-QUOTE-1)', () => {
  it('carries the configured company header (ORDERDESK_COMPANY; context `company` on AWS)', () => {
    const company = { nameZh: '华东精工机械有限公司', address: '苏州工业园区 1 号' };
    const page = renderQuotationLinkPage(
      { kind: 'form', quotation: quotation({}) },
      '/quotation-links/t',
      company,
    );
    expect(page).toContain('华东精工机械有限公司');
    expect(page).toContain('苏州工业园区 1 号');
    expect(page).not.toContain('示例机电设备有限公司');
  });
});
