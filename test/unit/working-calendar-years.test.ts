import { describe, expect, it } from 'vitest';
import { solarOfLunar, statutorySchedule } from '#shared/domain/holiday-schedules.ts';
import {
  addWorkingDays,
  DEFAULT_CALENDAR,
  isWorkingDay,
  parseCalendar,
  scheduleOf,
  withLoadedYears,
} from '#shared/domain/working-calendar.ts';

/** `2027-02-04 10:00` in Asia/Shanghai. */
const cst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const iso = (d: Date) => d.toISOString();

describe('working calendar past 2026 (R-PROC-5)', () => {
  it('does not count the 2027 Spring Festival as working days', () => {
    // Spring Festival 2027: eve Fri 5 Feb, 1st–3rd Sat 6 – Mon 8 Feb; the weekend days are made up
    // on Tue 9 and Wed 10 Feb. Thu 4 Feb 10:00 + 2 working days → Fri 12 Feb 10:00.
    for (const day of ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']) {
      expect(isWorkingDay(DEFAULT_CALENDAR, day), day).toBe(false);
    }
    expect(iso(addWorkingDays(DEFAULT_CALENDAR, cst('2027-02-04 10:00'), 2))).toBe(
      iso(cst('2027-02-12 10:00')),
    );
  });

  it('uses the official schedule where chinese-days has it, with its 调休', () => {
    expect(scheduleOf(DEFAULT_CALENDAR, 2026).source).toBe('official');
    expect(isWorkingDay(DEFAULT_CALENDAR, '2026-02-23')).toBe(false); // Monday, Spring Festival
    expect(isWorkingDay(DEFAULT_CALENDAR, '2026-02-28')).toBe(true); // Saturday, make-up day
    // No official 2027 schedule yet: computed, and warned about (calendar-warnings.test.ts).
    expect(scheduleOf(DEFAULT_CALENDAR, 2027).source).toBe('computed');
  });

  it('computes a far year from lunar dates (2031)', () => {
    // Known dates: Spring Festival 23 Jan 2031, Dragon Boat 24 Jun, Mid-Autumn 1 Oct (with National Day).
    expect(solarOfLunar(2031, 1, 1)).toBe('2031-01-23');
    expect(solarOfLunar(2031, 5, 5)).toBe('2031-06-24');
    expect(solarOfLunar(2031, 8, 15)).toBe('2031-10-01');
    expect(statutorySchedule(2031)).toEqual({
      holidays: [
        '2031-01-01',
        // eve Wed 22 – Sat 25 Jan; Saturday made up on Monday 27
        '2031-01-22',
        '2031-01-23',
        '2031-01-24',
        '2031-01-25',
        '2031-01-27',
        // Qingming Sat 5 Apr, made up on Monday 7
        '2031-04-05',
        '2031-04-07',
        '2031-05-01',
        '2031-05-02',
        '2031-06-24',
        // Mid-Autumn and National Day share 1 Oct: one more day, after the weekend
        '2031-10-01',
        '2031-10-02',
        '2031-10-03',
        '2031-10-06',
      ],
      workdays: [],
    });
    expect(isWorkingDay(DEFAULT_CALENDAR, '2031-01-24')).toBe(false);
    expect(isWorkingDay(DEFAULT_CALENDAR, '2031-01-28')).toBe(true);
  });

  it('reads per-year schedules and keeps the flat shape working', () => {
    const calendar = parseCalendar(
      JSON.stringify({
        years: { '2028': { holidays: ['2028-01-25', '2028-01-26'], workdays: ['2028-01-29'] } },
        holidays: ['2029-03-01'],
      }),
    );
    expect(scheduleOf(calendar, 2028).source).toBe('configured');
    expect(isWorkingDay(calendar, '2028-01-25')).toBe(false);
    expect(isWorkingDay(calendar, '2028-01-29')).toBe(true); // Saturday, make-up day
    expect(isWorkingDay(calendar, '2028-10-02')).toBe(true); // the configured year is the whole truth
    // The flat shape configures each year it touches: 2029 has just 1 March off.
    expect(scheduleOf(calendar, 2029).source).toBe('configured');
    expect(isWorkingDay(calendar, '2029-03-01')).toBe(false);
    expect(isWorkingDay(calendar, '2029-01-01')).toBe(true);
    // Other years still follow China's holidays.
    expect(isWorkingDay(calendar, '2027-02-08')).toBe(false);
    expect(() => parseCalendar(JSON.stringify({ years: { '2028': { holidays: ['2029-01-01'] } } }))).toThrow(
      /not in 2028/,
    );
  });

  it('can leave out public holidays altogether, and takes a loaded year', () => {
    const none = parseCalendar(JSON.stringify({ publicHolidays: 'none' }));
    expect(isWorkingDay(none, '2027-02-08')).toBe(true);
    const loaded = withLoadedYears(DEFAULT_CALENDAR, { '2027': { holidays: ['2027-02-11'], workdays: [] } });
    expect(scheduleOf(loaded, 2027).source).toBe('configured');
    expect(isWorkingDay(loaded, '2027-02-08')).toBe(true);
    expect(isWorkingDay(loaded, '2027-02-11')).toBe(false);
  });
});
