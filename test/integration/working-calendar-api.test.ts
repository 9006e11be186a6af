/**
 * The working calendar's API on the real local system (R-PROC-5): GET /api/calendar tells each
 * year's source and warns about computed holidays (fed to the reports dashboard and mailed to
 * ops once a day); PUT /api/calendar/{year} lets a gm load a year's official schedule, with
 * conditional writes, after which the year is no longer computed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeCalendar } from '#local/calendar-notice.ts';
import type { CalendarStatus } from '#shared/use-cases/holiday-schedule-admin.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  delete process.env['WORKING_CALENDAR'];
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.close();
});

const status = async (query = '', role = 'finance'): Promise<CalendarStatus> => {
  const res = await sys.api(`/api/calendar${query}`, { token: await sys.login(role) });
  expect(res.status).toBe(200);
  return (await res.json()) as CalendarStatus;
};
const load = async (year: number | string, body: unknown, role = 'gm') =>
  sys.api(`/api/calendar/${year}`, { method: 'PUT', json: body, token: await sys.login(role) });

describe('working calendar API (R-PROC-5)', () => {
  it('computes a far year without an official schedule and says so', async () => {
    const far = (await status('?year=2031')).years.find((y) => y.year === 2031);
    expect(far?.source).toBe('computed');
    expect(far?.holidays).toContain('2031-01-23'); // Spring Festival
    expect(far?.workdays).toEqual([]);
  });

  it('warns about every coming year whose holidays are computed, and mails ops once a day', async () => {
    const { years, calendarWarnings } = await status();
    const computed = years.filter((y) => y.source === 'computed').map((y) => y.year);
    for (const warning of calendarWarnings) {
      expect(computed).toContain(warning.year);
      expect(warning.message.zh).toContain(`${warning.year} 年`);
      expect(warning.message.en).toContain(`${warning.year}`);
    }
    await status(); // a second read the same day sends nothing more
    const reminders = (await sys.outbox()).filter((m) => m.subject.includes('holiday schedule not loaded'));
    expect(reminders.map((m) => m.subject).sort()).toEqual(
      calendarWarnings
        .map((w) => `【工作日历】${w.year} 年放假安排未载入 / ${w.year} holiday schedule not loaded`)
        .sort(),
    );
  });

  it('prints the same warnings loudly at npm start, naming the year', async () => {
    const lines: string[] = [];
    const years = await sys.run(() => noticeCalendar(sys.baseUrl, (line) => lines.push(line)));
    expect(years).toEqual((await status()).calendarWarnings.map((w) => w.year));
    for (const year of years)
      expect(lines.join('\n')).toContain(`WORKING CALENDAR ${year}: NO OFFICIAL HOLIDAY SCHEDULE`);
  });

  it('lets only a gm load a schedule, field by field', async () => {
    expect((await load(2031, { holidays: ['2031-01-01'] }, 'ops')).status).toBe(403);
    const bad = await load(2031, { holidays: ['2030-12-31', 'soon'], workdays: ['2031-01-01'], extra: 1 });
    expect(bad.status).toBe(400);
    const { issues } = (await bad.json()) as { issues: { path: string }[] };
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['holidays.1', '']));
    const overlap = await load(2031, { holidays: ['2030-12-31', '2031-01-01'], workdays: ['2031-01-01'] });
    expect(((await overlap.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'holidays.0',
      'holidays.1',
    ]);
    expect((await load('20x1', { holidays: ['2031-01-01'] })).status).toBe(400);
  });

  it('uses a loaded year instead of the computed one, and refuses a blind overwrite', async () => {
    const first = await load(2031, { holidays: ['2031-01-01', '2031-01-22'], workdays: ['2031-01-18'] });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { version: number }).version).toBe(1);
    const year = (await status('?year=2031')).years.find((y) => y.year === 2031);
    expect(year).toMatchObject({
      source: 'loaded',
      holidays: ['2031-01-01', '2031-01-22'],
      workdays: ['2031-01-18'],
    });
    expect((await load(2031, { holidays: ['2031-01-01'] })).status).toBe(409);
    expect((await load(2031, { holidays: ['2031-01-01'], expectedVersion: 2 })).status).toBe(409);
    expect((await load(2031, { holidays: ['2031-01-01'], expectedVersion: 1 })).status).toBe(200);
  });

  it('stops warning once the warned years are loaded', async () => {
    for (const warning of (await status()).calendarWarnings) {
      expect((await load(warning.year, { holidays: [`${warning.year}-01-01`] })).status).toBe(200);
    }
    expect((await status()).calendarWarnings).toEqual([]);
  });
});
