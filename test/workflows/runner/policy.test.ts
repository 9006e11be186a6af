import { describe, expect, it } from 'vitest';
import type { AslState } from '#local/workflow/definitions.ts';
import { failure } from '#local/workflow/errors.ts';
import { decide, errorMatches, scaledMs } from '#local/workflow/policy.ts';
import { timeScaleFromEnv } from '#local/workflow/runner.ts';

const task = (fields: Partial<AslState>): AslState => ({ Type: 'Task', Resource: 'x', End: true, ...fields });

describe('Retry and Catch decisions', () => {
  it('keeps States.TaskFailed off timeouts and lets States.Timeout catch heartbeat timeouts', () => {
    expect(errorMatches(['States.TaskFailed'], failure('ConflictError'), 'Task')).toBe(true);
    expect(errorMatches(['States.TaskFailed'], failure('States.Timeout'), 'Task')).toBe(false);
    expect(errorMatches(['States.TaskFailed'], failure('States.HeartbeatTimeout'), 'Task')).toBe(false);
    expect(errorMatches(['States.Timeout'], failure('States.HeartbeatTimeout'), 'Task')).toBe(true);
    expect(errorMatches(['States.ALL'], failure('States.Timeout'), 'Task')).toBe(true);
    expect(errorMatches(['States.TaskFailed'], failure('Boom'), 'Parallel')).toBe(false);
  });

  it('backs off exponentially up to MaxDelaySeconds, scaled, then stops at MaxAttempts', () => {
    const state = task({
      Retry: [
        { ErrorEquals: ['Busy'], IntervalSeconds: 3, BackoffRate: 2, MaxAttempts: 3, MaxDelaySeconds: 10 },
      ],
    });
    const busy = failure('Busy');
    expect(decide(state, [], busy, 1)).toEqual({ kind: 'retry', retrier: 0, delayMs: 3_000 });
    expect(decide(state, [1], busy, 1)).toEqual({ kind: 'retry', retrier: 0, delayMs: 6_000 });
    expect(decide(state, [2], busy, 1)).toEqual({ kind: 'retry', retrier: 0, delayMs: 10_000 });
    expect(decide(state, [2], busy, 1000)).toEqual({ kind: 'retry', retrier: 0, delayMs: 10 });
    expect(decide(state, [3], busy, 1)).toEqual({ kind: 'fail' });
  });

  it('lets the first matching retrier decide, applies full jitter, and never retries States.Runtime', () => {
    const state = task({
      Retry: [
        { ErrorEquals: ['Busy'], MaxAttempts: 0 },
        { ErrorEquals: ['States.ALL'], IntervalSeconds: 4, JitterStrategy: 'FULL' },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }],
    });
    expect(decide(state, [], failure('Busy'), 1)).toMatchObject({
      kind: 'catch',
      catcher: { Next: 'Handle' },
    });
    expect(decide(state, [], failure('Other'), 1, () => 0.25)).toEqual({
      kind: 'retry',
      retrier: 1,
      delayMs: 1_000,
    });
    const runtime = { ...failure('States.Runtime'), retryable: false, catchable: false };
    expect(decide(state, [], runtime, 1)).toEqual({ kind: 'fail' });
  });

  it('scales durations and keeps at least a millisecond', () => {
    expect(scaledMs(60, 1000)).toBe(60);
    expect(scaledMs(1, 1_000_000)).toBe(1);
    expect(scaledMs(1.5, 3)).toBe(500);
    expect(scaledMs(0, 10)).toBe(0);
  });
});

describe('ORDERDESK_TIME_SCALE', () => {
  it('defaults to 1 and refuses anything but a positive number, naming the variable', () => {
    expect(timeScaleFromEnv({})).toBe(1);
    expect(timeScaleFromEnv({ ORDERDESK_TIME_SCALE: '1440' })).toBe(1440);
    expect(timeScaleFromEnv({ ORDERDESK_TIME_SCALE: '0.5' })).toBe(0.5);
    expect(() => timeScaleFromEnv({ ORDERDESK_TIME_SCALE: 'fast' })).toThrow(/ORDERDESK_TIME_SCALE/);
    expect(() => timeScaleFromEnv({ ORDERDESK_TIME_SCALE: '-2' })).toThrow(/ORDERDESK_TIME_SCALE/);
  });
});
