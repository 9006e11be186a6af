/** Report schedules (R-REPORT-1): configuration, EventBridge conversion, run times in Asia/Shanghai. */
import { describe, expect, it } from 'vitest';
import { nextRuns } from '#shared/reports/next-runs.ts';
import { DEFAULT_SCHEDULES, parseReportSchedules, toEventBridgeCron } from '#shared/reports/schedules.ts';

describe('cron → EventBridge Scheduler', () => {
  it('converts the default schedules', () => {
    expect(toEventBridgeCron(DEFAULT_SCHEDULES.daily.cron)).toBe('cron(30 8 * * ? *)');
    expect(toEventBridgeCron(DEFAULT_SCHEDULES.weekly.cron)).toBe('cron(0 9 ? * 2 *)');
  });

  it('renumbers days of the week (Sunday 0 or 7 → 1) and keeps names', () => {
    expect(toEventBridgeCron('0 9 * * 0')).toBe('cron(0 9 ? * 1 *)');
    expect(toEventBridgeCron('0 9 * * 7')).toBe('cron(0 9 ? * 1 *)');
    expect(toEventBridgeCron('0 8 * * 1-5')).toBe('cron(0 8 ? * 2-6 *)');
    expect(toEventBridgeCron('0 8 * * 1,3,5')).toBe('cron(0 8 ? * 2,4,6 *)');
    expect(toEventBridgeCron('0 8 * * 5-7')).toBe('cron(0 8 ? * 6-7,1 *)');
    expect(toEventBridgeCron('0 8 * * MON-FRI')).toBe('cron(0 8 ? * MON-FRI *)');
    expect(toEventBridgeCron('15 7 1 * *')).toBe('cron(15 7 1 * ? *)');
  });

  it('refuses what EventBridge cannot express', () => {
    expect(() => toEventBridgeCron('0 0 9 * * *')).toThrow(/5 fields/);
    expect(() => toEventBridgeCron('0 9 1 * 1')).toThrow(/both day-of-month and day-of-week/);
    expect(() => toEventBridgeCron('0 9 * * 8')).toThrow(/0–7/);
  });
});

describe('run times in the schedule time zone', () => {
  it('runs the daily report at 08:30 Shanghai, which is 00:30 UTC', () => {
    const runs = nextRuns(DEFAULT_SCHEDULES.daily, 2, new Date('2026-11-26T12:00:00Z'));
    expect(runs.map((d) => d.toISOString())).toEqual([
      '2026-11-27T00:30:00.000Z',
      '2026-11-28T00:30:00.000Z',
    ]);
  });

  it('runs the weekly report on Monday 09:00 Shanghai (01:00 UTC), even from a Sunday evening UTC', () => {
    // Sunday 2026-11-29 20:00 UTC is already Monday 04:00 in Shanghai.
    const [next] = nextRuns(DEFAULT_SCHEDULES.weekly, 1, new Date('2026-11-29T20:00:00Z'));
    expect(next!.toISOString()).toBe('2026-11-30T01:00:00.000Z');
  });

  it('follows another time zone when configured', () => {
    const schedules = parseReportSchedules('{"daily":{"timezone":"Europe/Berlin"}}');
    const [next] = nextRuns(schedules.daily, 1, new Date('2026-11-26T12:00:00Z'));
    expect(next!.toISOString()).toBe('2026-11-27T07:30:00.000Z');
  });
});

describe('REPORT_SCHEDULES', () => {
  it('defaults to daily (yesterday) and weekly (last week) in Asia/Shanghai', () => {
    const s = parseReportSchedules(undefined);
    expect(s.daily).toMatchObject({ cron: '30 8 * * *', period: 'yesterday', timezone: 'Asia/Shanghai' });
    expect(s.weekly).toMatchObject({ cron: '0 9 * * 1', period: 'last-week', timezone: 'Asia/Shanghai' });
    expect(s.daily.recipients.roles).toContain('gm');
  });

  it('lays overrides over the defaults', () => {
    const s = parseReportSchedules(
      JSON.stringify({
        daily: { cron: '0 8 * * 1-5', roles: ['finance'], addresses: ['boss@example.com'] },
        weekly: { enabled: false },
      }),
    );
    expect(s.daily).toMatchObject({
      cron: '0 8 * * 1-5',
      period: 'yesterday',
      recipients: { roles: ['finance'], addresses: ['boss@example.com'] },
    });
    expect(s.weekly.enabled).toBe(false);
    expect(s.weekly.cron).toBe('0 9 * * 1');
  });

  it('names every wrong field in one clear error', () => {
    const bad = JSON.stringify({
      daily: { cron: '61 8 * * *', roles: ['boss'], addresses: ['not-mail'], timezone: 'Mars/Base' },
      monthly: {},
    });
    let message = '';
    try {
      parseReportSchedules(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^REPORT_SCHEDULES is invalid: /);
    for (const field of ['daily.cron', 'daily.roles.0', 'daily.addresses.0', 'daily.timezone', 'monthly']) {
      expect(message).toContain(field);
    }
    expect(() => parseReportSchedules('{daily')).toThrow(/REPORT_SCHEDULES is not valid JSON/);
    expect(() => parseReportSchedules('{"daily":{"cron":"0 9 1 * 1"}}')).toThrow(/daily\.cron/);
  });
});
