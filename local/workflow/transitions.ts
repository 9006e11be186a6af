/**
 * Moving an execution between states. Entering a state is committed before anything of that
 * state runs (the cursor then names the state and its input), so a kill at any point resumes
 * at the last state entered; Retry back-off and Catch are decided here from the persisted
 * cursor, not by the interpreter, so they survive restarts too.
 */
import type { Core, Live } from './core.ts';
import type { AslState } from './definitions.ts';
import { StatesRuntimeError, type WorkflowFailure } from './errors.ts';
import { draft } from './history.ts';
import { applyResult, type ContextObject, selectPaths } from './interpreter.ts';
import { decide, scaledMs } from './policy.ts';
import type { Cursor } from './store.ts';

/** The history is capped as on AWS (25,000 events), which also stops endless loops. */
const MAX_EVENTS = 25_000;

const iso = (ms: number) => new Date(ms).toISOString();

export function cursorOf(live: Live): Cursor {
  const cursor = live.item.cursor;
  if (!cursor) throw new Error(`Execution ${live.item.executionArn} has no cursor`);
  return cursor;
}

export function stateOf(live: Live): { name: string; state: AslState } {
  const name = cursorOf(live).state;
  const state = live.machine.states[name];
  if (!state) throw new Error(`State ${name} is not in ${live.machine.name}`);
  return { name, state };
}

export const stateInput = (live: Live): unknown => JSON.parse(cursorOf(live).input);

/** The Context Object (`$$`) of the current state. */
export function contextFor(live: Live, taskToken?: string): ContextObject {
  const cursor = cursorOf(live);
  return {
    execution: {
      arn: live.item.executionArn,
      name: live.item.name,
      input: JSON.parse(live.item.input),
      startTime: iso(live.item.startDate),
    },
    stateMachine: { arn: live.machine.arn, name: live.machine.name },
    state: {
      name: cursor.state,
      enteredTime: iso(cursor.enteredAt),
      retryCount: cursor.retries.reduce((sum, n) => sum + n, 0),
    },
    taskToken,
  };
}

/**
 * A Wait's duration in wall-clock ms: Seconds or SecondsPath over the time scale, or until a
 * Timestamp(Path). A timestamp is a moment, not a duration: tasks compute theirs on the workflow
 * clock already (shared/domain/workflow-time.ts), so it is not scaled again.
 */
export async function waitMs(core: Core, live: Live): Promise<number> {
  const { name, state } = stateOf(live);
  const untilTimestamp = (value: unknown) => {
    const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(at)) throw new StatesRuntimeError(`${name}: the Wait timestamp is not an ISO-8601 time`);
    return Math.max(0, at - Date.now());
  };
  if (typeof state.Seconds === 'number') return scaledMs(state.Seconds, core.timeScale);
  if (state.Timestamp) return untilTimestamp(state.Timestamp);
  const path = state.SecondsPath ?? state.TimestampPath;
  if (!path) throw new StatesRuntimeError(`${name}: the Wait has no duration`);
  const { value } = await selectPaths(name, state, stateInput(live), contextFor(live), { value: path });
  if (state.TimestampPath) return untilTimestamp(value);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new StatesRuntimeError(`${name}: SecondsPath must point to a non-negative integer`);
  }
  return scaledMs(value, core.timeScale);
}

/**
 * Logs the entry and commits the new cursor: from here a restart resumes in this state. A Wait's
 * deadline is computed now and committed with the entry, so downtime counts against it.
 */
export async function enterState(core: Core, live: Live, name: string, input: unknown): Promise<void> {
  const state = live.machine.states[name];
  if (!state) throw new Error(`State ${name} is not in ${live.machine.name}`);
  if (live.item.lastEventId >= MAX_EVENTS) {
    await failExecution(core, live, {
      error: 'States.Runtime',
      cause: `The execution reached the limit of ${MAX_EVENTS} history events`,
      retryable: false,
      catchable: false,
    });
    return;
  }
  const event = core.emit(live, draft.stateEntered(state.Type, name, input));
  live.item.cursor = {
    state: name,
    input: JSON.stringify(input ?? null),
    enteredEventId: event.id,
    enteredAt: event.timestamp,
    phase: 'ready',
    attempt: 0,
    retries: [],
  };
  if (state.Type === 'Wait') {
    try {
      const due = Date.now() + (await waitMs(core, live));
      Object.assign(live.item.cursor, { phase: 'wait', due });
    } catch {
      // Left 'ready': the driver evaluates it again and fails the execution with the error.
    }
  }
  await core.commit(live);
}

/** Leaves the current state with `output`: to `next`, or ends the execution successfully. */
export async function leave(
  core: Core,
  live: Live,
  output: unknown,
  next: string | null,
  logExit = true,
): Promise<void> {
  const { name, state } = stateOf(live);
  if (logExit) core.emit(live, draft.stateExited(state.Type, name, output));
  if (next === null) {
    await core.finish(live, 'SUCCEEDED', draft.executionSucceeded(output), {
      output: JSON.stringify(output ?? null),
    });
    return;
  }
  await enterState(core, live, next, output);
}

export async function failExecution(core: Core, live: Live, failure: WorkflowFailure): Promise<void> {
  await core.finish(live, 'FAILED', draft.executionFailed(failure.error, failure.cause), {
    error: failure.error,
    cause: failure.cause,
  });
}

/** After a failed attempt: a durable Retry back-off, a Catch to its Next, or the execution fails. */
export async function handleFailure(core: Core, live: Live, failure: WorkflowFailure): Promise<void> {
  const cursor = cursorOf(live);
  const { name, state } = stateOf(live);
  const canHandle = state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map';
  const decision = canHandle
    ? decide(state, cursor.retries, failure, core.timeScale)
    : { kind: 'fail' as const };
  if (decision.kind === 'retry') {
    while (cursor.retries.length <= decision.retrier) cursor.retries.push(0);
    cursor.retries[decision.retrier]! += 1;
    cursor.phase = 'ready';
    cursor.due = Date.now() + decision.delayMs;
    delete cursor.token;
    delete cursor.submitted;
    await core.commit(live);
    return;
  }
  if (decision.kind === 'catch') {
    const errorOutput = { Error: failure.error, Cause: failure.cause };
    const resultPath = 'ResultPath' in decision.catcher ? { ResultPath: decision.catcher.ResultPath } : {};
    let output: unknown;
    try {
      output = await applyResult(name, resultPath, stateInput(live), errorOutput, contextFor(live));
    } catch (error) {
      await failExecution(core, live, {
        error: 'States.Runtime',
        cause: (error as Error).message,
        retryable: false,
        catchable: false,
      });
      return;
    }
    core.log(`workflow: ${live.item.executionArn} state ${name} caught ${failure.error}`);
    await enterState(core, live, decision.catcher.Next, output);
    return;
  }
  await failExecution(core, live, failure);
}
