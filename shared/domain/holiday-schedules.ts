/**
 * Where a year's public holidays come from when the configuration does not give them (R-PROC-5):
 * the State Council's official schedule as carried by the `chinese-days` package (holidays and
 * make-up working days 调休), or, for a year it does not carry yet, the statutory holidays
 * computed from the lunar calendar — without 调休, so the result is provisional and is warned
 * about until the year's official schedule is loaded.
 */
import chineseDays from 'chinese-days';

/** One year's days off and make-up working days, `YYYY-MM-DD`. */
export interface YearSchedule {
  holidays: string[];
  workdays: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');
/** `YYYY-MM-DD` of a local-midnight Date (chinese-days works in the process's local time). */
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const addDays = (day: string, n: number): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

const official = new Map<number, YearSchedule | undefined>();

/** The official schedule of `year` carried by chinese-days, or undefined when it has none. */
export function officialSchedule(year: number): YearSchedule | undefined {
  if (official.has(year)) return official.get(year);
  const holidays: string[] = [];
  const workdays: string[] = [];
  for (let d = new Date(year, 0, 1); d.getFullYear() === year; d.setDate(d.getDate() + 1)) {
    const detail = chineseDays.getDayDetail(new Date(d));
    // A weekday's name is 'Monday' …; a day of the schedule is named 'Spring Festival,春节,4'.
    if (!detail.name.includes(',')) continue;
    (detail.work ? workdays : holidays).push(dayOf(d));
  }
  const schedule = holidays.length > 0 ? { holidays, workdays } : undefined;
  official.set(year, schedule);
  return schedule;
}

/** The Gregorian day of a lunar date (month 1–12, not a leap month) of lunar year `year`. */
export const solarOfLunar = (year: number, month: number, day: number): string =>
  chineseDays.getSolarDateFromLunar(new Date(year, month - 1, day)).date;

/**
 * The statutory holidays of `year` (全国年节及纪念日放假办法, as revised for 2025): New Year's
 * Day 1 Jan; Spring Festival eve and the 1st–3rd days of the first lunar month; Qingming (the
 * solar term's day); Labour Day 1–2 May; Dragon Boat (lunar 5/5); Mid-Autumn (lunar 8/15);
 * National Day 1–3 Oct. A holiday day on a weekend, or on another holiday, is made up by the
 * next weekday after it (补假). No 调休: only the State Council's notice decides those.
 */
export function statutorySchedule(year: number): YearSchedule {
  const newYear = solarOfLunar(year, 1, 1);
  const festivals: string[][] = [
    [`${year}-01-01`],
    [addDays(newYear, -1), newYear, addDays(newYear, 1), addDays(newYear, 2)],
    // The solar term's day (chinese-days formats it in local time: run in UTC or east of it).
    [chineseDays.getSolarTermDate(year, 4, 'pure_brightness')],
    [`${year}-05-01`, `${year}-05-02`],
    [solarOfLunar(year, 5, 5)],
    [solarOfLunar(year, 8, 15)],
    [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`],
  ].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
  const off = new Set<string>();
  for (const days of festivals) {
    let owed = 0;
    for (const day of days) {
      if (isWeekend(day) || off.has(day)) owed++;
      off.add(day);
    }
    for (let day = addDays(days[days.length - 1] ?? '', 1); owed > 0; day = addDays(day, 1)) {
      if (isWeekend(day) || off.has(day)) continue;
      off.add(day);
      owed--;
    }
  }
  return { holidays: [...off].filter((d) => d.startsWith(`${year}-`)).sort(), workdays: [] };
}
