/**
 * The report schedules on AWS (R-REPORT-1): one EventBridge Scheduler schedule per `schedule`
 * trigger of the manifest, with the cron of shared/reports/schedules.ts converted to
 * EventBridge's six-field form and its time zone (Asia/Shanghai by default), no flexible window.
 * Scheduler invokes the function asynchronously with `{ schedule }`; Lambda retries a failed run
 * twice, then sends the event to the report-alerts SNS topic, which mails the ops address from
 * context `opsAlertEmail`. A re-run of a sent period sends nothing (the run item's condition).
 */
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SnsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { FunctionSpec, ScheduleTrigger } from '#functions/manifest.ts';
import { type ReportSchedule, type ScheduleName, toEventBridgeCron } from '#shared/reports/schedules.ts';

/** Lambda's own retries of a failed asynchronous run, then the alert. */
export const REPORT_RUN_RETRIES = 2;
/** A run not started within this age (throttling) is dropped to the alert too. */
export const REPORT_RUN_MAX_AGE = Duration.hours(2);

export interface ScheduledFunction {
  spec: FunctionSpec;
  fn: IFunction;
}

export interface ReportSchedulesProps {
  functions: readonly ScheduledFunction[];
  schedules: Readonly<Record<ScheduleName, ReportSchedule>>;
  /** Subscribed to the alerts topic by email; without it, subscribe someone after deploying. */
  opsAlertEmail?: string;
}

const pascal = (kebab: string): string =>
  kebab.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase());

export class ReportSchedules extends Construct {
  readonly alerts: Topic;
  readonly schedules: CfnSchedule[] = [];

  constructor(scope: Construct, id: string, props: ReportSchedulesProps) {
    super(scope, id);
    // The ops alert topic: failed report runs, and the CloudWatch alarms (infra/monitoring.ts).
    // Its own key: CloudWatch cannot publish to a topic under the AWS-managed alias/aws/sns key,
    // whose policy cannot name cloudwatch.amazonaws.com.
    const key = new Key(this, 'AlertsKey', {
      description: 'Order desk ops alert topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stack = Stack.of(this);
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    this.alerts = new Topic(this, 'Alerts', {
      displayName: 'Order desk report alerts',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.opsAlertEmail) this.alerts.addSubscription(new EmailSubscription(props.opsAlertEmail));

    for (const { spec, fn } of props.functions) {
      const triggers = spec.triggers.filter((t): t is ScheduleTrigger => t.kind === 'schedule');
      if (triggers.length === 0) continue;
      // Scheduler may invoke this one function, and only for schedules of this account.
      const role = new Role(this, `${pascal(spec.name)}Role`, {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
        description: `Scheduler: invoke ${spec.name} only`,
        inlinePolicies: {
          invoke: new PolicyDocument({
            statements: [
              new PolicyStatement({
                effect: Effect.ALLOW,
                actions: ['lambda:InvokeFunction'],
                resources: [fn.functionArn],
              }),
            ],
          }),
        },
      });
      fn.configureAsyncInvoke({
        retryAttempts: REPORT_RUN_RETRIES,
        maxEventAge: REPORT_RUN_MAX_AGE,
        onFailure: new SnsDestination(this.alerts),
      });
      if (fn.role) {
        Validations.of(fn.role).acknowledge({
          id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
          reason:
            'Publishing a failed run to the ops alert topic encrypts it with the topic key: kms:GenerateDataKey* ' +
            '(granted with sns:Publish by aws-cdk-lib) on that one key only.',
        });
      }
      for (const trigger of triggers) {
        const schedule = props.schedules[trigger.schedule];
        this.schedules.push(
          new CfnSchedule(this, `${pascal(spec.name)}${pascal(trigger.schedule)}`, {
            description: `Order desk ${trigger.schedule} report (${schedule.cron}, ${schedule.timezone})`,
            scheduleExpression: toEventBridgeCron(schedule.cron),
            scheduleExpressionTimezone: schedule.timezone,
            flexibleTimeWindow: { mode: 'OFF' },
            state: schedule.enabled ? 'ENABLED' : 'DISABLED',
            target: {
              arn: fn.functionArn,
              roleArn: role.roleArn,
              input: JSON.stringify({ schedule: trigger.schedule }),
              // Scheduler's retries cover failing to invoke (throttling); Lambda's cover the run.
              retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
            },
          }),
        );
      }
    }
  }
}
