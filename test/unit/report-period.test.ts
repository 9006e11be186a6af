import { describe, expect, it } from 'vitest';
import { indexDays } from '#shared/adapters/dynamo-report-source.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { dayKeys } from '#shared/entities/order-entity.ts';
import {
  bucketOf,
  bucketsOf,
  dayIn,
  periodBounds,
  periodFromRange,
  previousPeriod,
  resolvePeriod,
  startOfDay,
} from '#shared/reports/period.ts';

const SH = 'Asia/Shanghai';

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('report periods in the report time zone (R-REPORT-1, R-REPORT-2)', () => {
  it('puts an order at 2026-11-26T16:30Z on 2026-11-27 in Shanghai, in the index and in the report', () => {
    const at = new Date('2026-11-26T16:30:00Z');
    expect(dayIn(at, SH)).toBe('2026-11-27');
    expect(dayIn(at, 'UTC')).toBe('2026-11-26');
    expect(dayKeys({ createdAt: at.toISOString() })).toEqual({
      dayPk: 'DAY#2026-11-27',
      daySk: at.toISOString(),
    });
    const { start, end } = periodBounds({ from: '2026-11-27', to: '2026-11-27' }, SH);
    expect(start.toISOString()).toBe('2026-11-26T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(at >= start && at < end).toBe(true);
  });

  it('resolves today and yesterday by the Shanghai day, not the UTC one', () => {
    // 2026-11-26T17:00Z is already Friday 27 November 01:00 in Shanghai.
    const now = new Date('2026-11-26T17:00:00Z');
    expect(resolvePeriod('today', now, SH)).toEqual({ from: '2026-11-27', to: '2026-11-27' });
    expect(resolvePeriod('yesterday', now, SH)).toEqual({ from: '2026-11-26', to: '2026-11-26' });
    expect(resolvePeriod('yesterday', now, 'UTC')).toEqual({ from: '2026-11-25', to: '2026-11-25' });
  });

  it('takes last-week as Monday to Sunday before the current week, on a Monday and on a Sunday', () => {
    // Monday 30 November 2026, 08:00 in Shanghai.
    expect(resolvePeriod('last-week', new Date('2026-11-30T00:00:00Z'), SH)).toEqual({
      from: '2026-11-23',
      to: '2026-11-29',
    });
    // Sunday 29 November 2026, 23:30 in Shanghai: the current week is 23–29, so last week is 16–22.
    expect(resolvePeriod('last-week', new Date('2026-11-29T15:30:00Z'), SH)).toEqual({
      from: '2026-11-16',
      to: '2026-11-22',
    });
    // The same instant is still Sunday 29 Nov in UTC but Monday 30 Nov at 00:30 in Shanghai.
    expect(resolvePeriod('last-week', new Date('2026-11-29T16:30:00Z'), SH)).toEqual({
      from: '2026-11-23',
      to: '2026-11-29',
    });
  });

  it('accepts explicit ranges and refuses bad ones field by field', () => {
    expect(resolvePeriod('2026-10-01..2026-10-08', new Date(), SH)).toEqual({
      from: '2026-10-01',
      to: '2026-10-08',
    });
    expect(issuesOf(() => resolvePeriod('last-month', new Date(), SH))).toEqual([
      { path: 'period', message: 'Must be today, yesterday, last-week or YYYY-MM-DD..YYYY-MM-DD' },
    ]);
    expect(issuesOf(() => resolvePeriod('2026-02-30..2026-03-01', new Date(), SH))[0]?.message).toMatch(
      /real date/,
    );
    expect(issuesOf(() => periodFromRange('2026-11-02', '2026-11-01'))).toEqual([
      { path: 'to', message: 'Must be on or after from (2026-11-02)' },
    ]);
    expect(issuesOf(() => periodFromRange('2025-01-01', '2026-01-02'))[0]).toEqual({
      path: 'to',
      message: 'The period is 367 days; at most 366',
    });
    expect(periodFromRange('2024-01-01', '2024-12-31')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(issuesOf(() => periodFromRange('2026-13-01', 'x')).map((i) => i.path)).toEqual(['from', 'to']);
  });

  it('compares with the period of the same length just before', () => {
    expect(previousPeriod({ from: '2026-11-26', to: '2026-11-26' })).toEqual({
      from: '2026-11-25',
      to: '2026-11-25',
    });
    expect(previousPeriod({ from: '2026-10-01', to: '2026-10-08' })).toEqual({
      from: '2026-09-23',
      to: '2026-09-30',
    });
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: '2026-01-29',
      to: '2026-02-28',
    });
  });

  it('buckets by day, by week from Monday, and by month, every bucket listed', () => {
    expect(bucketOf('2026-11-29', 'week')).toBe('2026-11-23');
    expect(bucketOf('2026-11-30', 'week')).toBe('2026-11-30');
    expect(bucketOf('2026-11-29', 'month')).toBe('2026-11-01');
    expect(bucketsOf({ from: '2026-09-30', to: '2026-10-02' }, 'day')).toEqual([
      '2026-09-30',
      '2026-10-01',
      '2026-10-02',
    ]);
    expect(bucketsOf({ from: '2026-09-30', to: '2026-10-12' }, 'week')).toEqual([
      '2026-09-28',
      '2026-10-05',
      '2026-10-12',
    ]);
    expect(bucketsOf({ from: '2026-11-15', to: '2027-01-03' }, 'month')).toEqual([
      '2026-11-01',
      '2026-12-01',
      '2027-01-01',
    ]);
  });

  it('finds where a day starts in a zone with daylight saving time', () => {
    // New York: 8 March 2026 starts at 05:00Z (EST), 9 March at 04:00Z (EDT).
    expect(startOfDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('reads the Shanghai index days a range in another zone touches', () => {
    expect(indexDays(periodBounds({ from: '2026-11-27', to: '2026-11-27' }, SH))).toEqual(['2026-11-27']);
    // A UTC day spans two Shanghai days (08:00 to 08:00).
    expect(indexDays(periodBounds({ from: '2026-11-27', to: '2026-11-27' }, 'UTC'))).toEqual([
      '2026-11-27',
      '2026-11-28',
    ]);
  });
});
