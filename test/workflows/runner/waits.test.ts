import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScheduler, MAX_TIMER_MS } from '#local/workflow/scheduler.ts';
import { asl, type Harness, history, startHarness, waitForStatus } from './support.ts';

describe('the due-time scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reaches a deadline past Node's 2^31-1 ms timer limit without firing early", () => {
    vi.useFakeTimers({ now: 0 });
    const scheduler = createScheduler();
    let fired = 0;
    scheduler.schedule('long', MAX_TIMER_MS + 60_000, () => fired++);
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(59_999);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
    scheduler.stop();
  });

  it('replaces a deadline under the same key, cancels, and fires a past deadline asynchronously', () => {
    vi.useFakeTimers({ now: 1_000 });
    const scheduler = createScheduler();
    const fired: string[] = [];
    scheduler.schedule('k', 5_000, () => fired.push('first'));
    scheduler.schedule('k', 3_000, () => fired.push('second'));
    scheduler.schedule('gone', 2_000, () => fired.push('cancelled'));
    scheduler.cancel('gone');
    scheduler.schedule('past', 0, () => fired.push('past'));
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(10_000);
    expect(fired).toEqual(['past', 'second']);
    scheduler.stop();
  });
});

describe('Wait states', () => {
  // 10,000,000×: a workflow second is 0.1 µs.
  const TIME_SCALE = 10_000_000;
  let h: Harness;
  const run = async (input: object) => {
    const started = Date.now();
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: h.runner.stateMachineArn('waits'),
        input: JSON.stringify(input),
      }),
    );
    const done = await waitForStatus(h.sfn, executionArn!, 'SUCCEEDED');
    return { elapsed: Date.now() - started, output: JSON.parse(done.output!), arn: executionArn! };
  };

  beforeAll(async () => {
    h = await startHarness({
      timeScale: TIME_SCALE,
      functions: {},
      stateMachines: [
        {
          name: 'deadline',
          definition: asl({
            TimeoutSeconds: 2_000_000, // ~200 ms here
            StartAt: 'Long',
            States: { Long: { Type: 'Wait', Seconds: 20_000_000, End: true } },
          }),
        },
        {
          name: 'waits',
          definition: asl({
            StartAt: 'How',
            States: {
              How: {
                Type: 'Choice',
                Choices: [
                  { Variable: '$.seconds', IsPresent: true, Next: 'BySecondsPath' },
                  { Variable: '$.until', IsPresent: true, Next: 'ByTimestampPath' },
                ],
                Default: 'FortyDays',
              },
              // 3,456,000 s = 40 days = 3.456e9 ms, past Node's timer limit before scaling.
              FortyDays: { Type: 'Wait', Seconds: 3_456_000, OutputPath: '$', Next: 'Done' },
              BySecondsPath: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Done' },
              ByTimestampPath: { Type: 'Wait', TimestampPath: '$.until', Next: 'Done' },
              Done: { Type: 'Pass', Result: 'woke', ResultPath: '$.state', End: true },
            },
          }),
        },
      ],
    });
  });
  afterAll(() => h?.close());

  it('scales a 40-day Wait down to about 350 ms', async () => {
    const { elapsed, output, arn } = await run({ order: 1 });
    expect(elapsed).toBeGreaterThanOrEqual(340);
    expect(elapsed).toBeLessThan(5_000);
    expect(output).toEqual({ order: 1, state: 'woke' });
    const types = (await history(h.sfn, arn)).map((e) => e.type);
    expect(types).toContain('WaitStateExited');
  });

  it('scales SecondsPath waits and waits until a TimestampPath moment unscaled', async () => {
    const bySeconds = await run({ seconds: 2_000_000 });
    expect(bySeconds.elapsed).toBeGreaterThanOrEqual(195);
    // A moment is not a duration: tasks put theirs on the workflow clock already.
    const until = new Date(Date.now() + 300).toISOString();
    const byTimestamp = await run({ until });
    expect(byTimestamp.elapsed).toBeGreaterThanOrEqual(280);
    expect(byTimestamp.elapsed).toBeLessThan(5_000);
  });

  it('times out the whole execution after its TimeoutSeconds (scaled)', async () => {
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({ stateMachineArn: h.runner.stateMachineArn('deadline'), input: '{}' }),
    );
    const timedOut = await waitForStatus(h.sfn, executionArn!, 'TIMED_OUT', 3_000);
    expect(timedOut.error).toBe('States.Timeout');
    expect((await history(h.sfn, executionArn!)).at(-1)!.type).toBe('ExecutionTimedOut');
  });
});
