/**
 * The working calendar (R-PROC-5, R-APPR-1): Chinese working days — weekends and public holidays
 * off, make-up working days (调休) on — and working hours, in Asia/Shanghai. Deadlines such as
 * "4 working hours" or "2 working days" are computed on it. The calendar is configuration
 * (`WORKING_CALENDAR`, JSON); the default carries the State Council schedule for 2026.
 */
import * as z from 'zod';

export const workingCalendarSchema = z.object({
  /** Public holidays, `YYYY-MM-DD`, days off even on a weekday. */
  holidays: z.array(z.iso.date()).default([]),
  /** Make-up working days (调休), `YYYY-MM-DD`, working even on a weekend. */
  workdays: z.array(z.iso.date()).default([]),
  /** Days of the week off (0 = Sunday … 6 = Saturday). */
  weekendDays: z.array(z.number().int().min(0).max(6)).default([0, 6]),
  /** Working periods of a working day, `HH:MM` Asia/Shanghai, in order. */
  hours: z
    .array(
      z.tuple([z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/), z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/)]),
    )
    .min(1)
    .default([
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ]),
});

export type WorkingCalendar = z.infer<typeof workingCalendarSchema>;

const range = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
};

/** 2026 holidays and make-up days (国务院办公厅 notice for 2026). Check each year's notice. */
export const DEFAULT_CALENDAR: WorkingCalendar = {
  holidays: [
    ...range('2026-01-01', '2026-01-03'),
    ...range('2026-02-15', '2026-02-23'),
    ...range('2026-04-04', '2026-04-06'),
    ...range('2026-05-01', '2026-05-05'),
    ...range('2026-06-19', '2026-06-21'),
    ...range('2026-09-25', '2026-09-27'),
    ...range('2026-10-01', '2026-10-07'),
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  weekendDays: [0, 6],
  hours: [
    ['09:00', '12:00'],
    ['13:00', '18:00'],
  ],
};

export function parseCalendar(json: string | undefined): WorkingCalendar {
  if (!json) return DEFAULT_CALENDAR;
  const parsed = workingCalendarSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`WORKING_CALENDAR is invalid: ${parsed.error.message}`);
  return parsed.data;
}

/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isWorkingDay(calendar: WorkingCalendar, day: string): boolean {
  if (calendar.workdays.includes(day)) return true;
  if (calendar.holidays.includes(day)) return false;
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
