import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStateTransitions, startWorkflowRunner } from '#local/workflow/runner.ts';
import {
  asl,
  fnArn,
  type Harness,
  history,
  openDynamo,
  startHarness,
  TABLE,
  waitForStatus,
} from './support.ts';

class ConflictError extends Error {
  override name = 'ConflictError';
}

const ORDER_PATH = asl({
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Pass',
      Parameters: {
        'orderId.$': '$.orderId',
        'total.$': '$.total',
        'execution.$': '$$.Execution.Name',
        'original.$': '$$.Execution.Input.orderId',
      },
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.total', NumericGreaterThan: 100, Next: 'Price' }],
      Default: 'Small',
    },
    Price: { Type: 'Task', Resource: fnArn('price'), ResultPath: '$.price', Next: 'Notify' },
    Notify: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'notify', 'Payload.$': '$' },
      ResultSelector: { 'sent.$': '$.Payload.sent', 'status.$': '$.StatusCode' },
      ResultPath: '$.notify',
      Next: 'Done',
    },
    Small: { Type: 'Pass', Result: 'small', ResultPath: '$.kind', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
});

const FLAKY = asl({
  StartAt: 'Reserve',
  States: {
    Reserve: {
      Type: 'Task',
      Resource: fnArn('flaky'),
      Retry: [{ ErrorEquals: ['ConflictError'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recovered' }],
      Next: 'Reserved',
    },
    Reserved: { Type: 'Pass', Result: 'reserved', ResultPath: '$.outcome', End: true },
    Recovered: { Type: 'Pass', Result: 'recovered', ResultPath: '$.outcome', End: true },
  },
});

const GATE = asl({
  StartAt: 'Check',
  States: {
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Hold' }],
      Default: 'Reject',
    },
    Hold: { Type: 'Wait', Seconds: 3600, Next: 'Done' },
    Reject: { Type: 'Fail', Error: 'Rejected', Cause: 'not ok' },
    Done: { Type: 'Succeed' },
  },
});

const FAN_OUT = asl({
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        StartAt: 'Double',
        States: { Double: { Type: 'Task', Resource: fnArn('double'), End: true } },
      },
      ResultPath: '$.doubled',
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', Result: 'left', End: true } } },
        {
          StartAt: 'Right',
          States: {
            Right: { Type: 'Task', Resource: fnArn('double'), InputPath: '$.doubled[0]', End: true },
          },
        },
      ],
      ResultPath: '$.both',
      End: true,
    },
  },
});

const flakyCalls = new Map<string, number>();
const logLines: string[] = [];
let h: Harness;
const arnOf = (name: string) => h.runner.stateMachineArn(name);
const start = async (machine: string, input: unknown, name?: string) =>
  (
    await h.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arnOf(machine), input: JSON.stringify(input), name }),
    )
  ).executionArn!;

beforeAll(async () => {
  h = await startHarness({
    timeScale: 100,
    log: (line) => logLines.push(line),
    stateMachines: [
      { name: 'order-path', definition: ORDER_PATH },
      { name: 'flaky', definition: FLAKY },
      { name: 'gate', definition: GATE },
      { name: 'fan-out', definition: FAN_OUT },
    ],
    functions: {
      [fnArn('price')]: async (event) => ({ amount: (event as { total: number }).total * 2 }),
      [fnArn('notify')]: async () => ({ sent: true }),
      [fnArn('double')]: async (event) => (event as number) * 2,
      [fnArn('flaky')]: async (event) => {
        const { key, failures } = event as { key: string; failures: number };
        const calls = (flakyCalls.get(key) ?? 0) + 1;
        flakyCalls.set(key, calls);
        if (calls <= failures) throw new ConflictError(`version clash ${calls}`);
        return { calls };
      },
    },
  });
});
afterAll(() => h?.close());

const types = (events: HistoryEvent[]) => events.map((event) => event.type);

describe('a Pass → Choice → Task → Succeed execution', () => {
  it('runs to the end with AWS-shaped results and history', async () => {
    const arn = await start('order-path', { orderId: 'o-1', total: 150 }, 'big-order');
    expect(arn).toBe('arn:aws:states:local:000000000000:execution:order-path:big-order');
    const done = await waitForStatus(h.sfn, arn, 'SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({
      orderId: 'o-1',
      total: 150,
      execution: 'big-order',
      original: 'o-1',
      price: { amount: 300 },
      notify: { sent: true, status: 200 },
    });
    expect(done.startDate).toBeInstanceOf(Date);
    expect(done.stopDate!.getTime()).toBeGreaterThanOrEqual(done.startDate!.getTime());

    const events = await history(h.sfn, arn);
    expect(types(events)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events.every((event) => event.previousEventId === event.id! - 1)).toBe(true);
    expect(events[0]!.timestamp).toBeInstanceOf(Date);
    expect(events[0]!.executionStartedEventDetails?.input).toBe(
      JSON.stringify({ orderId: 'o-1', total: 150 }),
    );
    expect(events[5]!.stateEnteredEventDetails).toMatchObject({ name: 'Price' });
    const scheduled = events.find((event) => event.type === 'TaskScheduled')!.taskScheduledEventDetails!;
    expect(scheduled).toMatchObject({ resourceType: 'lambda', resource: 'invoke' });
    expect(JSON.parse(scheduled.parameters!)).toMatchObject({ FunctionName: 'notify' });
    const invokeOutput = JSON.parse(
      events.find((e) => e.type === 'TaskSucceeded')!.taskSucceededEventDetails!.output!,
    );
    expect(invokeOutput).toMatchObject({
      Payload: { sent: true },
      StatusCode: 200,
      ExecutedVersion: '$LATEST',
    });
    expect(countStateTransitions(events)).toBe(5);
  });

  it('takes the Choice default and counts fewer transitions', async () => {
    const arn = await start('order-path', { orderId: 'o-2', total: 20 });
    const done = await waitForStatus(h.sfn, arn, 'SUCCEEDED');
    expect(JSON.parse(done.output!)).toMatchObject({ orderId: 'o-2', kind: 'small' });
    expect(countStateTransitions(await history(h.sfn, arn))).toBe(4);
  });

  it('pages the history forwards and backwards', async () => {
    const arn = await start('order-path', { orderId: 'o-3', total: 20 });
    await waitForStatus(h.sfn, arn, 'SUCCEEDED');
    const all = await history(h.sfn, arn);
    const first = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 4 }));
    expect(first.events!.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    const second = await h.sfn.send(
      new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 4, nextToken: first.nextToken }),
    );
    expect(second.events!.map((e) => e.id)).toEqual([5, 6, 7, 8]);
    const newest = await h.sfn.send(
      new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 3, reverseOrder: true }),
    );
    expect(newest.events!.map((e) => e.id)).toEqual([all.length, all.length - 1, all.length - 2]);
    expect(newest.events![0]!.type).toBe('ExecutionSucceeded');
    const lean = await h.sfn.send(
      new GetExecutionHistoryCommand({ executionArn: arn, includeExecutionData: false }),
    );
    expect(lean.events![0]!.executionStartedEventDetails?.input).toBeUndefined();
  });

  it('runs Map and Parallel states whole, their tasks included', async () => {
    const arn = await start('fan-out', { items: [1, 2, 3] });
    const done = await waitForStatus(h.sfn, arn, 'SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ items: [1, 2, 3], doubled: [2, 4, 6], both: ['left', 4] });
    expect(types(await history(h.sfn, arn))).toContain('MapStateEntered');
  });
});

describe('Retry and Catch of a failing function', () => {
  it('retries a ConflictError and then succeeds', async () => {
    const arn = await start('flaky', { key: 'retry-ok', failures: 2 });
    const done = await waitForStatus(h.sfn, arn, 'SUCCEEDED');
    expect(JSON.parse(done.output!)).toMatchObject({ outcome: 'reserved' });
    const events = await history(h.sfn, arn);
    expect(types(events).filter((t) => t === 'LambdaFunctionScheduled')).toHaveLength(3);
    const failed = events.filter((e) => e.type === 'LambdaFunctionFailed');
    expect(failed).toHaveLength(2);
    expect(failed[0]!.lambdaFunctionFailedEventDetails).toEqual({
      error: 'ConflictError',
      cause: JSON.stringify({ errorType: 'ConflictError', errorMessage: 'version clash 1' }),
    });
    // Retries are not new transitions.
    expect(countStateTransitions(events)).toBe(2);
  });

  it('catches the error once the retries are used up', async () => {
    const arn = await start('flaky', { key: 'retry-exhausted', failures: 10 });
    const done = await waitForStatus(h.sfn, arn, 'SUCCEEDED');
    const output = JSON.parse(done.output!);
    expect(output.outcome).toBe('recovered');
    expect(output.error.Error).toBe('ConflictError');
    expect(JSON.parse(output.error.Cause)).toEqual({
      errorType: 'ConflictError',
      errorMessage: 'version clash 3',
    });
    expect(flakyCalls.get('retry-exhausted')).toBe(3);
  });

  it('fails the execution at a Fail state with its error and cause', async () => {
    const arn = await start('gate', { ok: false });
    const failed = await waitForStatus(h.sfn, arn, 'FAILED');
    expect(failed).toMatchObject({ error: 'Rejected', cause: 'not ok' });
    const events = await history(h.sfn, arn);
    expect(events.at(-1)!.executionFailedEventDetails).toEqual({ error: 'Rejected', cause: 'not ok' });
  });
});

describe('StartExecution and StopExecution', () => {
  it('is idempotent by name for the same input and refuses a different one', async () => {
    const input = JSON.stringify({ ok: true });
    const stateMachineArn = arnOf('gate');
    const first = await h.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'hold-1', input }));
    const again = await h.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'hold-1', input }));
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(
      h.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'hold-1', input: '{"ok":1}' })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists', $metadata: { httpStatusCode: 400 } });
  });

  it('stops a waiting execution and refuses the name afterwards', async () => {
    const arn = await start('gate', { ok: true }, 'hold-2');
    await h.runner.idle();
    const stopped = await h.sfn.send(
      new StopExecutionCommand({ executionArn: arn, error: 'Cancelled', cause: 'customer called' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await h.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'customer called' });
    const events = await history(h.sfn, arn);
    expect(types(events).slice(-2)).toEqual(['WaitStateEntered', 'ExecutionAborted']);
    await expect(start('gate', { ok: true }, 'hold-2')).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
  });

  it('answers unknown executions and machines with AWS error names', async () => {
    await expect(
      h.sfn.send(
        new DescribeExecutionCommand({
          executionArn: 'arn:aws:states:local:000000000000:execution:gate:nope',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(
      h.sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' })),
    ).rejects.toMatchObject({
      name: 'InvalidArn',
    });
    await expect(
      h.sfn.send(new StartExecutionCommand({ stateMachineArn: arnOf('missing'), input: '{}' })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(
      h.sfn.send(new StartExecutionCommand({ stateMachineArn: arnOf('gate'), input: '{not json' })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
  });
});

describe('definitions checked at start', () => {
  const base = { stateMachines: [] as { name: string; definition: string }[], functions: {} };

  it('refuses invalid ASL with the validator messages', async () => {
    const { dynamo, db } = await openDynamo();
    try {
      await expect(
        startWorkflowRunner({
          ...base,
          db,
          tableName: TABLE,
          stateMachines: [
            { name: 'broken', definition: asl({ StartAt: 'A', States: { A: { Type: 'Pass', Nxt: 'B' } } }) },
          ],
        }),
      ).rejects.toThrow(/broken: invalid ASL:\n.*SCHEMA_VALIDATION_FAILED/);
      const nested = asl({
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            End: true,
            Branches: [
              {
                StartAt: 'Ask',
                States: {
                  Ask: {
                    Type: 'Task',
                    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                    Parameters: { FunctionName: fnArn('ask'), Payload: { 'token.$': '$$.Task.Token' } },
                    End: true,
                  },
                },
              },
            ],
          },
        },
      });
      await expect(
        startWorkflowRunner({
          ...base,
          db,
          tableName: TABLE,
          functions: { [fnArn('ask')]: async () => ({}) },
          stateMachines: [{ name: 'nested', definition: nested }],
        }),
      ).rejects.toThrow(/waitForTaskToken tasks must be at the top level/);
      await expect(
        startWorkflowRunner({
          ...base,
          db,
          tableName: TABLE,
          stateMachines: [
            {
              name: 'unknown-fn',
              definition: asl({
                StartAt: 'A',
                States: { A: { Type: 'Task', Resource: fnArn('nope'), End: true } },
              }),
            },
          ],
        }),
      ).rejects.toThrow(/unsupported or unknown Resource/);
    } finally {
      db.destroy();
      await dynamo.close();
    }
  });
});

describe('logging', () => {
  it('names executions, states and errors but never logs execution data', async () => {
    const secret = 'customer-phone-13800000000';
    const arn = await start('flaky', { key: secret, failures: 10 });
    await waitForStatus(h.sfn, arn, 'SUCCEEDED');
    const lines = logLines.filter((line) => line.includes(arn));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((line) => line.includes('ConflictError'))).toBe(true);
    expect(logLines.some((line) => line.includes(secret) || line.includes('version clash'))).toBe(false);
  });
});
