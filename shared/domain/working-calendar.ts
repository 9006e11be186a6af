/**
 * The working calendar (R-PROC-5, R-APPR-1): Chinese working days — weekends and public holidays
 * off, make-up working days (调休) on — and working hours, in Asia/Shanghai. Deadlines such as
 * "4 working hours" or "2 working days" are computed on it. The calendar is configuration
 * (`WORKING_CALENDAR`, JSON) and is resolved year by year: a year given by the configuration
 * (or loaded by a gm, shared/use-cases/holiday-schedule-admin.ts) first, then the State Council
 * schedule carried by `chinese-days`, then the statutory holidays computed for that year
 * (shared/domain/holiday-schedules.ts), which are warned about (calendar-warnings.ts).
 */
import * as z from 'zod';
import { officialSchedule, statutorySchedule, type YearSchedule } from './holiday-schedules.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/);
const yearScheduleSchema = z.object({
  /** Public holidays of the year, `YYYY-MM-DD`, days off even on a weekday. */
  holidays: z.array(z.iso.date()).default([]),
  /** Make-up working days (调休) of the year, `YYYY-MM-DD`, working even on a weekend. */
  workdays: z.array(z.iso.date()).default([]),
});

export const workingCalendarSchema = z
  .object({
    /** Holidays of any year (the shape before per-year schedules): each year they touch is configured. */
    holidays: z.array(z.iso.date()).default([]),
    /** Make-up working days of any year, as `holidays`. */
    workdays: z.array(z.iso.date()).default([]),
    /** Per-year schedules, e.g. `{ "2028": { "holidays": [...], "workdays": [...] } }`. */
    years: z.record(z.string().regex(/^\d{4}$/, 'a year such as 2028'), yearScheduleSchema).default({}),
    /** `china`: years not configured use the official or statutory Chinese holidays; `none`: no holidays. */
    publicHolidays: z.enum(['china', 'none']).default('china'),
    /** Days of the week off (0 = Sunday … 6 = Saturday). */
    weekendDays: z.array(z.number().int().min(0).max(6)).default([0, 6]),
    /** Working periods of a working day, `HH:MM` Asia/Shanghai, in order. */
    hours: z
      .array(z.tuple([hhmm, hhmm]))
      .min(1)
      .default([
        ['09:00', '12:00'],
        ['13:00', '18:00'],
      ]),
  })
  .superRefine((value, ctx) => {
    for (const [year, schedule] of Object.entries(value.years)) {
      for (const [field, days] of Object.entries(schedule)) {
        const stray = days.filter((d) => !d.startsWith(`${year}-`));
        if (stray.length > 0)
          ctx.addIssue({
            code: 'custom',
            path: ['years', year, field],
            message: `not in ${year}: ${stray.join(', ')}`,
          });
      }
    }
  })
  .transform(({ holidays, workdays, years, ...rest }): WorkingCalendar => {
    const merged: Record<string, YearSchedule> = {};
    const add = (field: keyof YearSchedule, day: string) => {
      const year = day.slice(0, 4);
      merged[year] ??= { holidays: [], workdays: [] };
      merged[year][field].push(day);
    };
    for (const day of holidays) add('holidays', day);
    for (const day of workdays) add('workdays', day);
    for (const [year, schedule] of Object.entries(years)) {
      for (const day of schedule.holidays) add('holidays', day);
      for (const day of schedule.workdays) add('workdays', day);
      merged[year] ??= { holidays: [], workdays: [] };
    }
    return { ...rest, years: merged };
  });

export interface WorkingCalendar {
  /** The configured (or gm-loaded) schedules by year; other years are resolved (`scheduleOf`). */
  years: Record<string, YearSchedule>;
  publicHolidays: 'china' | 'none';
  weekendDays: number[];
  hours: [string, string][];
}

/** Where a year's holidays came from; `computed` is provisional and warned about (R-PROC-5). */
export type ScheduleSource = 'configured' | 'official' | 'computed' | 'none';

export interface ResolvedYear {
  source: ScheduleSource;
  holidays: Set<string>;
  workdays: Set<string>;
}

/** Defaults: China's public holidays (official where known), Saturday and Sunday off, 09–12 and 13–18. */
export const DEFAULT_CALENDAR: WorkingCalendar = workingCalendarSchema.parse({});

export function parseCalendar(json: string | undefined): WorkingCalendar {
  if (!json) return DEFAULT_CALENDAR;
  const parsed = workingCalendarSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`WORKING_CALENDAR is invalid: ${parsed.error.message}`);
  return parsed.data;
}

/** The calendar with schedules loaded at run time (a gm's) for years the configuration leaves open. */
export const withLoadedYears = (
  calendar: WorkingCalendar,
  loaded: Record<string, YearSchedule>,
): WorkingCalendar =>
  Object.keys(loaded).length === 0 ? calendar : { ...calendar, years: { ...loaded, ...calendar.years } };

const resolved = new WeakMap<WorkingCalendar, Map<number, ResolvedYear>>();

/** The schedule of `year` and where it came from (R-PROC-5). */
export function scheduleOf(calendar: WorkingCalendar, year: number): ResolvedYear {
  let years = resolved.get(calendar);
  if (!years) resolved.set(calendar, (years = new Map()));
  let found = years.get(year);
  if (!found) {
    const [source, schedule]: [ScheduleSource, YearSchedule] = ((): [ScheduleSource, YearSchedule] => {
      const configured = calendar.years[String(year)];
      if (configured) return ['configured', configured];
      if (calendar.publicHolidays === 'none') return ['none', { holidays: [], workdays: [] }];
      const official = officialSchedule(year);
      return official ? ['official', official] : ['computed', statutorySchedule(year)];
    })();
    found = { source, holidays: new Set(schedule.holidays), workdays: new Set(schedule.workdays) };
    years.set(year, found);
  }
  return found;
}

/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isWorkingDay(calendar: WorkingCalendar, day: string): boolean {
  const year = scheduleOf(calendar, Number(day.slice(0, 4)));
  if (year.workdays.has(day)) return true;
  if (year.holidays.has(day)) return false;
  return !calendar.weekendDays.includes(new Date(`${day}T00:00:00Z`).getUTCDay());
}

/** The working periods of the day containing `at`, as UTC instants. */
function periodsOf(calendar: WorkingCalendar, localMidnight: number): [number, number][] {
  const day = new Date(localMidnight).toISOString().slice(0, 10);
  if (!isWorkingDay(calendar, day)) return [];
  return calendar.hours.map(([from, to]) => [
    localMidnight - OFFSET_MS + minutes(from) * 60_000,
    localMidnight - OFFSET_MS + minutes(to) * 60_000,
  ]);
}

/** The instant `workingMs` of working time after `start` (counted only inside working hours). */
export function addWorkingTime(calendar: WorkingCalendar, start: Date, workingMs: number): Date {
  let remaining = workingMs;
  let localMidnight = Math.floor((start.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS;
  for (let guard = 0; guard < 3660; guard++, localMidnight += DAY_MS) {
    for (const [from, to] of periodsOf(calendar, localMidnight)) {
      const begin = Math.max(from, start.getTime());
      if (begin >= to) continue;
      if (begin + remaining <= to) return new Date(begin + remaining);
      remaining -= to - begin;
    }
  }
  throw new Error('No working time in the next ten years of the calendar');
}

export const addWorkingHours = (calendar: WorkingCalendar, start: Date, hours: number): Date =>
  addWorkingTime(calendar, start, hours * 3600_000);

/** Working days: the length of a full working day times `days` (R-PROC-5: 2 working days). */
export function addWorkingDays(calendar: WorkingCalendar, start: Date, days: number): Date {
  const dayLength = calendar.hours.reduce(
    (sum, [from, to]) => sum + (minutes(to) - minutes(from)) * 60_000,
    0,
  );
  return addWorkingTime(calendar, start, days * dayLength);
}
