/**
 * Loud warnings about a provisional working calendar (R-PROC-5): a year whose holidays were
 * computed (statutory days, no 调休) makes deadlines that may be wrong, so it is named at start,
 * on the reports dashboard and to ops until the year's official schedule is loaded.
 */
import { businessDay } from './calendar.ts';
import { scheduleOf, type WorkingCalendar } from './working-calendar.ts';

/** How far ahead deadlines may reach: a year starting within this many days is warned about. */
export const WARN_AHEAD_DAYS = 60;

export interface CalendarWarning {
  code: 'holidays-computed';
  year: number;
  message: { zh: string; en: string };
}

/** The years from today to `WARN_AHEAD_DAYS` ahead whose holidays are computed, not official. */
export function calendarWarnings(calendar: WorkingCalendar, now: Date): CalendarWarning[] {
  const first = Number(businessDay(now).slice(0, 4));
  const last = Number(businessDay(new Date(now.getTime() + WARN_AHEAD_DAYS * 86_400_000)).slice(0, 4));
  const warnings: CalendarWarning[] = [];
  for (let year = first; year <= last; year++) {
    if (scheduleOf(calendar, year).source !== 'computed') continue;
    warnings.push({
      code: 'holidays-computed',
      year,
      message: {
        zh: `${year} 年的国务院放假安排尚未载入：工作日历按法定节假日推算，不含调休，截止时间可能有误。请由总经理在“工作日历”页面载入，或配置 WORKING_CALENDAR。`,
        en: `The official ${year} holiday schedule is not loaded: the working calendar uses computed statutory holidays without make-up working days, so deadlines may be wrong. A gm can load it on the Working calendar page, or set WORKING_CALENDAR.`,
      },
    });
  }
  return warnings;
}
