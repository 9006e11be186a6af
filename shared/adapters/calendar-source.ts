/**
 * The working calendar the functions use (R-PROC-5): the configured one (WORKING_CALENDAR) with
 * the years a gm loaded into the table. Read once per process and kept five minutes, so a load
 * reaches every function within minutes at one Query per warm function per five minutes.
 */
import { tableName, workingCalendar } from '../config.ts';
import { type WorkingCalendar, withLoadedYears } from '../domain/working-calendar.ts';
import type { StoredHolidaySchedule } from '../entities/holiday-schedule-entity.ts';
import { perEnvironment } from '../runtime-env.ts';
import type { HolidayScheduleStore } from '../use-cases/holiday-schedule-admin.ts';
import { documentClient } from './dynamo-client.ts';
import { dynamoHolidaySchedules } from './dynamo-holiday-schedules.ts';

export const CALENDAR_CACHE_MS = 5 * 60_000;

export interface LoadedCalendar {
  calendar: WorkingCalendar;
  stored: StoredHolidaySchedule[];
}

export const holidayScheduleStore: () => HolidayScheduleStore = perEnvironment(() =>
  dynamoHolidaySchedules(documentClient(), tableName()),
);

/** A cached reader of `base` plus the stored years; `forget` drops the cache (after a load). */
export function cachedCalendar(
  base: () => WorkingCalendar,
  schedules: () => HolidayScheduleStore,
  now: () => number = Date.now,
) {
  let cached: { at: number; value: Promise<LoadedCalendar> } | undefined;
  return {
    read(): Promise<LoadedCalendar> {
      if (cached && now() - cached.at < CALENDAR_CACHE_MS) return cached.value;
      const value = schedules()
        .list()
        .then((stored) => ({
          stored,
          calendar: withLoadedYears(
            base(),
            Object.fromEntries(
              stored.map((s) => [String(s.year), { holidays: s.holidays, workdays: s.workdays }]),
            ),
          ),
        }));
      const entry = { at: now(), value };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = undefined;
      });
      return value;
    },
    forget(): void {
      cached = undefined;
    },
  };
}

/** One cache per environment: each local system reads its own table. */
const shared = perEnvironment(() => cachedCalendar(workingCalendar, holidayScheduleStore));

/** The configured calendar with the loaded years and those years as stored. */
export const loadedCalendar = (): Promise<LoadedCalendar> => shared().read();
/** The calendar every deadline is computed on. */
export const currentCalendar = async (): Promise<WorkingCalendar> => (await shared().read()).calendar;
/** After a gm's load: this process reads the table again at once. */
export const forgetLoadedCalendar = (): void => shared().forget();
