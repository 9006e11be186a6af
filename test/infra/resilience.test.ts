/**
 * Failures that are parked, not lost, on the synthesized template: the stream mapping reports
 * per-record failures (ReportBatchItemFailures) and parks a record that keeps failing in the
 * stream DLQ; receive-email, which SES invokes asynchronously, has Lambda's retries and then an
 * on-failure destination (R-INTAKE-6); both queues are encrypted, TLS-only, kept 14 days, and
 * their URLs are outputs for `npm run redrive`. And rush-order, which continues as a new
 * execution of itself, may start executions of itself only.
 */
import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltOrderDesk, buildForTest, removeBuilds } from './order-desk-app.ts';

let desk: BuiltOrderDesk;
beforeAll(() => {
  desk = buildForTest();
});
afterAll(removeBuilds);

const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  Stack.of(desk.stateless).getLogicalId(construct.node.defaultChild as never);
const fnId = (name: string) => idOf(desk.stateless.functions.find((f) => f.spec.name === name)!.fn);
const queueId = (which: 'stream' | 'inboundMail') => idOf(desk.stateless.deadLetterQueues[which]! as never);

describe('dead-letter queues', () => {
  it('has the stream mapping report per-record failures, then park the record', () => {
    desk.statelessTemplate().hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId('order-received') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId('stream'), 'Arn'] } } },
    });
  });

  it('gives receive-email (asynchronous, from SES) two retries and then the inbound-mail DLQ', () => {
    const template = desk.statelessTemplate();
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).filter(
      (c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: fnId('receive-email') }),
    );
    expect(configs).toHaveLength(1);
    expect(configs[0]!.Properties).toMatchObject({
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId('inboundMail'), 'Arn'] } } },
    });
    // Its role may send to that queue (Lambda sends the record as the function).
    const roleId = idOf(
      desk.stateless.functions.find((f) => f.spec.name === 'receive-email')!.fn.role as never,
    );
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: Match.arrayWith([{ Ref: roleId }]),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['sqs:SendMessage']),
            Resource: { 'Fn::GetAtt': [queueId('inboundMail'), 'Arn'] },
          }),
        ]),
      },
    });
  });

  it.each(['stream', 'inboundMail'] as const)('keeps the %s DLQ encrypted, TLS-only and 14 days', (which) => {
    const template = desk.statelessTemplate();
    const queue = template.findResources('AWS::SQS::Queue')[queueId(which)]!;
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId(which) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('outputs both queue URLs for npm run redrive', () => {
    const outputs = desk.statelessTemplate().findOutputs('*');
    expect(outputs['StreamDlqUrl']?.Value).toEqual({ Ref: queueId('stream') });
    expect(outputs['InboundMailDlqUrl']?.Value).toEqual({ Ref: queueId('inboundMail') });
  });
});

describe('rush-order continues as a new execution', () => {
  it('may start executions of itself and of no other state machine', () => {
    const template = desk.statelessTemplate();
    const rush = desk.stateless.workflows.find((w) => w.node.id === 'rush-order')!;
    const machineId = idOf(rush.stateMachine as never);
    const roleId = idOf(rush.stateMachine.role as never);
    const starts = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[])
      .filter((s) => JSON.stringify(s.Action).includes('states:StartExecution'));
    expect(starts).toEqual([
      expect.objectContaining({ Action: 'states:StartExecution', Resource: { Ref: machineId } }),
    ]);
    for (const other of desk.stateless.workflows.filter((w) => w.node.id !== 'rush-order')) {
      const otherRole = idOf(other.stateMachine.role as never);
      const statements = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(otherRole))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown }[]);
      expect(JSON.stringify(statements), other.node.id).not.toContain('states:StartExecution');
    }
  });
});
