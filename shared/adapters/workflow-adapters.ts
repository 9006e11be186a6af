/**
 * The adapters of the approval workflow's tasks, built once per process from the configuration
 * (shared/config.ts).
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  approvalDeadlineHours,
  approvalTopicArn,
  mailFrom,
  publicBaseUrl,
  staffUserPoolId,
  tableName,
  trackingSecret,
  workflowTimeScale,
} from '../config.ts';
import { systemClock } from '../ports.ts';
import type { WorkflowDeps } from '../use-cases/workflow-deps.ts';
import { currentCalendar } from './calendar-source.ts';
import { cognitoStaffDirectory } from './cognito-staff-directory.ts';
import { dynamoApprovalStore } from './dynamo-approval-store.ts';
import { documentClient } from './dynamo-client.ts';
import { dynamoInventory } from './dynamo-inventory.ts';
import { dynamoOrderStore } from './dynamo-order-store.ts';
import { dynamoRushStore } from './dynamo-rush-store.ts';
import { sesMailer, snsSms, snsTopic } from './messaging.ts';

let deps: Promise<Omit<WorkflowDeps, 'calendar'>> | undefined;

/** The adapters, built once; the calendar read anew (cached a few minutes: calendar-source.ts). */
export async function workflowDeps(): Promise<WorkflowDeps> {
  deps ??= (async () => {
    const db = documentClient();
    const sns = new SNSClient({});
    return {
      orders: dynamoOrderStore(db, tableName()),
      approvals: dynamoApprovalStore(db, tableName()),
      inventory: dynamoInventory(db, tableName()),
      rush: dynamoRushStore(db, tableName()),
      staff: cognitoStaffDirectory(staffUserPoolId()),
      mailer: sesMailer(mailFrom(), new SESv2Client({})),
      sms: snsSms(sns),
      topic: snsTopic(approvalTopicArn(), sns),
      clock: systemClock,
      deadlineHours: approvalDeadlineHours(),
      timeScale: workflowTimeScale(),
      linkSecret: await trackingSecret(),
      publicBaseUrl: publicBaseUrl(),
    };
  })();
  deps.catch(() => {
    deps = undefined;
  });
  return { ...(await deps), calendar: await currentCalendar() };
}
