/**
 * Report periods (R-REPORT-1, R-REPORT-2): which days a report covers, in the report time zone
 * (Asia/Shanghai unless `REPORT_TIME_ZONE` says otherwise). A period is whole calendar days,
 * both ends inclusive — weekends and public holidays count like any other day (the report
 * counts what happened; the working calendar matters only to the SLA, which the order carries).
 *
 * Days are handled as `YYYY-MM-DD` strings; arithmetic on them goes through UTC dates, so it
 * never depends on the machine's time zone. Instants (where a day starts) go through `Intl`.
 */
import { type FieldIssue, ValidationError } from '../domain/errors.ts';
import type { Granularity, ReportPeriod } from './report.ts';

/** The longest period a report covers (a year, leap day included). */
export const MAX_PERIOD_DAYS = 366;

export const GRANULARITIES = ['day', 'week', 'month'] as const satisfies readonly Granularity[];

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written `YYYY-MM-DD` (no 2026-02-30). */
export function isDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === value;
}

const dayToUtc = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const utcToDay = (t: number): string => new Date(t).toISOString().slice(0, 10);

export const addDays = (day: string, days: number): string => utcToDay(dayToUtc(day) + days * DAY_MS);

/** Whole days from `a` to `b` (b − a). */
export const daysBetween = (a: string, b: string): number => Math.round((dayToUtc(b) - dayToUtc(a)) / DAY_MS);

/** Days of a period, both ends counted. */
export const periodDays = (p: ReportPeriod): number => daysBetween(p.from, p.to) + 1;

/** 1 = Monday … 7 = Sunday. */
const isoWeekday = (day: string): number => new Date(dayToUtc(day)).getUTCDay() || 7;

const formats = new Map<string, Intl.DateTimeFormat>();
function parts(at: Date, timeZone: string): Record<string, number> {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The `YYYY-MM-DD` day of an instant in a time zone. */
export function dayIn(at: Date, timeZone: string): string {
  const p = parts(at, timeZone);
  return utcToDay(Date.UTC(p['year']!, p['month']! - 1, p['day']!));
}

/** Offset of the zone from UTC at an instant, in ms (Shanghai: +8 h). */
function offsetMs(at: number, timeZone: string): number {
  const p = parts(new Date(at), timeZone);
  const wall = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant a day starts in a time zone (midnight, or the first instant after a DST gap). */
export function startOfDay(day: string, timeZone: string): Date {
  const wall = dayToUtc(day);
  let t = wall - offsetMs(wall, timeZone);
  t = wall - offsetMs(t, timeZone);
  return new Date(t);
}

/** The instants a period covers: from the start of `from` to the start of the day after `to`. */
export function periodBounds(p: ReportPeriod, timeZone: string): { start: Date; end: Date } {
  return { start: startOfDay(p.from, timeZone), end: startOfDay(addDays(p.to, 1), timeZone) };
}

/** The period of the same length that ends the day before this one starts. */
export function previousPeriod(p: ReportPeriod): ReportPeriod {
  const days = periodDays(p);
  return { from: addDays(p.from, -days), to: addDays(p.from, -1) };
}

/** The first day of the bucket a day falls in: the day, the Monday of its week, the 1st of its month. */
export function bucketOf(day: string, granularity: Granularity): string {
  if (granularity === 'week') return addDays(day, 1 - isoWeekday(day));
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  return day;
}

/** Every bucket a period touches, in order (the first may start before the period). */
export function bucketsOf(p: ReportPeriod, granularity: Granularity): string[] {
  const out: string[] = [];
  for (let day = bucketOf(p.from, granularity); day <= p.to; ) {
    out.push(day);
    if (granularity === 'day') day = addDays(day, 1);
    else if (granularity === 'week') day = addDays(day, 7);
    else {
      const [y, m] = day.split('-').map(Number) as [number, number];
      day = utcToDay(Date.UTC(y, m, 1));
    }
  }
  return out;
}

/** The field-by-field problems of a from/to pair; empty when it is a valid period. */
export function periodIssues(from: string, to: string, fields = { from: 'from', to: 'to' }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isDay(from)) issues.push({ path: fields.from, message: 'Must be a real date YYYY-MM-DD' });
  if (!isDay(to)) issues.push({ path: fields.to, message: 'Must be a real date YYYY-MM-DD' });
  if (issues.length) return issues;
  if (from > to) issues.push({ path: fields.to, message: `Must be on or after ${fields.from} (${from})` });
  else if (periodDays({ from, to }) > MAX_PERIOD_DAYS)
    issues.push({
      path: fields.to,
      message: `The period is ${periodDays({ from, to })} days; at most ${MAX_PERIOD_DAYS}`,
    });
  return issues;
}

/** A period from two days; throws ValidationError field by field. */
export function periodFromRange(from: string, to: string, fields = { from: 'from', to: 'to' }): ReportPeriod {
  const issues = periodIssues(from, to, fields);
  if (issues.length) throw new ValidationError('Invalid period', issues);
  return { from, to };
}

/**
 * A period from its name as the schedules, the CLI and the API write it: `today`,
 * `yesterday`, `last-week` (Monday–Sunday of the week before the current one), or
 * `YYYY-MM-DD..YYYY-MM-DD`. "Now" is read in the given time zone. Throws ValidationError
 * (path `period`) when the spec is none of these or not a valid range.
 */
export function resolvePeriod(spec: string, now: Date, timeZone: string, field = 'period'): ReportPeriod {
  const today = dayIn(now, timeZone);
  const s = spec.trim();
  if (s === 'today') return { from: today, to: today };
  if (s === 'yesterday') {
    const day = addDays(today, -1);
    return { from: day, to: day };
  }
  if (s === 'last-week') {
    const monday = addDays(today, 1 - isoWeekday(today));
    return { from: addDays(monday, -7), to: addDays(monday, -1) };
  }
  const range = /^(\S+)\.\.(\S+)$/.exec(s);
  if (!range) {
    throw new ValidationError('Invalid period', [
      { path: field, message: 'Must be today, yesterday, last-week or YYYY-MM-DD..YYYY-MM-DD' },
    ]);
  }
  const issues = periodIssues(range[1]!, range[2]!, { from: field, to: field });
  if (issues.length) throw new ValidationError('Invalid period', issues);
  return { from: range[1]!, to: range[2]! };
}
