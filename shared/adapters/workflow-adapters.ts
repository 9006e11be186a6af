/**
 * The adapters of the workflow tasks, built once per process from the configuration
 * (shared/config.ts). Each task names what it uses beyond the table (`needs`): only those
 * adapters are built, and only their settings are read at cold start, so a task's manifest
 * entry holds exactly the permissions and variables of its needs (functions/manifest.ts
 * `workflowTask`; test/infra/least-privilege.test.ts checks the two agree). Using an adapter a
 * task did not name throws, naming it.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  approvalDeadlineHours,
  approvalTopicArn,
  mailFrom,
  publicBaseUrl,
  robotQueueUrl,
  staffUserPoolId,
  tableName,
  trackingSecret,
  workflowTimeScale,
} from '../config.ts';
import { systemClock } from '../ports.ts';
import { awsClientOptions, perEnvironment } from '../runtime-env.ts';
import type { WorkflowDeps } from '../use-cases/workflow-deps.ts';
import { approvalSubjects } from './approval-subjects.ts';
import { currentCalendar } from './calendar-source.ts';
import { cognitoStaffDirectory } from './cognito-staff-directory.ts';
import { dynamoApprovalStore } from './dynamo-approval-store.ts';
import { documentClient } from './dynamo-client.ts';
import { dynamoInventory } from './dynamo-inventory.ts';
import { dynamoOrderStore } from './dynamo-order-store.ts';
import { dynamoQuotationStore } from './dynamo-quotation-store.ts';
import { dynamoRushStore } from './dynamo-rush-store.ts';
import { sesMailer, snsSms, snsTopic } from './messaging.ts';
import { sqsStaffAlerts } from './robot-alerts.ts';

/**
 * What a workflow task may use besides the table, the clock and the working calendar:
 * - `mail`: SES (MAIL_FROM; `mail:send`)
 * - `staff`: the staff directory (STAFF_USER_POOL_ID; `staff-directory:read`)
 * - `sms`: SMS through SNS (`sms:send`)
 * - `topic`: the approvals topic (APPROVAL_TOPIC_ARN; `topic:publish`)
 * - `links`: signed links (PUBLIC_BASE_URL, the tracking secret; `tracking-secret:read`)
 * - `robots`: staff alerts for the group robots (ROBOT_QUEUE_URL; `robots:alert`)
 * - `stop`: ending the order's approval, SLA and rush executions (their ARNs; `workflow:stop`),
 *   through the workflow engine the task builds itself (change-step, R-CHG-3)
 */
export const WORKFLOW_NEEDS = ['mail', 'staff', 'sms', 'topic', 'links', 'robots', 'stop'] as const;
export type WorkflowNeed = (typeof WORKFLOW_NEEDS)[number];

/** Stands in for an adapter the task did not name: any use fails loudly, naming it. */
function notGranted<T extends object>(need: WorkflowNeed): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw new Error(`This workflow task does not use "${need}" (${String(property)}): add it to its needs`);
    },
  });
}

type BuiltDeps = Omit<WorkflowDeps, 'calendar'>;

/** Per set of needs: on Lambda one entry; locally every task of a system runs in one process. */
const builtDeps = perEnvironment(() => new Map<string, Promise<BuiltDeps>>());

/** The adapters, built once per set of needs; the calendar read anew (cached a few minutes: calendar-source.ts). */
export async function workflowDeps(needs: readonly WorkflowNeed[]): Promise<WorkflowDeps> {
  const key = [...new Set(needs)].sort().join(',');
  let deps = builtDeps().get(key);
  if (!deps) deps = buildDeps(needs, key);
  return { ...(await deps), calendar: await currentCalendar() };
}

function buildDeps(needs: readonly WorkflowNeed[], key: string): Promise<BuiltDeps> {
  const deps = (async (): Promise<BuiltDeps> => {
    const has = (need: WorkflowNeed) => needs.includes(need);
    const db = documentClient();
    const sns = has('sms') || has('topic') ? new SNSClient(awsClientOptions('SNS')) : undefined;
    const quotations = dynamoQuotationStore(db, tableName());
    return {
      // One approval workflow for orders and quotations (R-QUOTE-2): the store routes by id.
      orders: approvalSubjects(dynamoOrderStore(db, tableName()), quotations),
      quotations,
      approvals: dynamoApprovalStore(db, tableName()),
      inventory: dynamoInventory(db, tableName()),
      rush: dynamoRushStore(db, tableName()),
      staff: has('staff') ? cognitoStaffDirectory(staffUserPoolId()) : notGranted('staff'),
      mailer: has('mail')
        ? sesMailer(mailFrom(), new SESv2Client(awsClientOptions('SESV2')))
        : notGranted('mail'),
      sms: sns && has('sms') ? snsSms(sns) : notGranted('sms'),
      topic: sns && has('topic') ? snsTopic(approvalTopicArn(), sns) : notGranted('topic'),
      alerts: has('robots') ? sqsStaffAlerts(robotQueueUrl()) : notGranted('robots'),
      clock: systemClock,
      deadlineHours: approvalDeadlineHours(),
      timeScale: workflowTimeScale(),
      linkSecret: has('links') ? await trackingSecret() : notGranted<never>('links'),
      publicBaseUrl: has('links') ? publicBaseUrl() : notGranted<never>('links'),
    };
  })();
  const built = builtDeps();
  built.set(key, deps);
  deps.catch(() => built.delete(key));
  return deps;
}
