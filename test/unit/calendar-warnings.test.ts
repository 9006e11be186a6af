import { describe, expect, it } from 'vitest';
import { calendarWarnings } from '#shared/domain/calendar-warnings.ts';
import { DEFAULT_CALENDAR, parseCalendar } from '#shared/domain/working-calendar.ts';

describe('calendar warnings (R-PROC-5)', () => {
  it('names a coming year whose holidays are computed, in both languages', () => {
    const warnings = calendarWarnings(DEFAULT_CALENDAR, new Date('2026-12-03T02:00:00Z'));
    expect(warnings.map((w) => [w.code, w.year])).toEqual([['holidays-computed', 2027]]);
    expect(warnings[0]?.message.zh).toContain('2027 年');
    expect(warnings[0]?.message.en).toContain('official 2027 holiday schedule');
  });

  it('is quiet when the years ahead are official or configured', () => {
    expect(calendarWarnings(DEFAULT_CALENDAR, new Date('2026-06-01T02:00:00Z'))).toEqual([]);
    const configured = parseCalendar(JSON.stringify({ years: { '2027': { holidays: ['2027-01-01'] } } }));
    expect(calendarWarnings(configured, new Date('2026-12-03T02:00:00Z'))).toEqual([]);
    expect(calendarWarnings(configured, new Date('2027-12-03T02:00:00Z')).map((w) => w.year)).toEqual([2028]);
  });
});
