/** Hand-made reports for the tests of report files and emails (shape: shared/reports/report.ts). */
import {
  CHANGE_KEYS,
  type Change,
  type ChangeKey,
  type PeriodFigures,
  type Report,
} from '#shared/reports/report.ts';

const durations = (count: number, medianHours: number | null, p90Hours: number | null) => ({
  count,
  medianHours,
  p90Hours,
});

export function sampleFigures(from: string, to: string, scale = 1): PeriodFigures {
  return {
    period: { from, to },
    orders: { count: 12 * scale, amount: 1_234_550 * scale },
    netAmount: 1_234_550 * scale - 10_000,
    byChannel: {
      web: { count: 8 * scale, amount: 800_000 * scale },
      phone: { count: 3 * scale, amount: 334_550 * scale },
      email: { count: 1 * scale, amount: 100_000 * scale },
    },
    byStatus: {
      received: { count: 2, amount: 200_000 },
      approved: { count: 10 * scale - 2, amount: 1_034_550 * scale - 200_000 },
    },
    byPriority: {
      normal: { count: 9 * scale, amount: 934_550 * scale },
      urgent: { count: 3 * scale, amount: 300_000 * scale },
    },
    series: [{ bucket: from, count: 12 * scale, amount: 1_234_550 * scale }],
    processing: { toApproved: durations(10, 5.5, 20.25), toDelivered: durations(2, 48, 60) },
    sla: { breached: 1, share: 1 / 12 },
    fulfilment: {
      delivered: 2,
      deliveredOnTime: 1,
      onTimeShare: 0.5,
      leadTime: durations(2, 48, 60),
      partiallyShipped: 1,
      exceptionsByKind: { shortage: 0, damage: 1, delay: 2, quality: 0 },
      completed: 1,
      archived: 0,
    },
    changes: {
      requestedByKind: { 'delivery-date': 0, items: 2, cancel: 1 },
      appliedByKind: { 'delivery-date': 1, items: 1, cancel: 1 },
      cancellationsByReason: { customer: 1, price: 0, 'delivery-date': 0, duplicate: 0, other: 0 },
    },
    rush: {
      orders: 3,
      decisionMinutes: 60,
      intervalMinutes: 120,
      decided: 3,
      answeredWithinHour: 2,
      answeredWithinHourShare: 2 / 3,
      windows: 4,
      windowsComplete: 3,
      windowsCompleteShare: 0.75,
      delivered: 1,
      deliveredOnTime: 1,
      onTimeShare: 1,
    },
    approvals: [
      { tier: 'ops', count: 10, approved: 9, rejected: 1, answer: durations(10, 1.5, 3) },
      { tier: 'gm', count: 2, approved: 2, rejected: 0, answer: durations(2, 4, 6) },
    ],
    afterSales: { cases: 2, byType: { return: 1, repair: 1 }, refunds: { count: 1, amount: 10_000 } },
    topCustomers: [
      { customerKey: 'email:buyer@a.example', name: '上海"精密", 机械有限公司', count: 5, amount: 600_000 },
      { customerKey: 'phone:13900000000', name: 'Beijing Trading Co.', count: 3, amount: 300_000 },
    ],
    topProducts: [
      { sku: 'BRG-6204', name: '深沟球轴承 6204', quantity: 120, amount: 150_000 },
      { sku: 'PMP-CUSTOM', name: '定制泵', quantity: 2, amount: 90_000 },
    ],
  };
}

const changeOf = (current: number | null, previous: number | null): Change => {
  const delta = current === null || previous === null ? null : current - previous;
  return { current, previous, delta, ratio: delta === null || !previous ? null : delta / previous };
};

const valueAt = (f: PeriodFigures, key: string): number | null => {
  let v: unknown = f;
  for (const part of key.split('.')) v = (v as Record<string, unknown>)[part];
  return typeof v === 'number' ? v : null;
};

/** A daily report for 2026-11-26 with the day before as the previous period. */
export function sampleReport(overrides: Partial<Report> = {}): Report {
  const current = sampleFigures('2026-11-26', '2026-11-26', 2);
  const previous = sampleFigures('2026-11-25', '2026-11-25', 1);
  const change = Object.fromEntries(
    CHANGE_KEYS.map((k) => [k, changeOf(valueAt(current, k), valueAt(previous, k))]),
  ) as Record<ChangeKey, Change>;
  return {
    ...current,
    timezone: 'Asia/Shanghai',
    granularity: 'day',
    generatedAt: '2026-11-27T00:30:00.000Z',
    previous,
    change,
    ...overrides,
  };
}
