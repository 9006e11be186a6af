/** POST /api/rush-orders/{id}/progress — a task-group progress report (R-RUSH-6, R-RUSH-8). */

import { SESv2Client } from '@aws-sdk/client-sesv2';
import { cognitoStaffDirectory } from '#shared/adapters/cognito-staff-directory.ts';
import { orderStore, rushStore } from '#shared/adapters/deps.ts';
import { sesMailer } from '#shared/adapters/messaging.ts';
import { sqsStaffAlerts } from '#shared/adapters/robot-alerts.ts';
import {
  mailFrom,
  robotQueueUrl,
  rushReportIntervalMinutes,
  staffUserPoolId,
  workflowTimeScale,
} from '#shared/config.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { progressReportSchema } from '#shared/domain/rush-schemas.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';
import { systemClock } from '#shared/ports.ts';
import { awsClientOptions, perEnvironment, readAtColdStart } from '#shared/runtime-env.ts';
import { reportRushProgress } from '#shared/use-cases/rush-progress.ts';

const mailer = perEnvironment(() => sesMailer(mailFrom(), new SESv2Client(awsClientOptions('SESV2'))));
const alerts = perEnvironment(() => sqsStaffAlerts(robotQueueUrl()));
const intervalMinutes = readAtColdStart(rushReportIntervalMinutes);
const timeScale = readAtColdStart(workflowTimeScale);

export const handler = httpRoute(
  'report-rush-progress',
  async ({ event, staff, body }) => {
    const parsed = progressReportSchema.safeParse(body);
    if (!parsed.success) throw new ValidationError('Invalid progress report', toFieldIssues(parsed.error));
    const deps = {
      orders: orderStore(),
      rush: rushStore(),
      staff: cognitoStaffDirectory(staffUserPoolId()),
      mailer: mailer(),
      alerts: alerts(),
      clock: systemClock,
      intervalMinutes: intervalMinutes(),
      timeScale: timeScale(),
    };
    const report = await reportRushProgress(deps, {
      orderId: event.pathParameters?.['id'] ?? '',
      actor: staff!.email,
      report: parsed.data,
    });
    return json(201, report);
  },
  { jsonBody: true },
);
