/**
 * Loading a year's official holiday schedule (R-PROC-5) and telling what the working calendar
 * stands on: a gm enters the State Council's holidays and make-up working days (调休) of a year;
 * from then on the calendar uses them for that year (unless the configuration gives the year),
 * and the warning about computed holidays stops.
 */
import * as z from 'zod';
import { type CalendarWarning, calendarWarnings } from '../domain/calendar-warnings.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import { toFieldIssues } from '../domain/validate.ts';
import { scheduleOf, type WorkingCalendar } from '../domain/working-calendar.ts';
import type { StoredHolidaySchedule } from '../entities/holiday-schedule-entity.ts';
import type { Clock } from '../ports.ts';

export interface HolidayScheduleStore {
  list(): Promise<StoredHolidaySchedule[]>;
  /** New when `expectedVersion` is undefined, else a replacement of that version; 'conflict' otherwise. */
  save(schedule: StoredHolidaySchedule, expectedVersion?: number): Promise<'saved' | 'conflict'>;
}

/** The years chinese-days' lunar data covers (1900–2100), and so the computed fallback. */
export const yearSchema = z.coerce.number().int().min(1901).max(2099);

export const holidayScheduleBodySchema = z.strictObject({
  holidays: z.array(z.iso.date()).min(1, 'List the days off of the year'),
  workdays: z.array(z.iso.date()).default([]),
  /** The version being replaced; leave out for a year loaded for the first time. */
  expectedVersion: z.number().int().positive().optional(),
});

export async function loadHolidaySchedule(
  deps: { schedules: HolidayScheduleStore; clock: Clock },
  input: { year: string; body: unknown; actor: string },
): Promise<StoredHolidaySchedule> {
  const year = yearSchema.safeParse(input.year);
  const body = holidayScheduleBodySchema.safeParse(input.body);
  const issues = [
    ...(year.success ? [] : toFieldIssues(year.error).map((i) => ({ ...i, path: 'year' }))),
    ...(body.success ? [] : toFieldIssues(body.error)),
  ];
  if (year.success && body.success) {
    const { holidays, workdays } = body.data;
    holidays.forEach((day, i) => {
      if (!day.startsWith(`${year.data}-`))
        issues.push({ path: `holidays.${i}`, message: `Not in ${year.data}` });
      if (workdays.includes(day))
        issues.push({ path: `holidays.${i}`, message: 'Also listed as a working day' });
    });
    workdays.forEach((day, i) => {
      if (!day.startsWith(`${year.data}-`))
        issues.push({ path: `workdays.${i}`, message: `Not in ${year.data}` });
    });
  }
  if (!year.success || !body.success || issues.length > 0)
    throw new ValidationError('Invalid holiday schedule', issues);
  const { holidays, workdays, expectedVersion } = body.data;
  const schedule: StoredHolidaySchedule = {
    year: year.data,
    holidays: [...new Set(holidays)].sort(),
    workdays: [...new Set(workdays)].sort(),
    loadedBy: input.actor,
    loadedAt: deps.clock.now().toISOString(),
    version: (expectedVersion ?? 0) + 1,
  };
  if ((await deps.schedules.save(schedule, expectedVersion)) === 'conflict') {
    throw new ConflictError(
      expectedVersion === undefined
        ? `The ${year.data} schedule is loaded already: reload the page and replace it`
        : `The ${year.data} schedule was changed by someone else: reload the page`,
    );
  }
  return schedule;
}

export interface CalendarYearStatus {
  year: number;
  /** `loaded`: by a gm; `configured`: WORKING_CALENDAR; `official`: chinese-days; `computed`: provisional. */
  source: 'loaded' | 'configured' | 'official' | 'computed' | 'none';
  holidays: string[];
  workdays: string[];
  loadedBy?: string;
  loadedAt?: string;
  version?: number;
}

export interface CalendarStatus {
  years: CalendarYearStatus[];
  calendarWarnings: CalendarWarning[];
}

/** What the calendar (configuration + loaded years) says of `years`, and its warnings (R-PROC-5). */
export function calendarStatus(
  configured: WorkingCalendar,
  calendar: WorkingCalendar,
  stored: StoredHolidaySchedule[],
  years: number[],
  now: Date,
): CalendarStatus {
  return {
    years: years.map((year) => {
      const resolved = scheduleOf(calendar, year);
      const loaded = stored.find((s) => s.year === year);
      const byConfig = configured.years[String(year)] !== undefined;
      return {
        year,
        source: loaded && !byConfig ? 'loaded' : resolved.source,
        holidays: [...resolved.holidays].sort(),
        workdays: [...resolved.workdays].sort(),
        ...(loaded ? { loadedBy: loaded.loadedBy, loadedAt: loaded.loadedAt, version: loaded.version } : {}),
      };
    }),
    calendarWarnings: calendarWarnings(calendar, now),
  };
}
