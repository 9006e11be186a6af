/**
 * The whole deployment on one App: the stateful stack, the stateless stack wired to it, and the
 * cdk-nag AwsSolutions checks. `infra/app.ts` runs it for the CLI; tests call it in-process.
 */
import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readContext } from './context.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface OrderDesk {
  stateful: StatefulStack;
  stateless: StatelessStack;
}

export interface OrderDeskOptions {
  /** Register cdk-nag so synthesis fails on any unacknowledged finding (default true). */
  nag?: boolean;
}

export function buildOrderDesk(app: App, options: OrderDeskOptions = {}): OrderDesk {
  const {
    mailFrom,
    publicBaseUrl,
    workingCalendar,
    approvalDeadlineHours,
    rushDecisionMinutes,
    rushReportIntervalMinutes,
    completeAfterDays,
    archiveAfterDays,
    intakeAddress,
    inboundBlocklist,
    reportSchedules,
    reportTimeZone,
    opsAlertEmail,
  } = readContext(app.node);
  const description = 'Order desk (docs/infra.md)';

  const stateful = new StatefulStack(app, 'OrderDeskStateful', {
    description: `${description}: table, key, tracking secret, staff user pool`,
    // Deleting this stack must be a deliberate two-step act (its resources are retained anyway).
    terminationProtection: true,
  });
  const stateless = new StatelessStack(app, 'OrderDeskStateless', {
    description: `${description}: functions, HTTP API, stream consumers, state machines, pages`,
    table: stateful.table,
    dataKey: stateful.dataKey,
    trackingSecret: stateful.trackingSecret,
    userPoolId: stateful.staff.userPool.userPoolId,
    userPoolArn: stateful.staff.userPool.userPoolArn,
    userPoolClientId: stateful.staff.consoleClient.userPoolClientId,
    jwtIssuer: stateful.staff.issuerUrl,
    mailFrom,
    inboundBucketExports: stateful.inboundMail.exports,
    intakeAddress,
    ...(inboundBlocklist ? { inboundBlocklist } : {}),
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    ...(workingCalendar ? { workingCalendar } : {}),
    ...(approvalDeadlineHours ? { approvalDeadlineHours } : {}),
    ...(rushDecisionMinutes ? { rushDecisionMinutes } : {}),
    ...(rushReportIntervalMinutes ? { rushReportIntervalMinutes } : {}),
    ...(completeAfterDays ? { completeAfterDays } : {}),
    ...(archiveAfterDays ? { archiveAfterDays } : {}),
    ...(reportSchedules ? { reportSchedules } : {}),
    ...(reportTimeZone ? { reportTimeZone } : {}),
    ...(opsAlertEmail ? { opsAlertEmail } : {}),
  });

  Tags.of(app).add('project', 'order-desk');

  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  }
  return { stateful, stateless };
}
