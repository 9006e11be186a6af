import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  addWorkingHours,
  DEFAULT_CALENDAR,
  isWorkingDay,
  parseCalendar,
} from '#shared/domain/working-calendar.ts';

/** `2026-11-27 10:00` in Asia/Shanghai. */
const cst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const iso = (d: Date) => d.toISOString();

describe('working calendar (R-PROC-5, R-APPR-1)', () => {
  it('counts only working hours of a working day', () => {
    // Friday 10:00 + 4 h: 10–12 (2 h), lunch, 13–15 (2 h).
    expect(iso(addWorkingHours(DEFAULT_CALENDAR, cst('2026-11-27 10:00'), 4))).toBe(
      iso(cst('2026-11-27 15:00')),
    );
  });

  it('carries over the weekend', () => {
    // Friday 16:00 + 4 h: 16–18 (2 h), then Monday 09–11.
    expect(iso(addWorkingHours(DEFAULT_CALENDAR, cst('2026-11-27 16:00'), 4))).toBe(
      iso(cst('2026-11-30 11:00')),
    );
  });

  it('starts counting at the next working period outside working hours', () => {
    expect(iso(addWorkingHours(DEFAULT_CALENDAR, cst('2026-11-28 22:00'), 1))).toBe(
      iso(cst('2026-11-30 10:00')),
    );
    expect(iso(addWorkingHours(DEFAULT_CALENDAR, cst('2026-11-27 12:30'), 1))).toBe(
      iso(cst('2026-11-27 14:00')),
    );
  });

  it('skips public holidays and works on make-up days (调休)', () => {
    expect(isWorkingDay(DEFAULT_CALENDAR, '2026-10-05')).toBe(false); // Monday, National Day
    expect(isWorkingDay(DEFAULT_CALENDAR, '2026-10-10')).toBe(true); // Saturday, make-up day
    expect(isWorkingDay(DEFAULT_CALENDAR, '2026-10-11')).toBe(false); // Sunday
    // Wednesday 30 Sep 17:00 + 2 h: 17–18, then holidays 1–7 Oct, Thursday 8 Oct 09–10.
    expect(iso(addWorkingHours(DEFAULT_CALENDAR, cst('2026-09-30 17:00'), 2))).toBe(
      iso(cst('2026-10-08 10:00')),
    );
  });

  it('measures working days as whole working days (R-PROC-5: 2 working days)', () => {
    // Friday 10:00 + 2 working days → Tuesday 10:00.
    expect(iso(addWorkingDays(DEFAULT_CALENDAR, cst('2026-11-27 10:00'), 2))).toBe(
      iso(cst('2026-12-01 10:00')),
    );
  });

  it('reads a configured calendar and refuses a malformed one', () => {
    const calendar = parseCalendar(JSON.stringify({ holidays: ['2026-11-30'], hours: [['08:00', '17:00']] }));
    expect(iso(addWorkingHours(calendar, cst('2026-11-27 16:00'), 2))).toBe(iso(cst('2026-12-01 09:00')));
    expect(() => parseCalendar(JSON.stringify({ holidays: ['30/11/2026'] }))).toThrow(/WORKING_CALENDAR/);
  });
});
