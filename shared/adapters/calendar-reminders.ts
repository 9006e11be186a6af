/**
 * Wires the ops reminder about computed holidays (R-PROC-5) to SES, the staff directory and the
 * table: at most one email per warned year per day, whoever asks first (`npm start`, or the
 * calendar API behind the reports dashboard). A failure to remind is logged, never thrown: the
 * warning still shows on screen.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { mailFrom, publicBaseUrl, staffUserPoolId, tableName } from '../config.ts';
import { businessDay } from '../domain/calendar.ts';
import type { CalendarWarning } from '../domain/calendar-warnings.ts';
import { errorFields, log } from '../observability/logger.ts';
import { awsClientOptions, perEnvironment } from '../runtime-env.ts';
import { remindOpsOfCalendar } from '../use-cases/remind-ops-of-calendar.ts';
import { cognitoStaffDirectory } from './cognito-staff-directory.ts';
import { documentClient } from './dynamo-client.ts';
import { dynamoReminderClaims } from './dynamo-holiday-schedules.ts';
import { sesMailer } from './messaging.ts';

/** `year#day` claims this process (each local system) made already: no table write for each dashboard view. */
const askedSet = perEnvironment(() => new Set<string>());

export async function remindOpsOnce(all: CalendarWarning[], now: Date): Promise<number[]> {
  const asked = askedSet();
  const day = businessDay(now);
  const warnings = all.filter((w) => !asked.has(`${w.year}#${day}`));
  if (warnings.length === 0) return [];
  for (const w of warnings) asked.add(`${w.year}#${day}`);
  try {
    return await remindOpsOfCalendar(
      {
        staff: cognitoStaffDirectory(staffUserPoolId()),
        mailer: sesMailer(mailFrom(), new SESv2Client(awsClientOptions('SESV2'))),
        claims: dynamoReminderClaims(documentClient(), tableName()),
        publicBaseUrl: publicBaseUrl(),
      },
      warnings,
      day,
    );
  } catch (error) {
    // Masked: an SES error can quote the address it refused (R-SEC-1).
    log().error('calendar reminder to ops failed', errorFields(error));
    return [];
  }
}
