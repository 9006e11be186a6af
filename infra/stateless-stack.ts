/**
 * What can be redeployed freely (STYLE.md 8): a Lambda function per manifest entry, the HTTP
 * API, the table-stream consumers, the state machines with the approvals topic, and the static
 * pages behind CloudFront. It reads the stateful stack's table, key, secret and user pool
 * through cross-stack references.
 *
 * Build order: the workflow tasks first, then the state machines (which need the tasks' ARNs),
 * then every other function (which may need the machines' ARNs). A task that needed a machine
 * ARN would be a dependency cycle; that fails the synth with its name.
 */

import { CfnOutput, Duration, Fn, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  FUNCTIONS,
  type FunctionSpec,
  STATE_MACHINES,
  type StateMachineName,
  type TableStreamTrigger,
} from '#functions/manifest.ts';
import { parseCompany } from '#shared/domain/company.ts';
import { STAFF_PASSWORD_POLICY } from '#shared/domain/password-policy.ts';
import {
  cognitoEndpoint,
  pageContentSecurityPolicy,
  uploadEndpoint,
} from '#shared/http/content-security-policy.ts';
import { parseReportSchedules } from '#shared/reports/schedules.ts';
import { ApprovalTopic } from './approval-topic.ts';
import { OrderDeskApi } from './http-api.ts';
import { InboundMailRule, importInboundBucket } from './inbound-mail.ts';
import { Monitoring } from './monitoring.ts';
import { type EnvironmentValues, OrderDeskFunction, REPO_ROOT } from './order-desk-function.ts';
import type { GrantTargets } from './permissions.ts';
import { ReportSchedules } from './report-schedules.ts';
import { RobotAlerts } from './robot-alerts.ts';
import { StaticSite } from './static-site.ts';
import { isWorkflowTask, OrderDeskWorkflow } from './workflow.ts';

export interface StatelessStackProps extends StackProps {
  table: ITable;
  dataKey: IKey;
  trackingSecret: ISecret;
  userPoolId: string;
  userPoolArn: string;
  userPoolClientId: string;
  /** `iss` of staff tokens: `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`. */
  jwtIssuer: string;
  mailFrom: string;
  /** Raw inbound mail (R-INTAKE-6): the bucket's export names; the intake address; the block list. */
  inboundBucketExports: { arn: string; name: string };
  intakeAddress: string;
  inboundBlocklist?: string;
  inboundDedupeHours?: string;
  /** Overrides the CloudFront URL as the base of emailed links. */
  publicBaseUrl?: string;
  /** `WORKING_CALENDAR` (JSON); unset, the functions use their default. */
  workingCalendar?: string;
  /** `APPROVAL_DEADLINE_HOURS` (JSON); unset, the functions use their default. */
  approvalDeadlineHours?: string;
  /** `RUSH_DECISION_MINUTES`; unset, the functions use their default. */
  rushDecisionMinutes?: string;
  /** `RUSH_REPORT_INTERVAL_MINUTES`; unset, the functions use their default. */
  rushReportIntervalMinutes?: string;
  /** `COMPLETE_AFTER_DAYS`, `ARCHIVE_AFTER_DAYS`; unset, the functions use their defaults. */
  completeAfterDays?: string;
  archiveAfterDays?: string;
  /** `REPORT_SCHEDULES` (JSON): the schedules' cron, zone and recipients; unset, the defaults. */
  reportSchedules?: string;
  /** `REPORT_TIME_ZONE` (IANA): the days of on-demand reports; unset, Asia/Shanghai. */
  reportTimeZone?: string;
  /** Subscribed to the report alerts topic (a scheduled report that failed its retries). */
  opsAlertEmail?: string;
  /** Context `robots`: the group robots' routing as JSON (infra/robot-alerts.ts). */
  robots?: string;
  /** Context `specialReviewQualityRole` (R-SPEC-1): the role standing for quality; unset, none. */
  specialReviewQualityRole?: string;
  /** The CloudFront WAF web ACL (us-east-1, infra/edge-stack.ts): per-client rate limits. */
  webAclArn: string;
}

const pascal = (kebab: string): string =>
  kebab.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase());

/** Stream consumer settings: small batches, poison records isolated, then parked. */
export const STREAM_SETTINGS = { batchSize: 10, retryAttempts: 5 } as const;

/** Asynchronous invocations by SES (receive-email): Lambda's own retries, then the DLQ. */
export const INBOUND_MAIL_ASYNC = { retryAttempts: 2, maxEventAge: Duration.hours(6) } as const;

export class StatelessStack extends Stack {
  readonly functions: OrderDeskFunction[] = [];
  readonly workflows: OrderDeskWorkflow[] = [];
  readonly approvals: ApprovalTopic;
  /** The report schedules and their alerts topic, when the manifest has scheduled functions. */
  readonly reports?: ReportSchedules;
  readonly api: OrderDeskApi;
  readonly site: StaticSite;
  /** The SES receipt rule of email intake (R-INTAKE-6). */
  inboundMail?: InboundMailRule;
  /** Dead-letter queues (`npm run redrive -- stream | inbound-mail`). */
  readonly deadLetterQueues: { stream?: Queue; inboundMail?: Queue } = {};
  /** The robot queue and the robot webhooks secret (docs/robots.md). */
  readonly robotAlerts: RobotAlerts;
  /** Alarms to the ops alert topic and the dashboard (infra/monitoring.ts). */
  monitoring?: Monitoring;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // The company the printed documents speak for (context `company`, JSON object): the pages
    // read it from config.json, the functions that print from ORDERDESK_COMPANY.
    const company = parseCompany(
      ((c) => (c === undefined ? undefined : typeof c === 'string' ? c : JSON.stringify(c)))(
        this.node.tryGetContext('company'),
      ),
      'context company',
      { nameZh: '订单台', nameEn: 'Order desk' },
    );

    this.api = new OrderDeskApi(this, 'Http', {
      jwtIssuer: props.jwtIssuer,
      jwtAudience: [props.userPoolClientId],
    });
    this.site = new StaticSite(this, 'Site', {
      webDir: `${REPO_ROOT}web`,
      apiEndpoint: this.api.api.apiEndpoint,
      // The staff sign-in calls Cognito from the page, and a file too large for the API is PUT
      // to the inbound bucket with a presigned URL (R-CHG-1); nothing else leaves the origin.
      contentSecurityPolicy: pageContentSecurityPolicy({
        connectTo: [
          cognitoEndpoint(this.region),
          uploadEndpoint(Fn.importValue(props.inboundBucketExports.name), this.region, this.urlSuffix),
        ],
      }),
      webAclArn: props.webAclArn,
      runtimeConfig: {
        staffSignIn: {
          kind: 'cognito',
          region: this.region,
          userPoolId: props.userPoolId,
          userPoolClientId: props.userPoolClientId,
          // Shown by the console wherever a password is set (R-SEC-2).
          passwordPolicy: STAFF_PASSWORD_POLICY,
        },
        // The rush settings the rush pages quote (R-RUSH-3, R-RUSH-6): the functions' defaults unless set.
        rush: {
          decisionMinutes: Number(props.rushDecisionMinutes ?? 60),
          intervalMinutes: Number(props.rushReportIntervalMinutes ?? 120),
        },
        company,
      },
    });
    const siteUrl = `https://${this.site.distribution.distributionDomainName}`;

    this.approvals = new ApprovalTopic(this, 'Approvals');

    const deployed = FUNCTIONS.filter((spec) => !spec.localOnly);
    const streamSpecs = deployed.filter((spec) => spec.triggers.some((t) => t.kind === 'table-stream'));
    const streamDlq = streamSpecs.length > 0 ? this.streamDeadLetterQueue() : undefined;
    if (streamDlq) this.deadLetterQueues.stream = streamDlq;

    const inboundBucket = importInboundBucket(this, props.inboundBucketExports);
    const robotConsumer = deployed.find((spec) => spec.triggers.some((t) => t.kind === 'queue'));
    this.robotAlerts = new RobotAlerts(this, 'RobotAlerts', {
      ...(props.robots ? { robots: props.robots } : {}),
      consumerTimeout: Duration.seconds(robotConsumer?.timeoutSeconds ?? 300),
    });
    const environment: EnvironmentValues = {
      tableName: props.table.tableName,
      publicBaseUrl: props.publicBaseUrl ?? siteUrl,
      mailFrom: props.mailFrom,
      trackingSecretArn: props.trackingSecret.secretArn,
      jwtIssuer: props.jwtIssuer,
      jwtAudience: props.userPoolClientId,
      userPoolId: props.userPoolId,
      approvalTopicArn: this.approvals.topic.topicArn,
      inboundBucketName: inboundBucket.bucketName,
      intakeAddress: props.intakeAddress,
      ...(props.inboundBlocklist ? { inboundBlocklist: props.inboundBlocklist } : {}),
      ...(props.inboundDedupeHours ? { inboundDedupeHours: props.inboundDedupeHours } : {}),
      ...(props.workingCalendar ? { workingCalendar: props.workingCalendar } : {}),
      ...(props.approvalDeadlineHours ? { approvalDeadlineHours: props.approvalDeadlineHours } : {}),
      ...(props.rushDecisionMinutes ? { rushDecisionMinutes: props.rushDecisionMinutes } : {}),
      ...(props.rushReportIntervalMinutes
        ? { rushReportIntervalMinutes: props.rushReportIntervalMinutes }
        : {}),
      ...(props.completeAfterDays ? { completeAfterDays: props.completeAfterDays } : {}),
      ...(props.archiveAfterDays ? { archiveAfterDays: props.archiveAfterDays } : {}),
      ...(props.reportSchedules ? { reportSchedules: props.reportSchedules } : {}),
      ...(props.reportTimeZone ? { reportTimeZone: props.reportTimeZone } : {}),
      robotQueueUrl: this.robotAlerts.queue.queueUrl,
      ...(props.robots ? { robots: props.robots } : {}),
      ...(this.robotAlerts.webhooks ? { robotSecretsArn: this.robotAlerts.webhooks.secretArn } : {}),
      ...(props.specialReviewQualityRole ? { specialReviewQualityRole: props.specialReviewQualityRole } : {}),
      company: JSON.stringify(company),
    };
    const grants: GrantTargets = {
      table: props.table,
      dataKey: props.dataKey,
      trackingSecret: props.trackingSecret,
      mailFrom: props.mailFrom,
      userPoolArn: props.userPoolArn,
      approvalTopicArn: this.approvals.topic.topicArn,
      inboundBucketArn: inboundBucket.bucketArn,
      robotQueueArn: this.robotAlerts.queue.queueArn,
      ...(this.robotAlerts.webhooks ? { robotSecretsArn: this.robotAlerts.webhooks.secretArn } : {}),
    };
    const addFunction = (spec: FunctionSpec, env: EnvironmentValues, targets: GrantTargets) => {
      const fn = new OrderDeskFunction(this, spec.name, { spec, environment: env, grants: targets });
      this.functions.push(fn);
      spec.triggers.forEach((trigger, i) => {
        if (trigger.kind === 'http') this.api.addRoute(`${spec.name}-${i}`, trigger, fn.fn);
        else if (trigger.kind === 'queue') this.robotAlerts.subscribe(fn.fn, trigger);
        else if (trigger.kind === 'table-stream' && streamDlq) {
          this.subscribeToTable(fn.fn, trigger, props.table, streamDlq);
        } else if (trigger.kind === 'email-receipt') {
          this.inboundMail = new InboundMailRule(this, 'InboundMail', {
            bucket: inboundBucket,
            fn: fn.fn,
            recipient: props.intakeAddress,
          });
          // R-INTAKE-6: an emailed order whose handling keeps failing is parked, never lost.
          const dlq = this.deadLetterQueue(
            'InboundMailDlq',
            'the on-failure destination of receive-email, which SES invokes asynchronously',
          );
          this.deadLetterQueues.inboundMail = dlq;
          fn.fn.configureAsyncInvoke({ ...INBOUND_MAIL_ASYNC, onFailure: new SqsDestination(dlq) });
        }
        // workflow-task: no event source; the state machine invokes the function.
      });
    };

    // A task that stops other machines' executions (`workflow:stop`, R-CHG-3) is built after those
    // machines, and its own machine after it: the others never depend on it, so no cycle.
    const stopsOthers = (spec: FunctionSpec) => spec.permissions.includes('workflow:stop');
    const tasks = deployed.filter(isWorkflowTask);
    for (const spec of tasks.filter((t) => !stopsOthers(t))) addFunction(spec, environment, grants);
    const lateTasks = tasks.filter(stopsOthers);
    const waitsForLate = (machine: (typeof STATE_MACHINES)[number]) =>
      lateTasks.some((t) =>
        t.triggers.some((tr) => tr.kind === 'workflow-task' && tr.stateMachine === machine.name),
      );
    const buildMachine = (i: number) => {
      const machine = STATE_MACHINES[i]!;
      const byName = new Map(this.functions.map((f) => [f.spec.name, f.fn]));
      this.workflows[i] = new OrderDeskWorkflow(this, machine.name, { machine, functions: byName });
    };
    STATE_MACHINES.forEach((machine, i) => {
      if (!waitsForLate(machine)) buildMachine(i);
    });
    for (const spec of lateTasks) {
      const built = STATE_MACHINES.flatMap((machine, i) =>
        this.workflows[i] && spec.env.includes(machine.arnEnv)
          ? [{ machine, sm: this.workflows[i]!.stateMachine }]
          : [],
      );
      addFunction(
        spec,
        {
          ...environment,
          stateMachineArns: Object.fromEntries(
            built.map(({ machine, sm }) => [machine.name, sm.stateMachineArn]),
          ) as Record<StateMachineName, string>,
        },
        {
          ...grants,
          stateMachines: built.map(({ sm }) => ({ arn: sm.stateMachineArn, name: sm.stateMachineName })),
        },
      );
    }
    STATE_MACHINES.forEach((machine, i) => {
      if (waitsForLate(machine)) buildMachine(i);
    });
    const machines = STATE_MACHINES.map((machine, i) => ({ machine, sm: this.workflows[i]!.stateMachine }));
    const withMachines: EnvironmentValues = {
      ...environment,
      stateMachineArns: Object.fromEntries(
        machines.map(({ machine, sm }) => [machine.name, sm.stateMachineArn]),
      ) as Record<StateMachineName, string>,
    };
    const grantsWithMachines: GrantTargets = {
      ...grants,
      stateMachines: machines.map(({ sm }) => ({ arn: sm.stateMachineArn, name: sm.stateMachineName })),
    };
    for (const spec of deployed.filter((s) => !isWorkflowTask(s))) {
      addFunction(spec, withMachines, grantsWithMachines);
    }

    // Report schedules (R-REPORT-1): EventBridge Scheduler → function, retries, then alerts.
    const scheduled = this.functions.filter((f) => f.spec.triggers.some((t) => t.kind === 'schedule'));
    if (scheduled.length > 0) {
      this.reports = new ReportSchedules(this, 'ReportSchedules', {
        functions: scheduled,
        schedules: parseReportSchedules(props.reportSchedules),
        ...(props.opsAlertEmail ? { opsAlertEmail: props.opsAlertEmail } : {}),
      });
    }

    this.approvals.restrictPublishersTo(
      this.functions.filter((f) => f.spec.permissions.includes('topic:publish')).map((f) => f.fn.role!),
    );

    // Last, so it sees every function, machine and dead-letter queue built above.
    if (this.reports) this.monitoring = this.monitorEverything(this.reports.alerts);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'HTTP API endpoint' });
    new CfnOutput(this, 'SiteUrl', { value: siteUrl, description: 'Pages and /api through CloudFront' });
    new CfnOutput(this, 'PublicBaseUrl', {
      value: props.publicBaseUrl ?? siteUrl,
      description: 'Base of emailed links',
    });
    new CfnOutput(this, 'UserPoolId', { value: props.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: props.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: props.table.tableName });
    new CfnOutput(this, 'ApprovalTopicArn', {
      value: this.approvals.topic.topicArn,
      description: 'Subscribe here to follow approval requests (including escalated ones)',
    });
    for (const [i, machine] of STATE_MACHINES.entries()) {
      new CfnOutput(this, `${pascal(machine.name)}StateMachineArn`, {
        value: this.workflows[i]!.stateMachine.stateMachineArn,
      });
    }
  }

  /** Alarms on every function, state machine and queue of this stack (every queue is a dead-letter queue). */
  private monitorEverything(alerts: ITopic): Monitoring {
    const queues = this.node.findAll().filter((c): c is Queue => c instanceof Queue);
    return new Monitoring(this, 'Monitoring', {
      alerts,
      api: this.api.api,
      functions: this.functions.map((f) => ({ name: f.spec.name, fn: f.fn })),
      stateMachines: STATE_MACHINES.map((m, i) => ({
        name: m.name,
        machine: this.workflows[i]!.stateMachine,
      })),
      deadLetterQueues: queues.map((queue) => ({ name: queue.node.id, queue })),
    });
  }

  /** Where stream batches go after their retries: kept 14 days for a replay. */
  private streamDeadLetterQueue(): Queue {
    return this.deadLetterQueue('StreamDlq', 'the on-failure destination of the table-stream consumers');
  }

  /** A dead-letter queue kept 14 days (`npm run redrive`), its URL an output. */
  private deadLetterQueue(id: string, what: string): Queue {
    const queue = new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter queue: ${what}.`,
    });
    new CfnOutput(this, `${id}Url`, {
      value: queue.queueUrl,
      description: `Dead-letter queue: ${what} (npm run redrive)`,
    });
    return queue;
  }

  /**
   * DynamoDB stream → function, filtered in Lambda so the function runs only for the events and
   * items it handles (R-INTAKE-3: items that carry `notifyPk`).
   */
  private subscribeToTable(fn: IFunction, trigger: TableStreamTrigger, table: ITable, dlq: Queue): void {
    fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: STREAM_SETTINGS.batchSize,
        bisectBatchOnError: true,
        // One bad record does not fail its batch: the handler reports it alone.
        reportBatchItemFailures: true,
        retryAttempts: STREAM_SETTINGS.retryAttempts,
        onFailure: new SqsDlq(dlq),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.or(...trigger.events),
            // Stream images are typed: the key attributes are strings (`S`).
            dynamodb: { NewImage: { [trigger.whenAttributeExists]: { S: FilterRule.exists() } } },
          }),
        ],
      }),
    );
  }
}
