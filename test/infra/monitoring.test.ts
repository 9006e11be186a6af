/**
 * Alarms and the dashboard (infra/monitoring.ts): each alarm watches its metric and notifies the
 * ops alert topic, which CloudWatch may publish to (its key names cloudwatch.amazonaws.com).
 */
import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, STATE_MACHINES } from '#functions/manifest.ts';
import { ALARM_THRESHOLDS } from '#infra/monitoring.ts';
import { BUSINESS_METRICS } from '#shared/observability/metrics.ts';
import { type BuiltOrderDesk, buildForTest, removeBuilds } from './order-desk-app.ts';

let desk: BuiltOrderDesk;
let template: Template;
/** The alarms and the dashboard live in a nested stack of their own. */
let monitoring: Template;
beforeAll(() => {
  desk = buildForTest();
  template = desk.statelessTemplate();
  monitoring = desk.monitoringTemplate();
});
afterAll(removeBuilds);

type Alarm = { Properties: Record<string, unknown> };
const alarms = (): Alarm[] => Object.values(monitoring.findResources('AWS::CloudWatch::Alarm')) as Alarm[];
const topicRef = () => ({
  Ref: Stack.of(desk.stateless).getLogicalId(desk.stateless.reports!.alerts.node.defaultChild as never),
});
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  Stack.of(desk.stateless).getLogicalId(construct.node.defaultChild as never);

/** The alarms whose metric (or one metric of its expression) has this name and dimension value. */
function alarmsOn(metricName: string, dimension?: unknown): Alarm[] {
  return alarms().filter((a) => {
    const p = a.Properties;
    const metrics = (p['Metrics'] as { MetricStat?: { Metric: Record<string, unknown> } }[] | undefined)?.map(
      (m) => m.MetricStat?.Metric,
    ) ?? [{ MetricName: p['MetricName'], Dimensions: p['Dimensions'] }];
    return metrics.some(
      (m) =>
        m?.['MetricName'] === metricName &&
        (dimension === undefined || JSON.stringify(m?.['Dimensions']).includes(JSON.stringify(dimension))),
    );
  });
}

describe('alarms (to the ops alert topic)', () => {
  it('sends every alarm to the ops alert topic', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const a of alarms()) expect(a.Properties['AlarmActions']).toEqual([topicRef()]);
  });

  it('watches failed and timed-out executions of each state machine', () => {
    for (const [i, machine] of STATE_MACHINES.entries()) {
      const ref = { Ref: idOf(desk.stateless.workflows[i]!.stateMachine) };
      const failed = alarmsOn('ExecutionsFailed', ref);
      expect(failed, machine.name).toHaveLength(1);
      expect(alarmsOn('ExecutionsTimedOut', ref), machine.name).toEqual(failed);
      expect(failed[0]!.Properties).toMatchObject({ Threshold: 1, TreatMissingData: 'notBreaching' });
    }
  });

  it('watches the depth of each dead-letter queue', () => {
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    expect(queues.length).toBeGreaterThan(0);
    for (const queue of queues) {
      const depth = alarmsOn('ApproximateNumberOfMessagesVisible', {
        Name: 'QueueName',
        Value: { 'Fn::GetAtt': [queue, 'QueueName'] },
      });
      expect(depth, queue).toHaveLength(1);
      expect(depth[0]!.Properties).toMatchObject({ Threshold: 1, Statistic: 'Maximum' });
    }
  });

  it('watches the errors of each function and the throttles of the region', () => {
    for (const f of desk.stateless.functions) {
      const errors = alarmsOn('Errors', { Name: 'FunctionName', Value: { Ref: idOf(f.fn) } });
      expect(errors, f.spec.name).toHaveLength(1);
      expect(errors[0]!.Properties['Threshold']).toBe(ALARM_THRESHOLDS.functionErrors);
    }
    expect(desk.stateless.functions).toHaveLength(FUNCTIONS.filter((f) => !f.localOnly).length);
    const throttles = alarmsOn('Throttles');
    expect(throttles).toHaveLength(1);
    // Region-wide: no function dimension (concurrency is an account quota).
    expect(JSON.stringify(throttles[0]!.Properties)).toContain('"Namespace":"AWS/Lambda"');
    expect(JSON.stringify(throttles[0]!.Properties)).not.toContain('Dimensions');
  });

  it('watches the share of 5xx answers of the HTTP API', () => {
    const api = { Name: 'ApiId', Value: { Ref: idOf(desk.stateless.api.api) } };
    const rate = alarmsOn('5xx', api);
    expect(rate).toHaveLength(1);
    expect(alarmsOn('Count', api)).toEqual(rate);
    expect(rate[0]!.Properties['Threshold']).toBe(ALARM_THRESHOLDS.api5xxPercent);
    expect(JSON.stringify(rate[0]!.Properties['Metrics'])).toContain('100 * errors / requests');
  });

  it('watches the SES bounce and complaint rates of the account', () => {
    for (const [name, threshold] of [
      ['Reputation.BounceRate', ALARM_THRESHOLDS.sesBounceRate],
      ['Reputation.ComplaintRate', ALARM_THRESHOLDS.sesComplaintRate],
    ] as const) {
      const a = alarmsOn(name);
      expect(a, name).toHaveLength(1);
      expect(a[0]!.Properties).toMatchObject({ Namespace: 'AWS/SES', Threshold: threshold });
    }
  });

  it('lets CloudWatch (alarms of this account) use the ops alert topic key, and no one else', () => {
    const topic = Object.values(template.findResources('AWS::SNS::Topic')).find(
      (t) => t.Properties.DisplayName === 'Order desk report alerts',
    )!;
    const keyId = (topic.Properties.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const key = template.findResources('AWS::KMS::Key')[keyId]!;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const statements = key.Properties.KeyPolicy.Statement as { Principal: unknown; Condition?: unknown }[];
    const cloudwatch = statements.filter((s) =>
      JSON.stringify(s.Principal).includes('cloudwatch.amazonaws.com'),
    );
    expect(cloudwatch).toHaveLength(1);
    expect(cloudwatch[0]).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
  });
});

describe('the dashboard', () => {
  it('shows every business metric next to the API, workflows, queues and SES', () => {
    monitoring.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    const body = JSON.stringify(
      Object.values(monitoring.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody,
    );
    for (const { name } of Object.values(BUSINESS_METRICS)) expect(body).toContain(name);
    for (const word of [
      'OrderDesk',
      '5xx',
      'ExecutionsFailed',
      'ApproximateNumberOfMessagesVisible',
      'Reputation.BounceRate',
    ]) {
      expect(body).toContain(word);
    }
  });
});
