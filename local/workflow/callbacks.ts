/**
 * Task tokens from the outside: SendTaskSuccess/Failure/Heartbeat, and the deadlines
 * (TimeoutSeconds, HeartbeatSeconds) of callback tasks. Every outcome is a conditional write
 * on the token item (`status = OPEN`), so of two answers exactly one wins; the other gets
 * TaskTimedOut, as AWS answers for a token that is no longer open. The token item holds the
 * outcome, so an answer given just before a crash is applied after the restart.
 */
import { type Core, tokenTimerKey } from './core.ts';
import { SfnApiError } from './errors.ts';
import type { TokenItem } from './token-store.ts';

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

function checkToken(token: unknown): string {
  if (typeof token !== 'string' || token.length === 0 || token.length > 2048) {
    throw new SfnApiError('ValidationException', 'taskToken must be a string of 1 to 2048 characters');
  }
  if (!TOKEN_FORMAT.test(token)) throw new SfnApiError('InvalidToken', 'Invalid Token');
  return token;
}

async function notOpen(core: Core, token: string): Promise<SfnApiError> {
  const item = await core.store.getToken(token);
  return item
    ? new SfnApiError('TaskTimedOut', 'Task Timed Out')
    : new SfnApiError('TaskDoesNotExist', 'Task does not exist anymore');
}

/** Arms the token's next deadline (the earlier of timeout and heartbeat). */
export function armToken(core: Core, item: TokenItem): void {
  const due = Math.min(
    item.timeoutAt ?? Number.POSITIVE_INFINITY,
    item.heartbeatAt ?? Number.POSITIVE_INFINITY,
  );
  if (!Number.isFinite(due)) return;
  core.scheduler.schedule(tokenTimerKey(item.token), due, () => {
    void core
      .track(expire(core, item.token))
      .catch((error) => core.log(`workflow: deadline check failed (${(error as Error)?.name ?? 'Error'})`));
  });
}

async function expire(core: Core, token: string): Promise<void> {
  const item = await core.store.getToken(token);
  if (item?.status !== 'OPEN') return;
  const now = Date.now();
  const timedOut = item.timeoutAt !== undefined && item.timeoutAt <= now;
  const heartbeatLate = item.heartbeatAt !== undefined && item.heartbeatAt <= now;
  if (!timedOut && !heartbeatLate) {
    armToken(core, item);
    return;
  }
  const error = timedOut ? 'States.Timeout' : 'States.HeartbeatTimeout';
  // A heartbeat that lands meanwhile moves heartbeatAt, so this write then loses.
  const closed = await core.store.closeToken(
    token,
    { status: 'TIMED_OUT', error },
    timedOut ? undefined : item.heartbeatAt,
  );
  if (!closed) {
    const again = await core.store.getToken(token);
    if (again?.status === 'OPEN') armToken(core, again);
    return;
  }
  void core.enqueue(item.executionArn, core.advance);
}

export async function sendTaskSuccess(core: Core, taskToken: unknown, output: unknown): Promise<void> {
  const token = checkToken(taskToken);
  let normalized: string;
  try {
    if (typeof output !== 'string') throw new Error('not a string');
    normalized = JSON.stringify(JSON.parse(output));
  } catch {
    throw new SfnApiError('InvalidOutput', 'Invalid Output: output must be a JSON document');
  }
  const closed = await core.store.closeToken(token, { status: 'SUCCEEDED', output: normalized });
  if (!closed) throw await notOpen(core, token);
  core.scheduler.cancel(tokenTimerKey(token));
  void core.enqueue(closed.executionArn, core.advance);
}

export async function sendTaskFailure(
  core: Core,
  taskToken: unknown,
  error: unknown,
  cause: unknown,
): Promise<void> {
  const token = checkToken(taskToken);
  if (error !== undefined && (typeof error !== 'string' || error.length > 256)) {
    throw new SfnApiError('ValidationException', 'error must be a string of at most 256 characters');
  }
  if (cause !== undefined && (typeof cause !== 'string' || cause.length > 32_768)) {
    throw new SfnApiError('ValidationException', 'cause must be a string of at most 32768 characters');
  }
  const closed = await core.store.closeToken(token, {
    status: 'FAILED',
    error: error as string | undefined,
    cause: cause as string | undefined,
  });
  if (!closed) throw await notOpen(core, token);
  core.scheduler.cancel(tokenTimerKey(token));
  void core.enqueue(closed.executionArn, core.advance);
}

export async function sendTaskHeartbeat(core: Core, taskToken: unknown): Promise<void> {
  const token = checkToken(taskToken);
  const item = await core.store.getToken(token);
  if (item?.status !== 'OPEN') throw await notOpen(core, token);
  if (item.heartbeatMs === undefined) return;
  const updated = await core.store.heartbeatToken(token, Date.now() + item.heartbeatMs);
  if (!updated) throw await notOpen(core, token);
  if (core.cached(updated.executionArn)) armToken(core, updated);
}
