/**
 * At `npm start`, the working calendar's warnings (R-PROC-5): a year ahead whose holidays are
 * computed, not the official schedule, is printed loudly and mailed to ops (at most once a day;
 * the email lands in the local outbox).
 */
import { remindOpsOnce } from '#shared/adapters/calendar-reminders.ts';
import { loadedCalendar } from '#shared/adapters/calendar-source.ts';
import { calendarWarnings } from '#shared/domain/calendar-warnings.ts';

export async function noticeCalendar(
  baseUrl: string,
  log: (line: string) => void = console.warn,
): Promise<number[]> {
  const now = new Date();
  const warnings = calendarWarnings((await loadedCalendar()).calendar, now);
  for (const warning of warnings) {
    const rule = '!'.repeat(78);
    log(
      [
        '',
        rule,
        `  WORKING CALENDAR ${warning.year}: NO OFFICIAL HOLIDAY SCHEDULE / ${warning.year} 年放假安排未载入`,
        `  ${warning.message.zh}`,
        `  ${warning.message.en}`,
        `  → ${baseUrl}/staff/calendar.html`,
        rule,
        '',
      ].join('\n'),
    );
  }
  await remindOpsOnce(warnings, now);
  return warnings.map((w) => w.year);
}
