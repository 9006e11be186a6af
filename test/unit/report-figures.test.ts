/**
 * Report figures (R-REPORT-1) against a fixed, hand-built data set with hand-computed
 * expectations. The current period is the 2026 National Day holiday, 1–8 October: reports count
 * calendar days (holidays included) and processing hours are wall-clock hours.
 */

import { describe, expect, it } from 'vitest';
import { POLICY_RUSH_SETTINGS } from '#shared/domain/rush-settings.ts';
import { compareFigures, computeFigures, durations, quantile } from '#shared/reports/figures.ts';
import type {
  ReportCaseRow,
  ReportOrderRow,
  ReportSource,
  TimeRange,
} from '#shared/reports/report-source.ts';
import { buildReport } from '#shared/use-cases/build-report.ts';

const SH = 'Asia/Shanghai';
/** `2026-10-01 09:00` in Asia/Shanghai, as an ISO instant. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

function order(o: Partial<ReportOrderRow> & Pick<ReportOrderRow, 'orderId' | 'createdAt'>): ReportOrderRow {
  return {
    channel: 'web',
    status: 'received',
    priority: 'normal',
    totalAmount: 0,
    customerKey: 'email:x@example.com',
    customerName: 'X',
    items: [],
    slaBreached: false,
    approvals: [],
    ...o,
  };
}

const line = (sku: string, quantity: number, lineAmount: number) => ({
  sku,
  name: `产品 ${sku}`,
  quantity,
  lineAmount,
});

const ORDERS: ReportOrderRow[] = [
  order({
    orderId: 'A',
    createdAt: sh('2026-10-01 09:00'),
    priority: 'urgent',
    status: 'delivered',
    totalAmount: 10000,
    customerKey: 'c1',
    customerName: '甲公司',
    items: [line('P1', 2, 6000), line('P2', 1, 4000)],
    approvedAt: sh('2026-10-01 12:00'),
    deliveredAt: sh('2026-10-03 09:00'),
    approvals: [
      { step: 'ops', decision: 'approve', requestedAt: sh('2026-10-01 09:10'), at: sh('2026-10-01 10:00') },
    ],
  }),
  order({
    orderId: 'B',
    createdAt: sh('2026-10-05 14:00'),
    channel: 'email',
    status: 'approved',
    totalAmount: 20000,
    customerKey: 'c2',
    customerName: '李四',
    items: [line('P2', 5, 20000)],
    approvedAt: sh('2026-10-06 14:00'),
    slaBreached: true,
    approvals: [
      { step: 'ops', decision: 'approve', requestedAt: sh('2026-10-05 14:05'), at: sh('2026-10-05 15:05') },
      {
        step: 'sales_director',
        decision: 'approve',
        requestedAt: sh('2026-10-05 15:00'),
        at: sh('2026-10-06 13:00'),
      },
    ],
  }),
  order({
    // The last minute of the period.
    orderId: 'C',
    createdAt: sh('2026-10-08 23:59'),
    channel: 'phone',
    priority: 'important',
    status: 'rejected',
    totalAmount: 5000,
    customerKey: 'c1',
    customerName: '甲公司',
    items: [line('P1', 1, 5000)],
    approvals: [
      { step: 'ops', decision: 'reject', requestedAt: sh('2026-10-09 00:10'), at: sh('2026-10-09 02:10') },
    ],
  }),
  order({
    orderId: 'D',
    createdAt: sh('2026-10-03 10:00'),
    priority: 'urgent',
    status: 'completed',
    totalAmount: 30000,
    customerKey: 'c3',
    customerName: '丙公司',
    items: [line('P3', 3, 30000)],
    approvedAt: sh('2026-10-03 10:45'),
    deliveredAt: sh('2026-10-06 17:00'),
    rush: {
      filedAt: sh('2026-10-03 10:00'),
      decidedAt: sh('2026-10-03 10:45'),
      requiredBy: sh('2026-10-06 18:00'),
      loopStarted: true,
    },
  }),
  order({
    orderId: 'E',
    createdAt: sh('2026-10-04 08:00'),
    channel: 'api',
    status: 'delivered',
    totalAmount: 8000,
    customerKey: 'c3',
    customerName: '丙公司（新名）',
    items: [line('P4', 4, 8000)],
    approvedAt: sh('2026-10-04 09:30'),
    deliveredAt: sh('2026-10-05 15:00'),
    rush: {
      filedAt: sh('2026-10-04 08:00'),
      decidedAt: sh('2026-10-04 09:30'),
      requiredBy: sh('2026-10-05 12:00'),
      loopStarted: true,
    },
  }),
  // The previous period (23–30 September): F in its last minute, H approved after 10 hours.
  order({
    orderId: 'F',
    createdAt: sh('2026-09-30 23:59'),
    channel: 'api',
    totalAmount: 12000,
    customerKey: 'c4',
  }),
  order({
    orderId: 'H',
    createdAt: sh('2026-09-25 10:00'),
    status: 'approved',
    totalAmount: 8000,
    customerKey: 'c1',
    approvedAt: sh('2026-09-25 20:00'),
  }),
  // After the period: in neither.
  order({ orderId: 'G', createdAt: sh('2026-10-09 00:00'), totalAmount: 99999 }),
];

const CASES: ReportCaseRow[] = [
  {
    caseId: 'K1',
    orderId: 'A',
    caseType: 'complaint',
    caseStatus: 'open',
    createdAt: sh('2026-10-02 10:00'),
  },
  {
    // Opened long before, refunded in the period: the refund counts, the case does not.
    caseId: 'K2',
    orderId: 'Z',
    caseType: 'refund',
    caseStatus: 'resolved',
    createdAt: sh('2026-09-20 10:00'),
    refundAmount: 3000,
    refundedAt: sh('2026-10-02 11:00'),
  },
  {
    // Opened in the period, refunded after it: the case counts, the refund does not.
    caseId: 'K3',
    orderId: 'B',
    caseType: 'return',
    caseStatus: 'resolved',
    createdAt: sh('2026-10-07 10:00'),
    refundAmount: 1500,
    refundedAt: sh('2026-10-09 10:00'),
  },
  {
    caseId: 'K4',
    orderId: 'H',
    caseType: 'refund',
    caseStatus: 'resolved',
    createdAt: sh('2026-09-28 10:00'),
    refundAmount: 2000,
    refundedAt: sh('2026-09-29 10:00'),
  },
];

const WINDOWS = new Map([
  ['D', { closed: 5, complete: 4 }],
  ['E', { closed: 3, complete: 3 }],
]);
const HOLIDAY = { from: '2026-10-01', to: '2026-10-08' };
const BEFORE = { from: '2026-09-23', to: '2026-09-30' };
const opts = { timeZone: SH, rushWindows: WINDOWS, rush: POLICY_RUSH_SETTINGS };

describe('percentiles and durations', () => {
  it('interpolates linearly between the closest ranks', () => {
    const oneToTen = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(quantile(oneToTen, 0.5)).toBe(5.5);
    expect(quantile(oneToTen, 0.9)).toBeCloseTo(9.1, 10);
    expect(quantile([4], 0.9)).toBe(4);
    expect(quantile([], 0.5)).toBeNull();
    expect(durations([0.75, 1.5, 3, 24])).toEqual({ count: 4, medianHours: 2.25, p90Hours: 17.7 });
    expect(durations([1 / 3])).toEqual({ count: 1, medianHours: 0.33, p90Hours: 0.33 });
    expect(durations([])).toEqual({ count: 0, medianHours: null, p90Hours: null });
  });
});

describe('figures of a period (R-REPORT-1)', () => {
  const f = computeFigures(ORDERS, CASES, HOLIDAY, 'day', opts);

  it('counts the orders received on the calendar days of the period, holidays included', () => {
    expect(f.period).toEqual(HOLIDAY);
    expect(f.orders).toEqual({ count: 5, amount: 73000 });
    expect(f.byChannel).toEqual({
      web: { count: 2, amount: 40000 },
      email: { count: 1, amount: 20000 },
      phone: { count: 1, amount: 5000 },
      fax: { count: 0, amount: 0 },
      api: { count: 1, amount: 8000 },
      // Orders from accepted quotations (R-QUOTE-3) have their own channel.
      quotation: { count: 0, amount: 0 },
    });
    expect(f.byPriority).toEqual({
      normal: { count: 2, amount: 28000 },
      important: { count: 1, amount: 5000 },
      urgent: { count: 2, amount: 40000 },
    });
    expect(f.byStatus['delivered']).toEqual({ count: 2, amount: 18000 });
    expect(f.byStatus['approved']).toEqual({ count: 1, amount: 20000 });
    expect(f.byStatus['rejected']).toEqual({ count: 1, amount: 5000 });
    expect(f.byStatus['completed']).toEqual({ count: 1, amount: 30000 });
    expect(f.byStatus['received']).toEqual({ count: 0, amount: 0 });
    expect(Object.keys(f.byStatus)).toHaveLength(11);
  });

  it('has every bucket of the series, zeros included', () => {
    expect(f.series).toEqual([
      { bucket: '2026-10-01', count: 1, amount: 10000 },
      { bucket: '2026-10-02', count: 0, amount: 0 },
      { bucket: '2026-10-03', count: 1, amount: 30000 },
      { bucket: '2026-10-04', count: 1, amount: 8000 },
      { bucket: '2026-10-05', count: 1, amount: 20000 },
      { bucket: '2026-10-06', count: 0, amount: 0 },
      { bucket: '2026-10-07', count: 0, amount: 0 },
      { bucket: '2026-10-08', count: 1, amount: 5000 },
    ]);
    expect(computeFigures(ORDERS, CASES, HOLIDAY, 'week', opts).series).toEqual([
      { bucket: '2026-09-28', count: 3, amount: 48000 },
      { bucket: '2026-10-05', count: 2, amount: 25000 },
    ]);
    expect(computeFigures(ORDERS, CASES, HOLIDAY, 'month', opts).series).toEqual([
      { bucket: '2026-10-01', count: 5, amount: 73000 },
    ]);
  });

  it('measures processing in wall-clock hours: median and p90', () => {
    // To approval: D 0.75, E 1.5, A 3, B 24 (the holiday counts like any day).
    expect(f.processing.toApproved).toEqual({ count: 4, medianHours: 2.25, p90Hours: 17.7 });
    // To delivery: E 31, A 48, D 79.
    expect(f.processing.toDelivered).toEqual({ count: 3, medianHours: 48, p90Hours: 72.8 });
    expect(f.sla).toEqual({ breached: 1, share: 0.2 });
  });

  it('reports the rush figures: 1-hour answers, complete windows, on-time delivery', () => {
    expect(f.rush).toEqual({
      orders: 2,
      decisionMinutes: 60,
      intervalMinutes: 120,
      decided: 2,
      answeredWithinHour: 1,
      answeredWithinHourShare: 0.5,
      windows: 8,
      windowsComplete: 7,
      windowsCompleteShare: 0.875,
      delivered: 2,
      deliveredOnTime: 1,
      onTimeShare: 0.5,
    });
  });

  it('measures rush answers against the configured answer time, not a fixed hour (R-RUSH-3)', () => {
    // D was answered in 45 minutes, E in 90.
    const within = (decisionMinutes: number) =>
      computeFigures(ORDERS, CASES, HOLIDAY, 'day', {
        ...opts,
        rush: { decisionMinutes, intervalMinutes: 120 },
      }).rush;
    expect(within(120)).toMatchObject({
      decisionMinutes: 120,
      answeredWithinHour: 2,
      answeredWithinHourShare: 1,
    });
    expect(within(30)).toMatchObject({
      decisionMinutes: 30,
      answeredWithinHour: 0,
      answeredWithinHourShare: 0,
    });
  });

  it('counts approval decisions per tier with their answer times', () => {
    expect(f.approvals).toEqual([
      // A 0.83 h (50 min), B 1 h, C 2 h (a rejection).
      {
        tier: 'ops',
        count: 3,
        approved: 2,
        rejected: 1,
        answer: { count: 3, medianHours: 1, p90Hours: 1.8 },
      },
      {
        tier: 'sales_director',
        count: 1,
        approved: 1,
        rejected: 0,
        answer: { count: 1, medianHours: 22, p90Hours: 22 },
      },
      {
        tier: 'gm',
        count: 0,
        approved: 0,
        rejected: 0,
        answer: { count: 0, medianHours: null, p90Hours: null },
      },
    ]);
  });

  it('takes refunds granted in the period off the net amount, whenever their case was opened', () => {
    expect(f.afterSales).toEqual({
      cases: 2,
      byType: { complaint: 1, return: 1, exchange: 0, refund: 0, repair: 0, inquiry: 0 },
      refunds: { count: 1, amount: 3000 },
    });
    expect(f.netAmount).toBe(70000);
  });

  it('ranks top customers and products by amount, largest first', () => {
    expect(f.topCustomers).toEqual([
      // The latest name a customer used in the period.
      { customerKey: 'c3', name: '丙公司（新名）', count: 2, amount: 38000 },
      { customerKey: 'c2', name: '李四', count: 1, amount: 20000 },
      { customerKey: 'c1', name: '甲公司', count: 2, amount: 15000 },
    ]);
    expect(f.topProducts).toEqual([
      { sku: 'P3', name: '产品 P3', quantity: 3, amount: 30000 },
      { sku: 'P2', name: '产品 P2', quantity: 6, amount: 24000 },
      { sku: 'P1', name: '产品 P1', quantity: 3, amount: 11000 },
      { sku: 'P4', name: '产品 P4', quantity: 4, amount: 8000 },
    ]);
  });

  it('keeps 10 of each and breaks ties by count, then by key', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      order({
        orderId: `T${i}`,
        createdAt: sh('2026-10-02 12:00'),
        customerKey: `k${String(i).padStart(2, '0')}`,
        customerName: `客户${i}`,
        totalAmount: i < 3 ? 5000 : 1000,
        items: [line(`S${String(i).padStart(2, '0')}`, i === 1 ? 2 : 1, i < 3 ? 5000 : 1000)],
      }),
    );
    // k01 ties k00 and k02 on amount but has a second order of 0 (count 2).
    many.push(
      order({ orderId: 'T99', createdAt: sh('2026-10-02 13:00'), customerKey: 'k01', totalAmount: 0 }),
    );
    const top = computeFigures(many, [], HOLIDAY, 'day', opts);
    expect(top.topCustomers).toHaveLength(10);
    expect(top.topCustomers.map((c) => c.customerKey)).toEqual([
      'k01',
      'k00',
      'k02',
      'k03',
      'k04',
      'k05',
      'k06',
      'k07',
      'k08',
      'k09',
    ]);
    expect(top.topProducts.map((p) => p.sku).slice(0, 4)).toEqual(['S01', 'S00', 'S02', 'S03']);
    expect(top.topProducts).toHaveLength(10);
  });

  it('answers an empty period with zeros and nulls, never NaN', () => {
    const empty = computeFigures(ORDERS, CASES, { from: '2026-12-01', to: '2026-12-01' }, 'day', opts);
    expect(empty.orders).toEqual({ count: 0, amount: 0 });
    expect(empty.netAmount).toBe(0);
    expect(empty.series).toEqual([{ bucket: '2026-12-01', count: 0, amount: 0 }]);
    expect(empty.processing.toApproved).toEqual({ count: 0, medianHours: null, p90Hours: null });
    expect(empty.sla).toEqual({ breached: 0, share: null });
    expect(empty.rush.answeredWithinHourShare).toBeNull();
    expect(empty.rush.windowsCompleteShare).toBeNull();
    expect(empty.rush.onTimeShare).toBeNull();
    expect(empty.topCustomers).toEqual([]);
    expect(JSON.stringify(empty)).not.toMatch(/NaN|Infinity/);
    const change = compareFigures(empty, empty);
    expect(change['orders.count']).toEqual({ current: 0, previous: 0, delta: 0, ratio: null });
  });
});

describe('the previous period and the change (R-REPORT-1)', () => {
  const current = computeFigures(ORDERS, CASES, HOLIDAY, 'day', opts);
  const previous = computeFigures(ORDERS, CASES, BEFORE, 'day', opts);

  it('computes the previous period the same way', () => {
    expect(previous.orders).toEqual({ count: 2, amount: 20000 });
    expect(previous.afterSales.cases).toBe(1);
    expect(previous.afterSales.refunds).toEqual({ count: 1, amount: 2000 });
    expect(previous.netAmount).toBe(18000);
    expect(previous.processing.toApproved.medianHours).toBe(10);
  });

  it('gives delta and ratio, null when the previous figure is 0 or missing', () => {
    const c = compareFigures(current, previous);
    expect(c['orders.count']).toEqual({ current: 5, previous: 2, delta: 3, ratio: 1.5 });
    expect(c['orders.amount']).toEqual({ current: 73000, previous: 20000, delta: 53000, ratio: 2.65 });
    expect(c.netAmount).toEqual({ current: 70000, previous: 18000, delta: 52000, ratio: 2.8889 });
    expect(c['processing.toApproved.medianHours']).toEqual({
      current: 2.25,
      previous: 10,
      delta: -7.75,
      ratio: -0.775,
    });
    expect(c['processing.toDelivered.medianHours']).toEqual({
      current: 48,
      previous: null,
      delta: null,
      ratio: null,
    });
    expect(c['sla.breached']).toEqual({ current: 1, previous: 0, delta: 1, ratio: null });
    expect(c['rush.onTimeShare']).toEqual({ current: 0.5, previous: null, delta: null, ratio: null });
    expect(c['afterSales.cases']).toEqual({ current: 2, previous: 1, delta: 1, ratio: 1 });
    expect(c['afterSales.refunds.amount']).toEqual({
      current: 3000,
      previous: 2000,
      delta: 1000,
      ratio: 0.5,
    });
  });
});

describe('buildReport', () => {
  it('reads both periods and cases far enough back for refunds, and assembles the report', async () => {
    const asked: { what: string; range: TimeRange }[] = [];
    const within = (at: string, r: TimeRange) =>
      Date.parse(at) >= r.start.getTime() && Date.parse(at) < r.end.getTime();
    const source: ReportSource = {
      async orders(range) {
        asked.push({ what: 'orders', range });
        return ORDERS.filter((o) => within(o.createdAt, range));
      },
      async cases(range) {
        asked.push({ what: 'cases', range });
        return CASES.filter((c) => within(c.createdAt, range));
      },
      async rushWindows(ids) {
        asked.push({
          what: `windows ${[...ids].sort().join(',')}`,
          range: { start: new Date(0), end: new Date(0) },
        });
        return new Map([...WINDOWS].filter(([id]) => ids.includes(id)));
      },
    };
    const now = new Date('2026-10-09T02:00:00Z');
    const report = await buildReport(
      { source },
      {
        period: '2026-10-01..2026-10-08',
        timeZone: SH,
        now,
        rush: POLICY_RUSH_SETTINGS,
      },
    );
    expect(asked.map((a) => a.what)).toEqual(['orders', 'cases', 'windows D,E']);
    expect(asked[0]?.range.start.toISOString()).toBe('2026-09-22T16:00:00.000Z');
    expect(asked[0]?.range.end.toISOString()).toBe('2026-10-08T16:00:00.000Z');
    // Cases from 180 days before the previous period.
    expect(asked[1]?.range.start.toISOString()).toBe('2026-03-26T16:00:00.000Z');
    expect(report.period).toEqual(HOLIDAY);
    expect(report.previous.period).toEqual(BEFORE);
    expect(report.orders).toEqual({ count: 5, amount: 73000 });
    expect(report.netAmount).toBe(70000);
    expect(report.previous.netAmount).toBe(18000);
    expect(report.rush.windows).toBe(8);
    expect(report.granularity).toBe('day');
    expect(report.timezone).toBe(SH);
    expect(report.generatedAt).toBe(now.toISOString());
    expect(report.change['orders.count'].ratio).toBe(1.5);
  });
});

describe('fulfilment figures (R-PROC-7, R-TRACK-2, R-TRACK-3)', () => {
  const rows = [
    // Delivered on the evening of the requested day (Beijing): on time; two shipments.
    order({
      orderId: 'F1',
      createdAt: sh('2026-10-02 09:00'),
      status: 'completed',
      requestedDate: '2026-10-05',
      deliveredAt: sh('2026-10-05 21:00'),
      shipments: 2,
    }),
    // Delivered the day after the requested day: late; a delay and a shortage on the way.
    order({
      orderId: 'F2',
      createdAt: sh('2026-10-03 09:00'),
      status: 'delivered',
      requestedDate: '2026-10-04',
      deliveredAt: sh('2026-10-05 09:00'),
      shipments: 1,
      exceptionKinds: ['delay', 'shortage'],
    }),
    order({
      orderId: 'F3',
      createdAt: sh('2026-10-04 09:00'),
      status: 'archived',
      requestedDate: '2026-10-09',
      deliveredAt: sh('2026-10-06 09:00'),
      exceptionKinds: ['delay'],
    }),
    order({
      orderId: 'F4',
      createdAt: sh('2026-10-05 09:00'),
      status: 'in_production',
      requestedDate: '2026-10-09',
      shipments: 1,
    }),
    // Outside the period: not counted.
    order({
      orderId: 'F5',
      createdAt: sh('2026-09-20 09:00'),
      status: 'completed',
      requestedDate: '2026-09-21',
      deliveredAt: sh('2026-09-21 09:00'),
      shipments: 3,
    }),
  ];
  const f = computeFigures(rows, [], HOLIDAY, 'day', opts).fulfilment;

  it('measures delivery against the requested day and the lead time', () => {
    expect(f).toMatchObject({ delivered: 3, deliveredOnTime: 2, onTimeShare: 0.6667 });
    // Lead times 84 h, 48 h, 48 h.
    expect(f.leadTime).toEqual({ count: 3, medianHours: 48, p90Hours: 76.8 });
  });

  it('counts partial shipments, exceptions by kind, completed and archived orders', () => {
    expect(f.partiallyShipped).toBe(1);
    expect(f.exceptionsByKind).toEqual({ shortage: 1, damage: 0, delay: 2, quality: 0 });
    expect(f).toMatchObject({ completed: 1, archived: 1 });
  });
});
