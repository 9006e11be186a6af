/**
 * PUT /api/calendar/{year} — a gm loads a year's official holiday schedule (R-PROC-5): holidays
 * and make-up working days (调休) as published by the State Council; replaces the computed
 * holidays of that year in every deadline, and ends the warning about them.
 */
import { forgetLoadedCalendar, holidayScheduleStore } from '#shared/adapters/calendar-source.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { loadHolidaySchedule } from '#shared/use-cases/holiday-schedule-admin.ts';

export const handler = httpRoute(
  'load-holiday-schedule',
  async ({ event, staff, body }) => {
    const schedule = await loadHolidaySchedule(
      { schedules: holidayScheduleStore(), clock: systemClock },
      { year: event.pathParameters?.['year'] ?? '', body, actor: staff!.email },
    );
    forgetLoadedCalendar();
    return json(200, schedule);
  },
  { jsonBody: true },
);
