/**
 * The adapters of report sending (shared/use-cases/send-report.ts), built once per process from
 * the configuration: runs and figures from the table, staff from the user pool, mail via SES,
 * receivables from the customers' accounts (as the billing function reads them).
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import {
  mailFrom,
  publicBaseUrl,
  rushSettings,
  staffUserPoolId,
  tableName,
  trackingSecret,
} from '../config.ts';
import { systemClock } from '../ports.ts';
import { awsClientOptions, perEnvironment } from '../runtime-env.ts';
import { receivablesReport } from '../use-cases/billing.ts';
import type { SendReportDeps } from '../use-cases/send-report.ts';
import { billingDeps } from './billing-adapters.ts';
import { cognitoStaffDirectory } from './cognito-staff-directory.ts';
import { documentClient } from './dynamo-client.ts';
import { dynamoReportRuns } from './dynamo-report-runs.ts';
import { dynamoReportSource } from './dynamo-report-source.ts';
import { sesMailer } from './messaging.ts';

export const reportDeps: () => SendReportDeps = perEnvironment(() => ({
  runs: dynamoReportRuns(documentClient(), tableName()),
  source: dynamoReportSource(documentClient(), tableName()),
  staff: cognitoStaffDirectory(staffUserPoolId()),
  mailer: sesMailer(mailFrom(), new SESv2Client(awsClientOptions('SESV2'))),
  clock: systemClock,
  publicBaseUrl: publicBaseUrl(),
  rush: rushSettings(),
  // R-FIN-2: receivables for the recipients who may see balances (R-SEC-2).
  receivables: (period) => receivablesReport(billingDeps(trackingSecret), period),
}));
