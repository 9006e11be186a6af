/**
 * What every part of the runner shares: the executions being driven in this process, one lock
 * per execution (every change to an execution happens under it, in order), the activity count
 * behind `idle()`, and the commit that makes a step durable.
 *
 * A function call never holds the lock: it runs as "outside work" and its result comes back as
 * a new locked step, so StopExecution or a callback never waits for a slow function.
 */
import { isCallback, type Machine } from './definitions.ts';
import { draft, type EventDraft, type HistoryEvent } from './history.ts';
import type { TaskHandlers } from './interpreter.ts';
import { type FunctionResolver, runResource } from './lambda.ts';
import type { Scheduler } from './scheduler.ts';
import type { Cursor, ExecutionItem, ExecutionStatus, Store } from './store.ts';

export interface Live {
  item: ExecutionItem;
  machine: Machine;
  /** Events emitted since the last commit. */
  pending: HistoryEvent[];
  /** Attempt key of the outside work in flight, if any. */
  busy?: string;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface Core {
  store: Store;
  scheduler: Scheduler;
  resolver: FunctionResolver;
  machines: ReadonlyMap<string, Machine>;
  timeScale: number;
  log(line: string): void;
  /** Task handlers for the Task states inside a machine's Parallel/Map branches. */
  branchHandlers(machine: Machine): TaskHandlers;
  emit(live: Live, event: EventDraft): HistoryEvent;
  commit(live: Live): Promise<void>;
  /** Ends the execution: final event, final item, then the open marker goes. */
  finish(
    live: Live,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    event: EventDraft,
    result: Partial<ExecutionItem>,
  ): Promise<void>;
  /** Runs `action` under the execution's lock if the execution is running. */
  enqueue(arn: string, action: (live: Live) => Promise<void>): Promise<void>;
  /** Runs `fn` under the execution's lock whatever its state. */
  lock<T>(arn: string, fn: () => Promise<T>): Promise<T>;
  /** Starts work outside the lock; `then` runs under the lock if the cursor has not moved on. */
  outside<T>(
    live: Live,
    work: () => Promise<T>,
    then: (live: Live, result: Settled<T>) => Promise<void>,
  ): void;
  /** Continues an execution as far as it goes without waiting (set by steps.ts). */
  advance(live: Live): Promise<void>;
  cached(arn: string): Live | undefined;
  isStarting(arn: string): boolean;
  markStarting(arn: string, starting: boolean): void;
  adopt(live: Live): void;
  track<T>(work: Promise<T>): Promise<T>;
  idle(): Promise<void>;
  /** Steps and function calls in flight. */
  activity(): number;
  shutdown(): Promise<void>;
}

export const attemptKey = (cursor: Cursor | undefined) =>
  cursor ? `${cursor.enteredEventId}:${cursor.attempt}:${cursor.phase}` : '';
export const tokenTimerKey = (token: string) => `token:${token}`;
export const cursorTimerKey = (arn: string) => `cursor:${arn}`;
const executionTimerKey = (arn: string) => `execution:${arn}`;
const MAX_STEP_RETRIES = 5;

export function createCore(options: {
  store: Store;
  scheduler: Scheduler;
  resolver: FunctionResolver;
  machines: ReadonlyMap<string, Machine>;
  timeScale: number;
  log(line: string): void;
}): Core {
  const { store, scheduler, log } = options;
  const cache = new Map<string, Live>();
  const locks = new Map<string, Promise<unknown>>();
  const starting = new Set<string>();
  const stepFailures = new Map<string, number>();
  const handlerCache = new Map<Machine, TaskHandlers>();
  let active = 0;
  let waiters: (() => void)[] = [];
  let stopped = false;

  const done = () => {
    if (--active > 0) return;
    const ready = waiters;
    waiters = [];
    for (const wake of ready) wake();
  };
  function track<T>(work: Promise<T>): Promise<T> {
    active++;
    return work.finally(done);
  }

  function lock<T>(arn: string, fn: () => Promise<T>): Promise<T> {
    const previous = locks.get(arn) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.catch(() => {});
    locks.set(arn, settled);
    void settled.then(() => {
      if (locks.get(arn) === settled) locks.delete(arn);
    });
    return next;
  }

  async function load(arn: string): Promise<Live | undefined> {
    const cachedLive = cache.get(arn);
    if (cachedLive) return cachedLive;
    const item = await store.getExecution(arn);
    const machine = item && options.machines.get(item.stateMachineName);
    if (item?.status !== 'RUNNING' || !item.cursor) return undefined;
    if (!machine) {
      log(`workflow: no state machine ${item.stateMachineName} for ${arn}; left as it is`);
      return undefined;
    }
    const live: Live = { item, machine, pending: [] };
    core.adopt(live);
    return live;
  }

  const core: Core = {
    ...options,
    branchHandlers(machine) {
      let handlers = handlerCache.get(machine);
      if (!handlers) {
        handlers = {};
        for (const [name, resource] of Object.entries(machine.tasks)) {
          // Callback and startExecution tasks only run at the top level (definitions.ts).
          if (isCallback(resource) || resource.kind === 'start-execution') continue;
          handlers[name] = async (input) => (await runResource(options.resolver, resource, input)) as never;
        }
        handlerCache.set(machine, handlers);
      }
      return handlers;
    },
    emit(live, event) {
      const id = live.item.lastEventId + 1;
      const full = { id, previousEventId: id - 1, timestamp: Date.now(), ...event } as HistoryEvent;
      live.item.lastEventId = id;
      live.pending.push(full);
      return full;
    },
    async commit(live) {
      await store.commit(live.item, live.pending);
      live.pending = [];
    },
    async finish(live, status, event, result) {
      const arn = live.item.executionArn;
      core.emit(live, event);
      const token = live.item.cursor?.phase === 'callback' ? live.item.cursor.token : undefined;
      Object.assign(live.item, result, { status, stopDate: Date.now() });
      delete live.item.cursor;
      await core.commit(live);
      cache.delete(arn);
      scheduler.cancel(cursorTimerKey(arn));
      scheduler.cancel(executionTimerKey(arn));
      if (token) {
        // A late SendTaskSuccess for an aborted or timed-out execution then gets TaskTimedOut.
        scheduler.cancel(tokenTimerKey(token));
        await store.closeToken(token, { status: 'CLOSED' });
      }
      await store.deleteOpen(arn);
      log(`workflow ${status.toLowerCase()}: ${arn}${result.error ? ` (${result.error})` : ''}`);
    },
    enqueue(arn, action) {
      if (stopped) return Promise.resolve();
      return track(
        lock(arn, async () => {
          if (stopped) return;
          try {
            const live = await load(arn);
            if (live) await action(live);
            stepFailures.delete(arn);
          } catch (error) {
            // Whatever was not committed is dropped; the execution resumes from its last commit,
            // a few times with a growing pause, then at the next recover().
            cache.delete(arn);
            const failures = (stepFailures.get(arn) ?? 0) + 1;
            stepFailures.set(arn, failures);
            const name = (error as Error)?.name ?? 'Error';
            if (failures > MAX_STEP_RETRIES) {
              log(`workflow: step of ${arn} failed (${name}); left for recover()`);
              return;
            }
            const pauseMs = 200 * 2 ** failures;
            log(`workflow: step of ${arn} failed (${name}); resuming in ${pauseMs} ms`);
            scheduler.schedule(
              `retry:${arn}`,
              Date.now() + pauseMs,
              () => void core.enqueue(arn, core.advance),
            );
          }
        }),
      );
    },
    lock,
    outside(live, work, then) {
      const key = attemptKey(live.item.cursor);
      const arn = live.item.executionArn;
      live.busy = key;
      // The continuation is enqueued inside the tracked promise, so idle() never sees a gap.
      void track(
        work()
          .then(
            (value): Settled<unknown> => ({ ok: true, value }),
            (error): Settled<unknown> => ({ ok: false, error }),
          )
          .then((result) => {
            void core.enqueue(arn, async (current) => {
              if (current.busy === key) delete current.busy;
              if (attemptKey(current.item.cursor) !== key) return;
              await then(current, result as Settled<never>);
            });
          }),
      );
    },
    advance: async () => {
      throw new Error('advance not wired');
    },
    cached: (arn) => cache.get(arn),
    isStarting: (arn) => starting.has(arn),
    markStarting(arn, on) {
      if (on) starting.add(arn);
      else starting.delete(arn);
    },
    adopt(live) {
      const arn = live.item.executionArn;
      cache.set(arn, live);
      if (live.item.timeoutAt !== undefined) {
        scheduler.schedule(executionTimerKey(arn), live.item.timeoutAt, () =>
          core.enqueue(arn, (current) =>
            core.finish(current, 'TIMED_OUT', draft.executionTimedOut(), {
              error: 'States.Timeout',
              cause: 'The execution timed out',
            }),
          ),
        );
      }
    },
    track,
    activity: () => active,
    idle: () => (active === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    async shutdown() {
      stopped = true;
      scheduler.stop();
      await Promise.allSettled([...locks.values()]);
      cache.clear();
    },
  };
  return core;
}
