/**
 * When a report schedule runs next, by croner in the schedule's zone (R-REPORT-1) — the same
 * library the local scheduler runs it with. Kept apart from schedules.ts so functions on AWS
 * (where EventBridge Scheduler runs the cron) do not bundle croner.
 */
import { Cron } from 'croner';
import type { ReportSchedule } from './schedules.ts';

/** The next `count` run times of a schedule after `after`. */
export const nextRuns = (
  schedule: Pick<ReportSchedule, 'cron' | 'timezone'>,
  count: number,
  after: Date,
): Date[] => new Cron(schedule.cron, { timezone: schedule.timezone, paused: true }).nextRuns(count, after);
