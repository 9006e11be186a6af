/**
 * A year's official holiday schedule loaded by a gm (R-PROC-5): the State Council's holidays and
 * make-up working days (调休), one item per year, versioned so that two gms loading the same
 * year at once cannot overwrite each other unknowingly.
 */
import type { YearSchedule } from '../domain/holiday-schedules.ts';

export interface StoredHolidaySchedule extends YearSchedule {
  year: number;
  /** Email of the gm who loaded it. */
  loadedBy: string;
  loadedAt: string;
  /** 1 for the first load, one more for each replacement. */
  version: number;
}

export const holidayScheduleKey = (year: number) => ({ pk: 'CALENDAR', sk: `YEAR#${year}` });

export const holidayScheduleToItem = (schedule: StoredHolidaySchedule) => ({
  ...holidayScheduleKey(schedule.year),
  entity: 'holiday-schedule',
  ...schedule,
});
