/**
 * The whole deployment on one App: the stateful stack, the stateless stack wired to it, the edge
 * stack (the WAF web ACL, in us-east-1 as CloudFront requires), and the cdk-nag AwsSolutions
 * checks. Every stack has the deployment's account and region (infra/deployment-env.ts), read and
 * checked first. `infra/app.ts` runs it for the CLI; tests call it in-process.
 */
import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readContext } from './context.ts';
import { readDeploymentEnv } from './deployment-env.ts';
import { EdgeStack } from './edge-stack.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface OrderDesk {
  stateful: StatefulStack;
  stateless: StatelessStack;
  edge: EdgeStack;
}

export interface OrderDeskOptions {
  /** Register cdk-nag so synthesis fails on any unacknowledged finding (default true). */
  nag?: boolean;
}

export function buildOrderDesk(app: App, options: OrderDeskOptions = {}): OrderDesk {
  // First: a region without SES email receiving fails here, before anything else is built.
  const env = readDeploymentEnv(app.node);
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
    inboundDedupeHours,
    reportSchedules,
    reportTimeZone,
    opsAlertEmail,
    robots,
    specialReviewQualityRole,
  } = readContext(app.node);
  const description = 'Order desk (docs/infra.md)';

  const edge = new EdgeStack(app, 'OrderDeskEdge', {
    description: `${description}: per-client rate limits of the API (WAF for CloudFront, us-east-1)`,
    ...(env.account ? { account: env.account } : {}),
  });
  const stateful = new StatefulStack(app, 'OrderDeskStateful', {
    env,
    description: `${description}: table, key, tracking secret, staff user pool`,
    // Deleting this stack must be a deliberate two-step act (its resources are retained anyway).
    terminationProtection: true,
  });
  const stateless = new StatelessStack(app, 'OrderDeskStateless', {
    env,
    // The web ACL's ARN comes from us-east-1 (SSM parameters written by CDK, read at deploy).
    crossRegionReferences: env.region !== edge.region,
    webAclArn: edge.webAcl.attrArn,
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
    ...(inboundDedupeHours ? { inboundDedupeHours } : {}),
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
    ...(robots ? { robots } : {}),
    ...(specialReviewQualityRole ? { specialReviewQualityRole } : {}),
  });

  Tags.of(app).add('project', 'order-desk');

  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  }
  return { stateful, stateless, edge };
}
