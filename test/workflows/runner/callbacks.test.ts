import { randomBytes } from 'node:crypto';
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asl,
  eventually,
  fnArn,
  type Harness,
  history,
  sfnClient,
  startHarness,
  waitForStatus,
} from './support.ts';

// 1000× faster: a workflow second is a millisecond here.
const TIME_SCALE = 1000;
const CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const ask = (extra: object) => ({
  Type: 'Task',
  Resource: CALLBACK,
  Parameters: {
    FunctionName: fnArn('ask'),
    Payload: { 'orderId.$': '$.orderId', 'token.$': '$$.Task.Token' },
  },
  ResultPath: '$.decision',
  ...extra,
});
const end = (label: string) => ({ Type: 'Pass', Result: label, ResultPath: '$.outcome', End: true });

const APPROVAL = asl({
  StartAt: 'Ask',
  States: {
    Ask: ask({
      TimeoutSecondsPath: '$.timeoutSeconds',
      Catch: [
        // States.TaskFailed must not catch the timeout: it goes on to the second catcher.
        { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Rejected' },
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' },
      ],
      Next: 'Approved',
    }),
    Approved: end('approved'),
    Rejected: end('rejected'),
    TimedOut: end('timed out'),
  },
});
const PATIENT = asl({
  StartAt: 'Ask',
  States: { Ask: ask({ Next: 'Approved' }), Approved: end('approved') },
});
const HEARTBEAT = asl({
  StartAt: 'Ask',
  States: {
    Ask: ask({
      HeartbeatSeconds: 300,
      Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], ResultPath: '$.error', Next: 'Silent' }],
      Next: 'Approved',
    }),
    Approved: end('approved'),
    Silent: end('silent'),
  },
});
const PLAIN = asl({
  StartAt: 'Slow',
  States: {
    Slow: { Type: 'Task', Resource: fnArn('slow'), TimeoutSecondsPath: '$.timeout', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
});
const RETRIED = asl({
  StartAt: 'Ask',
  States: {
    Ask: ask({
      Retry: [{ ErrorEquals: ['TryAgain'], IntervalSeconds: 10, MaxAttempts: 1 }],
      Next: 'Approved',
    }),
    Approved: end('approved'),
  },
});
const SELF = asl({
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Task',
      Resource: CALLBACK,
      Parameters: { FunctionName: 'self-approve', Payload: { 'token.$': '$$.Task.Token' } },
      End: true,
    },
  },
});
const UNTIMED = asl({
  StartAt: 'Slow',
  States: { Slow: { Type: 'Task', Resource: fnArn('slow'), End: true } },
});

const asked: { orderId: string; token: string }[] = [];
let h: Harness;

async function startAndAsk(machine: string, input: Record<string, unknown>) {
  const { executionArn } = await h.sfn.send(
    new StartExecutionCommand({
      stateMachineArn: h.runner.stateMachineArn(machine),
      input: JSON.stringify(input),
    }),
  );
  const request = await eventually(() => asked.find((a) => a.orderId === input['orderId']));
  await h.runner.idle();
  return { arn: executionArn!, token: request.token };
}
const output = async (arn: string, status = 'SUCCEEDED') =>
  JSON.parse((await waitForStatus(h.sfn, arn, status)).output ?? 'null');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  h = await startHarness({
    timeScale: TIME_SCALE,
    stateMachines: [
      { name: 'approval', definition: APPROVAL },
      { name: 'patient', definition: PATIENT },
      { name: 'heartbeat', definition: HEARTBEAT },
      { name: 'plain', definition: PLAIN },
      { name: 'untimed', definition: UNTIMED },
      { name: 'retried', definition: RETRIED },
      { name: 'self', definition: SELF },
    ],
    functions: {
      [fnArn('ask')]: async (event) => {
        asked.push(event as { orderId: string; token: string });
        return { queued: true };
      },
      // Answers its own token before it returns, as a very fast approver would.
      [fnArn('self-approve')]: async (event) => {
        const client = sfnClient(h.runner.endpoint);
        const { token } = event as { token: string };
        await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '"self"' }));
        client.destroy();
        return { sent: true };
      },
      [fnArn('slow')]: async (event) => {
        await sleep((event as { ms: number }).ms);
        return 'finished';
      },
    },
  });
});
afterAll(() => h?.close());

describe('waitForTaskToken', () => {
  it('hands the function a fresh token and resumes with the SendTaskSuccess output', async () => {
    const { arn, token } = await startAndAsk('approval', { orderId: 'a-1', timeoutSeconds: 3600 });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const waiting = await history(h.sfn, arn);
    expect(waiting.map((e) => e.type).slice(-3)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted']);
    expect(waiting.at(-1)!.taskSubmittedEventDetails).toMatchObject({ resource: 'invoke.waitForTaskToken' });
    expect(JSON.parse(waiting.at(-1)!.taskSubmittedEventDetails!.output!).Payload).toEqual({ queued: true });

    await h.sfn.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true, by: 'lee' }) }),
    );
    expect(await output(arn)).toEqual({
      orderId: 'a-1',
      timeoutSeconds: 3600,
      decision: { approved: true, by: 'lee' },
      outcome: 'approved',
    });
    const events = await history(h.sfn, arn);
    expect(events.find((e) => e.type === 'TaskSucceeded')!.taskSucceededEventDetails!.output).toBe(
      JSON.stringify({ approved: true, by: 'lee' }),
    );
    expect(asked.filter((a) => a.orderId === 'a-1')).toHaveLength(1);
  });

  it('routes SendTaskFailure through Catch', async () => {
    const { arn, token } = await startAndAsk('approval', { orderId: 'a-2', timeoutSeconds: 3600 });
    await h.sfn.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'too expensive' }),
    );
    const result = await output(arn);
    expect(result).toMatchObject({
      outcome: 'rejected',
      error: { Error: 'Rejected', Cause: 'too expensive' },
    });
    expect(
      (await history(h.sfn, arn)).find((e) => e.type === 'TaskFailed')!.taskFailedEventDetails,
    ).toMatchObject({
      error: 'Rejected',
      cause: 'too expensive',
    });
  });

  it('times out after TimeoutSecondsPath (scaled) and goes to the States.Timeout catcher', async () => {
    const started = Date.now();
    const { arn, token } = await startAndAsk('approval', { orderId: 'a-3', timeoutSeconds: 300 });
    const result = await output(arn);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(result).toMatchObject({ outcome: 'timed out', error: { Error: 'States.Timeout' } });
    expect((await history(h.sfn, arn)).some((e) => e.type === 'TaskTimedOut')).toBe(true);
    await expect(
      h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('fails on a missing heartbeat and stays alive while heartbeats come', async () => {
    const silent = await startAndAsk('heartbeat', { orderId: 'hb-1' });
    const chatty = await startAndAsk('heartbeat', { orderId: 'hb-2' });
    const until = Date.now() + 900; // three heartbeat periods
    while (Date.now() < until) {
      await h.sfn.send(new SendTaskHeartbeatCommand({ taskToken: chatty.token }));
      await sleep(60);
    }
    expect(await output(silent.arn)).toMatchObject({
      outcome: 'silent',
      error: { Error: 'States.HeartbeatTimeout' },
    });
    const timedOut = (await history(h.sfn, silent.arn)).find((e) => e.type === 'TaskTimedOut')!;
    expect(timedOut.taskTimedOutEventDetails).toMatchObject({ error: 'States.HeartbeatTimeout' });
    await h.sfn.send(new SendTaskSuccessCommand({ taskToken: chatty.token, output: '"ok"' }));
    expect(await output(chatty.arn)).toMatchObject({ outcome: 'approved', decision: 'ok' });
  });

  it('waits without a timeout as long as it takes (no hidden 60 s default)', async () => {
    const { arn, token } = await startAndAsk('patient', { orderId: 'p-1' });
    await sleep(200); // 200 workflow seconds at this scale
    const events = await history(h.sfn, arn);
    expect(events.at(-1)!.type).toBe('TaskSubmitted');
    await h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"late":true}' }));
    expect(await output(arn)).toMatchObject({ decision: { late: true } });
  });

  it('lets exactly one of two concurrent SendTaskSuccess win', async () => {
    const { arn, token } = await startAndAsk('patient', { orderId: 'race-1' });
    const results = await Promise.allSettled(
      ['first', 'second'].map((who) =>
        h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(who) })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ name: 'TaskTimedOut' });
    const winner = results[0]!.status === 'fulfilled' ? 'first' : 'second';
    expect((await output(arn)).decision).toBe(winner);
  });

  it('refuses forged, unknown and malformed tokens and invalid output', async () => {
    await expect(
      h.sfn.send(new SendTaskSuccessCommand({ taskToken: 'forged', output: '{}' })),
    ).rejects.toMatchObject({
      name: 'InvalidToken',
      $metadata: { httpStatusCode: 400 },
    });
    const unknown = randomBytes(32).toString('base64url');
    await expect(
      h.sfn.send(new SendTaskSuccessCommand({ taskToken: unknown, output: '{}' })),
    ).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
    await expect(h.sfn.send(new SendTaskHeartbeatCommand({ taskToken: unknown }))).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
    const { arn, token } = await startAndAsk('patient', { orderId: 'bad-output' });
    await expect(
      h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{nope' })),
    ).rejects.toMatchObject({
      name: 'InvalidOutput',
    });
    await h.sfn.send(new StopExecutionCommand({ executionArn: arn }));
  });

  it('retries a failed callback with a new token', async () => {
    const { arn, token } = await startAndAsk('retried', { orderId: 'again-1' });
    await h.sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'TryAgain' }));
    const second = await eventually(() => {
      const tokens = asked.filter((a) => a.orderId === 'again-1').map((a) => a.token);
      return tokens.length === 2 ? tokens[1] : undefined;
    });
    expect(second).not.toBe(token);
    await h.runner.idle();
    await h.sfn.send(new SendTaskSuccessCommand({ taskToken: second, output: '"second time"' }));
    expect(await output(arn)).toMatchObject({ decision: 'second time' });
    const types = (await history(h.sfn, arn)).map((e) => e.type);
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(2);
    expect(types).toContain('TaskFailed');
  });

  it('accepts an answer that arrives while the function is still running', async () => {
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({ stateMachineArn: h.runner.stateMachineArn('self'), input: '{}' }),
    );
    expect(await output(executionArn!)).toBe('self');
  });

  it('closes the token of a stopped execution', async () => {
    const { arn, token } = await startAndAsk('patient', { orderId: 'stop-1' });
    await h.sfn.send(new StopExecutionCommand({ executionArn: arn, cause: 'withdrawn' }));
    await waitForStatus(h.sfn, arn, 'ABORTED');
    await expect(
      h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });
});

describe('time scale', () => {
  it('divides task timeouts: 60 s times out a 150 ms function at 1000×, no timeout lets it finish', async () => {
    const start = (machine: string, input: object) =>
      h.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: h.runner.stateMachineArn(machine),
          input: JSON.stringify(input),
        }),
      );
    const limited = await start('plain', { ms: 150, timeout: 60 });
    const unlimited = await start('untimed', { ms: 150 });
    const failed = await waitForStatus(h.sfn, limited.executionArn!, 'FAILED');
    expect(failed.error).toBe('States.Timeout');
    const events = await history(h.sfn, limited.executionArn!);
    expect(
      events.find((e) => e.type === 'LambdaFunctionTimedOut')!.lambdaFunctionTimedOutEventDetails,
    ).toMatchObject({
      error: 'States.Timeout',
    });
    expect(await output(unlimited.executionArn!)).toBe('finished');
  });
});
