import { describe, expect, it } from 'vitest';
import { CALENDAR_CACHE_MS, cachedCalendar } from '#shared/adapters/calendar-source.ts';
import { DEFAULT_CALENDAR, isWorkingDay } from '#shared/domain/working-calendar.ts';
import type { StoredHolidaySchedule } from '#shared/entities/holiday-schedule-entity.ts';
import type { HolidayScheduleStore } from '#shared/use-cases/holiday-schedule-admin.ts';

describe('the calendar the functions use (R-PROC-5)', () => {
  it('adds the loaded years, reads the table at most once per cache period, and again after a load', async () => {
    const stored: StoredHolidaySchedule[] = [];
    let reads = 0;
    const store: HolidayScheduleStore = {
      list: async () => {
        reads++;
        return [...stored];
      },
      save: async () => 'saved',
    };
    let now = 0;
    const source = cachedCalendar(
      () => DEFAULT_CALENDAR,
      () => store,
      () => now,
    );
    expect(isWorkingDay((await source.read()).calendar, '2027-02-08')).toBe(false); // computed Spring Festival
    stored.push({
      year: 2027,
      holidays: ['2027-02-05', '2027-02-06', '2027-02-07'],
      workdays: [],
      loadedBy: 'gm@example.com',
      loadedAt: '2026-12-03T09:00:00.000Z',
      version: 1,
    });
    now += CALENDAR_CACHE_MS - 1;
    expect(isWorkingDay((await source.read()).calendar, '2027-02-08')).toBe(false); // still cached
    expect(reads).toBe(1);
    now += 1;
    expect(isWorkingDay((await source.read()).calendar, '2027-02-08')).toBe(true); // the loaded year
    expect(reads).toBe(2);
    source.forget();
    await source.read();
    expect(reads).toBe(3);
  });
});
