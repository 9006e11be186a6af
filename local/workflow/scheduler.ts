/**
 * A due-time scheduler: each key holds one wall-clock deadline. Node's timers overflow past
 * 2^31-1 ms (~24.8 days) and fire at once, so a far deadline is reached by a chain of shorter
 * timers that each re-check the clock. Deadlines themselves live in DynamoDB; this only wakes the
 * runner while the process is up (recovery re-arms them after a restart).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Scheduler {
  /** Runs `fire` once at `dueAt` (epoch ms), replacing any deadline already under `key`. */
  schedule(key: string, dueAt: number, fire: () => void): void;
  cancel(key: string): void;
  has(key: string): boolean;
  /** Cancels everything; later `schedule` calls are ignored. */
  stop(): void;
}

export function createScheduler(now: () => number = Date.now): Scheduler {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let stopped = false;

  function arm(key: string, dueAt: number, fire: () => void): void {
    // Always through a timer, so a caller holding a lock never re-enters itself.
    const check = () => {
      const left = dueAt - now();
      if (left > 0) {
        timers.set(key, setTimeout(check, Math.min(left, MAX_TIMER_MS)));
        return;
      }
      timers.delete(key);
      fire();
    };
    timers.set(key, setTimeout(check, Math.min(Math.max(0, dueAt - now()), MAX_TIMER_MS)));
  }

  return {
    schedule(key, dueAt, fire) {
      if (stopped) return;
      const existing = timers.get(key);
      if (existing) clearTimeout(existing);
      arm(key, dueAt, fire);
    },
    cancel(key) {
      const existing = timers.get(key);
      if (existing) clearTimeout(existing);
      timers.delete(key);
    },
    has: (key) => timers.has(key),
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
