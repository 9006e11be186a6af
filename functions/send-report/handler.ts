/**
 * A report schedule fired (R-REPORT-1): EventBridge Scheduler on AWS, the croner job of
 * local/report-scheduler.ts locally, both with `{ schedule, period? }`. Idempotent by schedule
 * and period; a failure throws, so the invocation is retried and then alerted.
 */

import * as z from 'zod';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { claimOnce } from '#shared/adapters/dynamo-conditions.ts';
import { reportDeps } from '#shared/adapters/report-adapters.ts';
import { sqsStaffAlerts } from '#shared/adapters/robot-alerts.ts';
import { reportSchedules, robotQueueUrl, tableName } from '#shared/config.ts';
import { businessDay } from '#shared/domain/calendar.ts';
import { ConflictError, ValidationError } from '#shared/domain/errors.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { reportFailedAlert } from '#shared/notifications/staff-alerts.ts';
import { log } from '#shared/observability/logger.ts';
import { countEvent } from '#shared/observability/metrics.ts';
import { observed } from '#shared/observability/observed.ts';
import type { StaffAlerts } from '#shared/ports.ts';
import { REPORT_SCHEDULE_NAMES } from '#shared/reports/schedules.ts';
import { perEnvironment } from '#shared/runtime-env.ts';
import { sendReport } from '#shared/use-cases/send-report.ts';

export const sendReportEventSchema = z.strictObject({
  schedule: z.enum(REPORT_SCHEDULE_NAMES),
  /** A catch-up run: `YYYY-MM-DD..YYYY-MM-DD` (or another period name) instead of the schedule's. */
  period: z.string().min(1).optional(),
});

const alerts = perEnvironment((): StaffAlerts => sqsStaffAlerts(robotQueueUrl()));

export const handler = observed(async (event: unknown) => {
  const parsed = sendReportEventSchema.safeParse(event);
  if (!parsed.success) throw new ValidationError('Invalid report event', toFieldIssues(parsed.error));
  const schedule = reportSchedules()[parsed.data.schedule];
  const result = await sendReport(reportDeps(), {
    kind: 'scheduled',
    schedule,
    ...(parsed.data.period ? { period: parsed.data.period } : {}),
  }).catch(async (error: Error) => {
    // Another run sending the same period is no failure; anything else tells staff at once —
    // once per schedule, period (or day) and error, not once per retried attempt.
    const once = `${schedule.name}#${parsed.data.period ?? businessDay(new Date())}#${error.name}`;
    if (
      !(error instanceof ConflictError) &&
      (await claimOnce(documentClient(), tableName(), 'report-failed', once))
    ) {
      await alerts().raise(reportFailedAlert(schedule.name, parsed.data.period, error));
    }
    throw error;
  });
  // No addresses in the log or the result (R-SEC-1): counts only.
  log().info('report run', {
    schedule: schedule.name,
    outcome: result.outcome,
    period: result.period,
    recipients: result.recipients,
  });
  countEvent('reportRuns', result.outcome);
  return {
    schedule: schedule.name,
    outcome: result.outcome,
    period: result.period,
    recipients: result.recipients,
  };
});
