/**
 * One place per setting: numeric settings are parsed by one reader that names the variable and
 * what it must be, and the rush settings reach the reports' labels instead of a fixed
 * "1 h" / "2-hour" (R-RUSH-3, R-RUSH-6).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  inboundDedupeHours,
  numberEnv,
  rushSettings,
  rushWindowsPerExecution,
  workflowTimeScale,
} from '#shared/config.ts';
import { durationWords, POLICY_RUSH_SETTINGS } from '#shared/domain/rush-settings.ts';
import {
  rushEscalatedEmail,
  rushEscalatedSms,
  rushTaskGroupEmail,
} from '#shared/notifications/rush-messages.ts';
import { headlinesOf } from '#shared/reports/report-labels.ts';
import { sampleOrder } from '../support/sample-order.ts';

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe('numberEnv', () => {
  it('gives the default when the variable is unset or blank', () => {
    delete process.env['X_SETTING'];
    expect(numberEnv('X_SETTING', { fallback: 7, unit: 'days', above: 0 })).toBe(7);
    process.env['X_SETTING'] = '  ';
    expect(numberEnv('X_SETTING', { fallback: 7, unit: 'days', above: 0 })).toBe(7);
  });

  it('names the variable, the unit, the bounds and the value it refused', () => {
    process.env['X_SETTING'] = 'soon';
    expect(() => numberEnv('X_SETTING', { fallback: 1, unit: 'minutes', above: 0 })).toThrow(
      'X_SETTING must be a number of minutes (above 0), got "soon"',
    );
    process.env['X_SETTING'] = '2.5';
    expect(() =>
      numberEnv('X_SETTING', { fallback: 1, unit: 'windows', min: 1, max: 9, integer: true }),
    ).toThrow('X_SETTING must be a whole number of windows (at least 1, at most 9), got "2.5"');
  });

  it('is the reader behind the numeric settings', () => {
    process.env['RUSH_WINDOWS_PER_EXECUTION'] = '0';
    expect(() => rushWindowsPerExecution()).toThrow(/RUSH_WINDOWS_PER_EXECUTION must be a whole number/);
    process.env['ORDERDESK_TIME_SCALE'] = '-3';
    expect(() => workflowTimeScale()).toThrow(/ORDERDESK_TIME_SCALE must be a number of times \(above 0\)/);
    process.env['INBOUND_DEDUPE_HOURS'] = '0';
    expect(inboundDedupeHours()).toBe(0);
  });
});

describe('rush settings', () => {
  it('are read together, with the policy defaults', () => {
    delete process.env['RUSH_DECISION_MINUTES'];
    delete process.env['RUSH_REPORT_INTERVAL_MINUTES'];
    expect(rushSettings()).toEqual(POLICY_RUSH_SETTINGS);
    process.env['RUSH_DECISION_MINUTES'] = '30';
    process.env['RUSH_REPORT_INTERVAL_MINUTES'] = '180';
    expect(rushSettings()).toEqual({ decisionMinutes: 30, intervalMinutes: 180 });
  });

  it('are worded as people say them', () => {
    expect(durationWords(60)).toEqual({ zh: '1 小时', en: '1 hour' });
    expect(durationWords(120)).toEqual({ zh: '2 小时', en: '2 hours' });
    expect(durationWords(45)).toEqual({ zh: '45 分钟', en: '45 minutes' });
  });

  it('word the report headlines, so a changed setting changes the labels', () => {
    const label = (decisionMinutes: number, intervalMinutes: number, key: string) =>
      headlinesOf({ rush: { decisionMinutes, intervalMinutes } as never }).find((h) => h.key === key)!;
    expect(label(60, 120, 'rush.answeredWithinHourShare')).toMatchObject({
      zh: '紧急订单1 小时内答复率',
      en: 'Rush orders answered within 1 hour',
    });
    expect(label(30, 180, 'rush.answeredWithinHourShare').en).toBe('Rush orders answered within 30 minutes');
    expect(label(30, 180, 'rush.windowsCompleteShare').zh).toBe('紧急订单每3 小时报告完成率');
    for (const h of headlinesOf({ rush: { decisionMinutes: 30, intervalMinutes: 180 } as never })) {
      expect(`${h.zh} ${h.en}`).not.toMatch(/[{}]/);
    }
  });
});

describe('rush wording follows the settings', () => {
  const order = sampleOrder({ orderNumber: 'OD-20261203-0001' });
  const settings = { decisionMinutes: 30, intervalMinutes: 180 };

  it('says how long leadership had when it escalates (R-RUSH-3)', () => {
    const email = rushEscalatedEmail(order, ['sales@example.com'], settings);
    expect(email.text).toContain('30 分钟内未获领导答复');
    expect(email.text).toContain('within 30 minutes');
    expect(email.text).not.toMatch(/1 ?小时|the hour/);
    expect(rushEscalatedSms(order, '+8613800000000', settings).text).toContain('30 分钟内未获答复');
  });

  it('tells the task group the configured report interval (R-RUSH-6)', () => {
    const group = { lead: 'l@x.cn', sales: 's@x.cn', production: 'p@x.cn', logistics: 'g@x.cn' };
    const email = rushTaskGroupEmail(order, ['l@x.cn'], group, settings);
    expect(email.text).toContain('每 3 小时报告一次进度');
    expect(email.text).toContain('every 3 hours until delivery');
  });
});
