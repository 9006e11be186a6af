/**
 * One attempt of a Task state. A plain function task runs its function outside the lock with
 * its (scaled) timeout; a crash while it runs replays the attempt (at-least-once, like a Lambda
 * retry). A `.waitForTaskToken` task first commits its token in the cursor and writes the token
 * item, then invokes the function; once the function returns, TaskSubmitted is committed and
 * the function is never invoked again for that token — the execution just waits for the token
 * item to be closed by SendTaskSuccess/Failure or a deadline, across restarts.
 */
import { randomBytes } from 'node:crypto';
import { armToken } from './callbacks.ts';
import { type Core, type Live, type Settled, tokenTimerKey } from './core.ts';
import { type AslState, isCallback, type TaskResource } from './definitions.ts';
import { failure, StatesRuntimeError, StatesTimeoutError, toFailure } from './errors.ts';
import { draft } from './history.ts';
import { applyResult, type ContextObject, effectiveInput, selectPaths } from './interpreter.ts';
import { runResource } from './lambda.ts';
import { scaledMs } from './policy.ts';
import { startChildExecution } from './start-execution.ts';
import type { TokenItem } from './token-store.ts';
import {
  contextFor,
  cursorOf,
  failExecution,
  handleFailure,
  leave,
  stateInput,
  stateOf,
} from './transitions.ts';

/** Opaque and unguessable: 32 random bytes, base64url (43 characters). */
export const mintToken = () => randomBytes(32).toString('base64url');

interface Timeouts {
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

function positiveInteger(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new StatesRuntimeError(`${field} must point to a positive integer`);
  }
  return value;
}

async function taskTimeouts(
  name: string,
  state: AslState,
  input: unknown,
  context: ContextObject,
): Promise<Timeouts> {
  const paths: Record<string, string> = {};
  if (state.TimeoutSecondsPath) paths['timeout'] = state.TimeoutSecondsPath;
  if (state.HeartbeatSecondsPath) paths['heartbeat'] = state.HeartbeatSecondsPath;
  const values = Object.keys(paths).length > 0 ? await selectPaths(name, state, input, context, paths) : {};
  return {
    timeoutSeconds: state.TimeoutSeconds ?? positiveInteger(values['timeout'], 'TimeoutSecondsPath'),
    heartbeatSeconds: state.HeartbeatSeconds ?? positiveInteger(values['heartbeat'], 'HeartbeatSecondsPath'),
  };
}

function withTimeout<T>(core: Core, work: Promise<T>, timeoutMs: number | undefined): Promise<T> {
  if (timeoutMs === undefined) return work;
  const key = `task-timeout:${randomBytes(8).toString('hex')}`;
  return new Promise<T>((resolve, reject) => {
    core.scheduler.schedule(key, Date.now() + timeoutMs, () => reject(new StatesTimeoutError()));
    work.then(
      (value) => {
        core.scheduler.cancel(key);
        resolve(value);
      },
      (error) => {
        core.scheduler.cancel(key);
        reject(error);
      },
    );
  });
}

function resourceOf(live: Live, name: string): TaskResource {
  const resource = live.machine.tasks[name];
  if (!resource) throw new Error(`No resource for task ${name}`);
  return resource;
}

/** Starts the next attempt of the current Task state. */
export async function startTaskAttempt(core: Core, live: Live): Promise<void> {
  const cursor = cursorOf(live);
  const { name, state } = stateOf(live);
  const resource = resourceOf(live, name);
  cursor.attempt += 1;
  delete cursor.due;
  const token = isCallback(resource) ? mintToken() : undefined;
  const context = contextFor(live, token);
  const input = stateInput(live);
  let parameters: unknown;
  let timeouts: Timeouts;
  try {
    parameters = await effectiveInput(name, state, input, context);
    timeouts = await taskTimeouts(name, state, input, context);
  } catch (error) {
    await handleFailure(core, live, toFailure(error));
    return;
  }
  core.emit(
    live,
    draft.taskScheduled(resource, parameters, timeouts.timeoutSeconds, timeouts.heartbeatSeconds),
  );
  core.emit(live, draft.taskStarted(resource));
  if (!token) {
    const timeoutMs = timeouts.timeoutSeconds ? scaledMs(timeouts.timeoutSeconds, core.timeScale) : undefined;
    core.outside(
      live,
      () =>
        withTimeout(
          core,
          resource.kind === 'start-execution'
            ? startChildExecution(core, parameters)
            : runResource(core.resolver, resource, parameters),
          timeoutMs,
        ),
      (current, result) => afterTask(core, current, resource, result),
    );
    return;
  }
  cursor.phase = 'callback';
  cursor.token = token;
  cursor.submitted = false;
  await core.commit(live);
  const item = tokenItem(core, live, token, timeouts);
  await core.store.putToken(item);
  armToken(core, item);
  invokeCallbackFunction(core, live, resource, parameters);
}

function tokenItem(core: Core, live: Live, token: string, timeouts: Timeouts): TokenItem {
  const now = Date.now();
  const heartbeatMs = timeouts.heartbeatSeconds
    ? scaledMs(timeouts.heartbeatSeconds, core.timeScale)
    : undefined;
  return {
    token,
    executionArn: live.item.executionArn,
    stateName: cursorOf(live).state,
    attempt: cursorOf(live).attempt,
    status: 'OPEN',
    createdAt: now,
    timeoutAt: timeouts.timeoutSeconds ? now + scaledMs(timeouts.timeoutSeconds, core.timeScale) : undefined,
    heartbeatMs,
    heartbeatAt: heartbeatMs ? now + heartbeatMs : undefined,
  };
}

async function afterTask(
  core: Core,
  live: Live,
  resource: TaskResource,
  result: Settled<unknown>,
): Promise<void> {
  if (result.ok) {
    core.emit(live, draft.taskSucceeded(resource, result.value));
    await completeTask(core, live, result.value);
  } else {
    const taskFailure = toFailure(result.error);
    core.emit(live, draft.taskFailed(resource, taskFailure.error, taskFailure.cause));
    core.log(
      `workflow: ${live.item.executionArn} state ${cursorOf(live).state} failed (${taskFailure.error})`,
    );
    await handleFailure(core, live, taskFailure);
  }
  await core.advance(live);
}

/** ResultSelector/ResultPath/OutputPath on the task's result, then on to Next. */
async function completeTask(core: Core, live: Live, value: unknown): Promise<void> {
  const { name, state } = stateOf(live);
  let output: unknown;
  try {
    output = await applyResult(name, state, stateInput(live), value, contextFor(live));
  } catch (error) {
    await handleFailure(core, live, toFailure(error));
    return;
  }
  await leave(core, live, output, state.End ? null : (state.Next ?? null));
}

function invokeCallbackFunction(core: Core, live: Live, resource: TaskResource, parameters: unknown): void {
  if (resource.kind === 'start-execution') throw new Error('startExecution has no callback form here');
  core.outside(
    live,
    () => runResource(core.resolver, resource, parameters),
    (current, result) => afterCallbackInvoke(core, current, resource, result),
  );
}

async function afterCallbackInvoke(
  core: Core,
  live: Live,
  resource: TaskResource,
  result: Settled<unknown>,
): Promise<void> {
  const cursor = cursorOf(live);
  if (result.ok) {
    core.emit(live, draft.taskSubmitted(resource, result.value));
  } else {
    // The function failed: that is the task's outcome, unless the token was answered first.
    const taskFailure = toFailure(result.error);
    await core.store.closeToken(cursor.token!, {
      status: 'FAILED',
      error: taskFailure.error,
      cause: taskFailure.cause,
    });
  }
  cursor.submitted = true;
  await core.commit(live);
  await core.advance(live);
}

/**
 * The callback phase: true when the execution moved on. After a restart that interrupted the
 * function (TaskSubmitted not committed) the function runs again with the same token.
 */
export async function checkCallback(core: Core, live: Live): Promise<boolean> {
  const cursor = cursorOf(live);
  const token = cursor.token!;
  const { name, state } = stateOf(live);
  const resource = resourceOf(live, name);
  let item = await core.store.getToken(token);
  if (!cursor.submitted && (!item || item.status === 'OPEN')) {
    if (live.busy) return false;
    const context = contextFor(live, token);
    let parameters: unknown;
    try {
      parameters = await effectiveInput(name, state, stateInput(live), context);
      if (!item) {
        await core.store.putToken(
          tokenItem(core, live, token, await taskTimeouts(name, state, stateInput(live), context)),
        );
        item = (await core.store.getToken(token))!;
      }
    } catch (error) {
      await handleFailure(core, live, toFailure(error));
      return true;
    }
    armToken(core, item);
    core.log(
      `workflow: ${live.item.executionArn} state ${name}: function interrupted by a restart, invoking it again`,
    );
    invokeCallbackFunction(core, live, resource, parameters);
    return false;
  }
  if (!item) {
    await failExecution(core, live, {
      ...failure('States.Runtime', 'The task token was lost'),
      retryable: false,
    });
    return true;
  }
  if (item.status === 'OPEN') {
    armToken(core, item);
    return false;
  }
  core.scheduler.cancel(tokenTimerKey(token));
  if (item.status === 'SUCCEEDED') {
    const value = JSON.parse(item.output ?? 'null');
    core.emit(live, draft.taskSucceeded(resource, value));
    await completeTask(core, live, value);
    return true;
  }
  const taskFailure = failure(item.error ?? 'States.TaskFailed', item.cause);
  core.emit(live, draft.taskFailed(resource, taskFailure.error, taskFailure.cause));
  core.log(`workflow: ${live.item.executionArn} state ${name} failed (${taskFailure.error})`);
  await handleFailure(core, live, taskFailure);
  return true;
}
