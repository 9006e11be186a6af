/**
 * Report schedules on AWS (R-REPORT-1): EventBridge Scheduler schedules from the manifest's
 * `schedule` triggers, their cron, time zone and target, Lambda's retries and the alerts topic,
 * and the same checks cdk-nag makes of the new resources.
 */
import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_RUN_RETRIES } from '#infra/report-schedules.ts';
import { type BuiltOrderDesk, buildForTest, removeBuilds } from './order-desk-app.ts';

let desk: BuiltOrderDesk;
let template: Template;
beforeAll(() => {
  desk = buildForTest({ context: { opsAlertEmail: 'ops-alerts@example.com' } });
  template = desk.statelessTemplate();
});
afterAll(removeBuilds);

const sendReport = () => {
  const fn = desk.stateless.functions.find((f) => f.spec.name === 'send-report');
  if (!fn) throw new Error('no send-report function');
  return Stack.of(desk.stateless).getLogicalId(fn.fn.node.defaultChild as never);
};

const schedules = (t: Template) => Object.values(t.findResources('AWS::Scheduler::Schedule'));

describe('report schedules on AWS (R-REPORT-1)', () => {
  it('creates one EventBridge schedule per schedule trigger, cron converted, in Asia/Shanghai', () => {
    const found = schedules(template).map((r) => r.Properties);
    expect(found.map((p) => [p.ScheduleExpression, p.ScheduleExpressionTimezone, p.State]).sort()).toEqual([
      // R-QUOTE-2: quotations about to expire, every morning (the quotations function).
      ['cron(0 8 * * ? *)', 'Asia/Shanghai', 'ENABLED'],
      // R-FIN-3: monthly statements, on the 1st (the billing function).
      ['cron(0 9 1 * ? *)', 'Asia/Shanghai', 'ENABLED'],
      ['cron(0 9 ? * 2 *)', 'Asia/Shanghai', 'ENABLED'],
      ['cron(30 8 * * ? *)', 'Asia/Shanghai', 'ENABLED'],
    ]);
    for (const p of found) expect(p.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
  });

  it('targets the send-report function with the schedule as input, through a role that may only invoke it', () => {
    const fnId = sendReport();
    const reportSchedules = schedules(template).filter((r) =>
      ['daily', 'weekly'].includes(JSON.parse(r.Properties.Target.Input).schedule),
    );
    const inputs = reportSchedules.map((r) => {
      const target = r.Properties.Target;
      expect(target.Arn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
      return JSON.parse(target.Input);
    });
    expect(inputs).toEqual(expect.arrayContaining([{ schedule: 'daily' }, { schedule: 'weekly' }]));

    const roleId = reportSchedules[0]!.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
    const role = template.findResources('AWS::IAM::Role')[roleId]!.Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
    const statements = role.Policies.flatMap(
      (p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement,
    );
    expect(statements).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [fnId, 'Arn'] } },
    ]);
  });

  it('retries a failed run twice, then sends it to the alerts topic, which mails the ops address', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: sendReport() },
      MaximumRetryAttempts: REPORT_RUN_RETRIES,
      DestinationConfig: {
        OnFailure: { Destination: { Ref: Match.stringLikeRegexp('ReportSchedulesAlerts') } },
      },
    });
    expect(REPORT_RUN_RETRIES).toBe(2);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops-alerts@example.com',
      TopicArn: { Ref: Match.stringLikeRegexp('ReportSchedulesAlerts') },
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Order desk report alerts',
      KmsMasterKeyId: Match.anyValue(),
    });
  });

  it('targets the billing function with the monthly-statements schedule (R-FIN-3)', () => {
    const fn = desk.stateless.functions.find((f) => f.spec.name === 'billing')!;
    const fnId = Stack.of(desk.stateless).getLogicalId(fn.fn.node.defaultChild as never);
    const monthly = schedules(template).filter((r) => r.Properties.Target.Input.includes('monthly'));
    expect(monthly.map((r) => [r.Properties.Target.Arn, JSON.parse(r.Properties.Target.Input)])).toEqual([
      [{ 'Fn::GetAtt': [fnId, 'Arn'] }, { schedule: 'monthly-statements' }],
    ]);
  });

  it('targets the quotations function with the quotation-expiry schedule (R-QUOTE-2)', () => {
    const fn = desk.stateless.functions.find((f) => f.spec.name === 'quotations')!;
    const fnId = Stack.of(desk.stateless).getLogicalId(fn.fn.node.defaultChild as never);
    const expiry = schedules(template).filter((r) => r.Properties.Target.Input.includes('quotation-expiry'));
    expect(expiry.map((r) => [r.Properties.Target.Arn, JSON.parse(r.Properties.Target.Input)])).toEqual([
      [{ 'Fn::GetAtt': [fnId, 'Arn'] }, { schedule: 'quotation-expiry' }],
    ]);
  });

  it('leaves no cdk-nag finding on the schedules, their role and the alerts topic', () => {
    const scope = desk.stateless.reports!;
    const findings = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope).violations;
    expect(findings.map((f) => f.ruleName)).toEqual([]);
  });
});

describe('report schedules from context reportSchedules', () => {
  it('uses the configured cron, zone and state, and passes the same JSON to the function', () => {
    const json = JSON.stringify({
      daily: { cron: '0 8 * * 1-5', timezone: 'Asia/Hong_Kong' },
      weekly: { enabled: false },
    });
    const custom = buildForTest({ context: { reportSchedules: json } });
    const t = custom.statelessTemplate();
    expect(
      schedules(t)
        .map((r) => [
          r.Properties.ScheduleExpression,
          r.Properties.ScheduleExpressionTimezone,
          r.Properties.State,
        ])
        .sort(),
    ).toEqual([
      ['cron(0 8 * * ? *)', 'Asia/Shanghai', 'ENABLED'],
      ['cron(0 8 ? * 2-6 *)', 'Asia/Hong_Kong', 'ENABLED'],
      ['cron(0 9 1 * ? *)', 'Asia/Shanghai', 'ENABLED'],
      ['cron(0 9 ? * 2 *)', 'Asia/Shanghai', 'DISABLED'],
    ]);
    const fn = custom.stateless.functions.find((f) => f.spec.name === 'send-report')!;
    const id = Stack.of(custom.stateless).getLogicalId(fn.fn.node.defaultChild as never);
    expect(
      t.findResources('AWS::Lambda::Function')[id]!.Properties.Environment.Variables.REPORT_SCHEDULES,
    ).toBe(json);
    // No ops address in context: the topic exists, nobody is subscribed.
    expect(Object.keys(t.findResources('AWS::SNS::Subscription'))).toEqual([]);
  });

  it('fails the synth on an invalid configuration, naming the field', () => {
    expect(() => buildForTest({ context: { reportSchedules: '{"daily":{"cron":"every day"}}' } })).toThrow(
      /reportSchedules is invalid: .*daily\.cron/,
    );
  });
});

describe('report time zone from context reportTimeZone', () => {
  it('gives the report functions REPORT_TIME_ZONE, and only them (R-REPORT-2)', () => {
    const custom = buildForTest({ context: { reportTimeZone: 'Asia/Hong_Kong' } });
    const t = custom.statelessTemplate();
    const zoneOf = (name: string) => {
      const fn = custom.stateless.functions.find((f) => f.spec.name === name)!;
      const id = Stack.of(custom.stateless).getLogicalId(fn.fn.node.defaultChild as never);
      return t.findResources('AWS::Lambda::Function')[id]!.Properties.Environment.Variables.REPORT_TIME_ZONE;
    };
    expect(zoneOf('get-report-summary')).toBe('Asia/Hong_Kong');
    expect(zoneOf('send-report')).toBe('Asia/Hong_Kong');
    expect(zoneOf('create-order')).toBeUndefined();
  });

  it('fails the synth on a zone that does not exist', () => {
    expect(() => buildForTest({ context: { reportTimeZone: 'Asia/Atlantis' } })).toThrow(/reportTimeZone/);
  });
});
