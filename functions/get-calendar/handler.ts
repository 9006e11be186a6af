/**
 * GET /api/calendar?year= — what the working calendar stands on (R-PROC-5): this year's and next
 * year's holidays and make-up days with their source, any year asked for, and `calendarWarnings`
 * for years whose holidays are computed, shown on the reports dashboard until a gm loads them
 * (and mailed to ops once a day meanwhile).
 */
import { remindOpsOnce } from '#shared/adapters/calendar-reminders.ts';
import { loadedCalendar } from '#shared/adapters/calendar-source.ts';
import { workingCalendar } from '#shared/config.ts';
import { businessDay } from '#shared/domain/calendar.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { calendarStatus, yearSchema } from '#shared/use-cases/holiday-schedule-admin.ts';

export const handler = httpRoute('get-calendar', async ({ event }) => {
  const now = new Date();
  const thisYear = Number(businessDay(now).slice(0, 4));
  const years = [thisYear, thisYear + 1];
  const asked = event.queryStringParameters?.['year'];
  if (asked !== undefined) {
    const year = yearSchema.safeParse(asked);
    if (!year.success)
      throw new ValidationError('Invalid query', [{ path: 'year', message: 'A year from 1901 to 2099' }]);
    if (!years.includes(year.data)) years.push(year.data);
  }
  const { calendar, stored } = await loadedCalendar();
  const status = calendarStatus(workingCalendar(), calendar, stored, years, now);
  await remindOpsOnce(status.calendarWarnings, now);
  return json(200, status);
});
