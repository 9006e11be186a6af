/**
 * What ops is told and what ops looks at (docs/infra.md, "Alarms and dashboard"): CloudWatch
 * alarms to the ops alert topic (the report alerts topic, infra/report-schedules.ts) and one
 * dashboard with the business metrics of shared/observability/metrics.ts next to the technical
 * ones. Alarms:
 *  - each state machine: an execution failed or timed out;
 *  - each dead-letter queue: a message is waiting in it;
 *  - each function: errors (a failed invocation, after the handler's own error handling);
 *  - every function of the account in the region: throttles (concurrency is an account quota);
 *  - the HTTP API: share of 5xx answers;
 *  - SES (account-level reputation): bounce and complaint rates, below the rates at which AWS
 *    reviews an account (5% bounces, 0.1% complaints).
 */
import { Duration, NestedStack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { CHANNELS } from '#shared/domain/order-schema.ts';
import { SERVICE_NAME } from '#shared/observability/logger.ts';
import { BUSINESS_METRICS, type BusinessMetric, METRICS_NAMESPACE } from '#shared/observability/metrics.ts';

/** The thresholds, in one place (docs/infra.md lists them). */
export const ALARM_THRESHOLDS = {
  /** Errors of one function in 5 minutes: workflow tasks retry transient ones, so 1 would page on hiccups. */
  functionErrors: 3,
  /** Throttled invocations in the region in 5 minutes. */
  throttles: 1,
  /** Per cent of API answers that are 5xx over 5 minutes, once at least `apiMinRequests` came in. */
  api5xxPercent: 5,
  apiMinRequests: 20,
  /** SES reputation (fractions): AWS reviews an account at 5% bounces and 0.1% complaints. */
  sesBounceRate: 0.04,
  sesComplaintRate: 0.0008,
} as const;

export interface MonitoringProps {
  alerts: ITopic;
  functions: readonly { name: string; fn: IFunction }[];
  stateMachines: readonly { name: string; machine: StateMachine }[];
  deadLetterQueues: readonly { name: string; queue: IQueue }[];
  api: HttpApi;
}

const FIVE_MINUTES = Duration.minutes(5);

const businessMetric = (metric: BusinessMetric, value: string): Metric => {
  const { name, dimension } = BUSINESS_METRICS[metric];
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: SERVICE_NAME, [dimension]: value },
    statistic: 'Sum',
    period: Duration.hours(1),
    label: value,
  });
};

/**
 * A nested stack of its own: one alarm per function, machine and queue would otherwise take the
 * stateless stack past CloudFormation's 500 resources per stack. References to the functions,
 * machines, queues, API and topic arrive as parameters of the nested stack (fewer than its 200).
 */
export class Monitoring extends NestedStack {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id, { description: 'Order desk alarms and dashboard' });
    const action = new SnsAction(props.alerts);
    const alarm = (alarmId: string, description: string, metric: IMetric, threshold: number) => {
      const a = new Alarm(this, alarmId, {
        alarmDescription: `Order desk: ${description}`,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means nothing happened (no executions, no mail sent): not an alarm.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };

    for (const { name, machine } of props.stateMachines) {
      const failed = new MathExpression({
        expression: 'failed + timedOut',
        usingMetrics: {
          failed: machine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
          timedOut: machine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' }),
        },
        period: FIVE_MINUTES,
        label: `${name} executions failed or timed out`,
      });
      alarm(`${pascal(name)}ExecutionsFailed`, `an execution of ${name} failed or timed out`, failed, 1);
    }
    for (const { name, queue } of props.deadLetterQueues) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      });
      alarm(
        `${pascal(name)}Depth`,
        `messages wait in the dead-letter queue ${name} (docs/infra.md: re-drive)`,
        depth,
        1,
      );
    }
    for (const { name, fn } of props.functions) {
      const errors = fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' });
      alarm(`${pascal(name)}Errors`, `${name} failed invocations`, errors, ALARM_THRESHOLDS.functionErrors);
    }
    const throttles = new Metric({
      namespace: 'AWS/Lambda',
      metricName: 'Throttles',
      statistic: 'Sum',
      period: FIVE_MINUTES,
      label: 'Lambda throttles (region)',
    });
    alarm(
      'LambdaThrottles',
      'Lambda throttled invocations in this region',
      throttles,
      ALARM_THRESHOLDS.throttles,
    );

    const apiRequests = props.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const api5xx = props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const api5xxRate = new MathExpression({
      expression: `IF(requests >= ${ALARM_THRESHOLDS.apiMinRequests}, 100 * errors / requests, 0)`,
      usingMetrics: { requests: apiRequests, errors: api5xx },
      period: FIVE_MINUTES,
      label: 'API 5xx %',
    });
    alarm(
      'Api5xxRate',
      'share of 5xx answers of the HTTP API (per cent)',
      api5xxRate,
      ALARM_THRESHOLDS.api5xxPercent,
    );

    const ses = (metricName: string) =>
      new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Average', period: Duration.hours(1) });
    const bounce = ses('Reputation.BounceRate');
    const complaint = ses('Reputation.ComplaintRate');
    alarm('SesBounceRate', 'SES bounce rate of the account', bounce, ALARM_THRESHOLDS.sesBounceRate);
    alarm(
      'SesComplaintRate',
      'SES complaint rate of the account',
      complaint,
      ALARM_THRESHOLDS.sesComplaintRate,
    );

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: 'order-desk',
      defaultInterval: Duration.days(7),
    });
    const graph = (title: string, left: IMetric[], width = 12) =>
      new GraphWidget({ title, left, width, height: 6, legendPosition: undefined });
    const byValues = (metric: BusinessMetric, values: readonly string[]) =>
      values.map((v) => businessMetric(metric, v));
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          "# Order desk\nBusiness events (hourly sums) from the functions' embedded metrics; alarms go to the ops alert topic. See docs/infra.md.",
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Orders placed by channel', byValues('ordersPlaced', CHANNELS), 8),
      graph('Approvals decided', byValues('approvalsDecided', ['approve', 'reject']), 8),
      graph(
        'Escalations and holds',
        [...byValues('escalations', ['approval', 'rush']), businessMetricSearch('ordersHeld')],
        8,
      ),
    );
    this.dashboard.addWidgets(
      graph('Emails quarantined', [businessMetricSearch('emailsQuarantined')], 8),
      graph('Report runs', [businessMetricSearch('reportRuns')], 8),
      graph('API requests and 5xx', [apiRequests, api5xx], 8),
    );
    this.dashboard.addWidgets(
      graph(
        'Workflow executions failed or timed out',
        props.stateMachines.map(({ name, machine }) =>
          machine.metricFailed({ label: name, period: FIVE_MINUTES }),
        ),
        8,
      ),
      graph(
        'Dead-letter queues',
        props.deadLetterQueues.map(({ name, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ label: name, period: FIVE_MINUTES }),
        ),
        8,
      ),
      graph('Lambda throttles and SES reputation', [throttles, bounce, complaint], 8),
    );
    this.dashboard.addWidgets(
      graph(
        'Function errors',
        props.functions.map(({ name, fn }) => fn.metricErrors({ label: name, period: FIVE_MINUTES })),
        24,
      ),
    );
  }
}

/** Every value of a business metric's dimension, found by a SEARCH (the values are open-ended). */
function businessMetricSearch(metric: BusinessMetric): IMetric {
  const { name, dimension } = BUSINESS_METRICS[metric];
  return new MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},${dimension},service} MetricName="${name}"', 'Sum', 3600)`,
    label: name,
    period: Duration.hours(1),
  });
}

const pascal = (kebab: string): string =>
  kebab.replace(/(^|[-_])([a-zA-Z0-9])/g, (_m, _dash, c: string) => c.toUpperCase());
