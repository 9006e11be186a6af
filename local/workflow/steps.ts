/**
 * The driver: takes an execution as far as it goes without waiting, one committed step at a
 * time, from whatever its cursor says — after a start, a callback, a timer, or a restart alike.
 * It stops where the execution must wait (a function running, a task token out, a Wait or Retry
 * deadline) and a timer or an API call calls it again.
 */
import { type Core, cursorTimerKey, type Live } from './core.ts';
import { toFailure } from './errors.ts';
import { runState, waitOutput } from './interpreter.ts';
import { checkCallback, startTaskAttempt } from './task-step.ts';
import {
  contextFor,
  cursorOf,
  failExecution,
  handleFailure,
  leave,
  stateInput,
  stateOf,
  waitMs,
} from './transitions.ts';

export async function advance(core: Core, live: Live): Promise<void> {
  const arn = live.item.executionArn;
  while (live.item.status === 'RUNNING' && !live.busy && core.cached(arn) === live) {
    const cursor = cursorOf(live);
    if (cursor.phase !== 'callback' && cursor.due !== undefined && cursor.due > Date.now()) {
      core.scheduler.schedule(cursorTimerKey(arn), cursor.due, () => void core.enqueue(arn, core.advance));
      return;
    }
    if (cursor.phase === 'callback') {
      if (!(await checkCallback(core, live))) return;
      continue;
    }
    if (cursor.phase === 'wait') {
      await endWait(core, live);
      continue;
    }
    const { state } = stateOf(live);
    switch (state.Type) {
      case 'Task':
        await startTaskAttempt(core, live);
        break;
      case 'Wait':
        await startWait(core, live);
        break;
      case 'Parallel':
      case 'Map':
        startBranches(core, live);
        return;
      default:
        await runInline(core, live);
    }
  }
}

/** Only after a failed evaluation at entry (enterState normally sets the deadline). */
async function startWait(core: Core, live: Live): Promise<void> {
  const cursor = cursorOf(live);
  let ms: number;
  try {
    ms = await waitMs(core, live);
  } catch (error) {
    await failExecution(core, live, toFailure(error));
    return;
  }
  cursor.phase = 'wait';
  cursor.due = Date.now() + ms;
  await core.commit(live);
}

async function endWait(core: Core, live: Live): Promise<void> {
  const { name, state } = stateOf(live);
  let output: unknown;
  try {
    output = await waitOutput(name, state, stateInput(live), contextFor(live));
  } catch (error) {
    await failExecution(core, live, toFailure(error));
    return;
  }
  await leave(core, live, output, state.End ? null : (state.Next ?? null));
}

/** Pass, Choice, Succeed and Fail: pure, evaluated under the lock. */
async function runInline(core: Core, live: Live): Promise<void> {
  const { name, state } = stateOf(live);
  try {
    const outcome = await runState(name, state, stateInput(live), contextFor(live), {
      timeScale: core.timeScale,
      handlers: core.branchHandlers(live.machine),
    });
    await leave(core, live, outcome.output, outcome.next);
  } catch (thrown) {
    const stateFailure = toFailure(thrown);
    if (state.Type === 'Fail') {
      // The interpreter names an Error-less Fail state "FailStateError"; AWS leaves it empty.
      const hasError = state['Error'] !== undefined || state['ErrorPath'] !== undefined;
      const hasCause = state['Cause'] !== undefined || state['CausePath'] !== undefined;
      await failExecution(core, live, {
        ...stateFailure,
        error: hasError ? stateFailure.error : '',
        cause: hasCause ? stateFailure.cause : undefined,
      });
      return;
    }
    await handleFailure(core, live, stateFailure);
  }
}

/** Parallel and Map run whole inside the interpreter, outside the lock (their tasks take time). */
function startBranches(core: Core, live: Live): void {
  const cursor = cursorOf(live);
  const { name, state } = stateOf(live);
  cursor.attempt += 1;
  delete cursor.due;
  const input = stateInput(live);
  const context = contextFor(live);
  core.outside(
    live,
    () =>
      runState(name, state, input, context, {
        timeScale: core.timeScale,
        handlers: core.branchHandlers(live.machine),
      }),
    async (current, result) => {
      if (result.ok) await leave(core, current, result.value.output, result.value.next);
      else await handleFailure(core, current, toFailure(result.error));
      await core.advance(current);
    },
  );
}
