/**
 * Retry and Catch, decided by the runner rather than the interpreter so that retry counts and
 * back-off pauses survive a restart (they are part of the persisted cursor), and time scale
 * (ORDERDESK_TIME_SCALE) that shortens every workflow duration.
 */
import type { AslState, Catcher } from './definitions.ts';
import type { WorkflowFailure } from './errors.ts';

const TIMEOUTS = new Set(['States.Timeout', 'States.HeartbeatTimeout']);

/** Workflow seconds to wall-clock ms at this time scale; fractions kept, at least 1 ms. */
export function scaledMs(seconds: number, timeScale: number): number {
  if (!(seconds > 0)) return 0;
  return Math.max(1, (seconds * 1000) / timeScale);
}

/**
 * ASL error matching: `States.ALL` matches everything, `States.TaskFailed` every Task error but
 * the timeouts, `States.Timeout` also a heartbeat timeout (as AWS does), else the exact name.
 */
export function errorMatches(
  errorEquals: readonly string[],
  failure: WorkflowFailure,
  stateType: string,
): boolean {
  return errorEquals.some((name) => {
    if (name === 'States.ALL') return true;
    if (name === 'States.TaskFailed') return stateType === 'Task' && !TIMEOUTS.has(failure.error);
    if (name === 'States.Timeout') return TIMEOUTS.has(failure.error);
    return name === failure.error;
  });
}

export type Decision =
  | { kind: 'retry'; retrier: number; delayMs: number }
  | { kind: 'catch'; catcher: Catcher }
  | { kind: 'fail' };

/**
 * What happens after a failed attempt. The first Retrier whose ErrorEquals matches decides: it
 * retries until its MaxAttempts are used up, then the Catchers are scanned in order.
 */
export function decide(
  state: AslState,
  retries: readonly number[],
  failure: WorkflowFailure,
  timeScale: number,
  random: () => number = Math.random,
): Decision {
  if (failure.retryable) {
    const retriers = state.Retry ?? [];
    const index = retriers.findIndex((retrier) => errorMatches(retrier.ErrorEquals, failure, state.Type));
    const retrier = retriers[index];
    if (retrier) {
      const done = retries[index] ?? 0;
      if (done < (retrier.MaxAttempts ?? 3)) {
        let seconds = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** done;
        if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
        if (retrier.JitterStrategy === 'FULL') seconds *= random();
        return { kind: 'retry', retrier: index, delayMs: scaledMs(seconds, timeScale) };
      }
    }
  }
  if (failure.catchable) {
    const catcher = (state.Catch ?? []).find((c) => errorMatches(c.ErrorEquals, failure, state.Type));
    if (catcher) return { kind: 'catch', catcher };
  }
  return { kind: 'fail' };
}
