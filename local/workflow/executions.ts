/**
 * Execution lifecycle from the API side: StartExecution (idempotent by name for identical input,
 * as on AWS), DescribeExecution, GetExecutionHistory, StopExecution, and recovery after a
 * restart. Start writes the open marker first, then the first events, then the execution item
 * (the commit point); a marker whose execution never landed is swept by recover().
 */
import { randomUUID } from 'node:crypto';
import type { Core, Live } from './core.ts';
import { executionArnOf, type Machine, parseExecutionArn } from './definitions.ts';
import { SfnApiError } from './errors.ts';
import { draft, type HistoryEvent } from './history.ts';
import type { ExecutionItem } from './store.ts';

const ROLE_ARN = 'arn:aws:iam::000000000000:role/local-stepfunctions';
const MAX_INPUT_BYTES = 256 * 1024;
// AWS: 1-80 characters, no whitespace, brackets, wildcards, special or control characters.
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const hasControlCharacter = (name: string) =>
  [...name].some(
    (char) => char.charCodeAt(0) < 0x20 || (char.charCodeAt(0) >= 0x7f && char.charCodeAt(0) <= 0x9f),
  );

function sameJson(a: string, b: string): boolean {
  return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
}

export async function startExecution(
  core: Core,
  machine: Machine,
  requestedName: unknown,
  requestedInput: unknown,
): Promise<{ executionArn: string; startDate: number }> {
  const name = requestedName ?? randomUUID();
  if (
    typeof name !== 'string' ||
    name.length < 1 ||
    name.length > 80 ||
    INVALID_NAME.test(name) ||
    hasControlCharacter(name)
  ) {
    throw new SfnApiError('InvalidName', `Invalid Name: '${String(name)}'`);
  }
  const input = requestedInput ?? '{}';
  let parsed: unknown;
  try {
    if (typeof input !== 'string') throw new Error('not a string');
    parsed = JSON.parse(input);
  } catch {
    throw new SfnApiError(
      'InvalidExecutionInput',
      'Invalid State Machine Execution Input: input must be JSON',
    );
  }
  if (Buffer.byteLength(input) > MAX_INPUT_BYTES) {
    throw new SfnApiError('InvalidExecutionInput', 'Execution input exceeds 262144 bytes');
  }
  const arn = executionArnOf(machine.name, name);
  // Serialised per ARN in this process (the only one: dynalite locks its data directory).
  return core.track(
    core.lock(arn, async () => {
      const existing = await core.store.getExecution(arn);
      if (existing) return sameOrConflict(existing, input);
      core.markStarting(arn, true);
      try {
        const now = Date.now();
        await core.store.putOpen(arn, now);
        const item: ExecutionItem = {
          executionArn: arn,
          stateMachineArn: machine.arn,
          stateMachineName: machine.name,
          name,
          status: 'RUNNING',
          input,
          startDate: now,
          timeoutAt: machine.timeoutSeconds
            ? now + (machine.timeoutSeconds * 1000) / core.timeScale
            : undefined,
          version: 0,
          lastEventId: 0,
        };
        const live: Live = { item, machine, pending: [] };
        core.emit(live, draft.executionStarted(input, ROLE_ARN));
        const first = machine.states[machine.startAt]!;
        const entered = core.emit(live, draft.stateEntered(first.Type, machine.startAt, parsed));
        item.cursor = {
          state: machine.startAt,
          input: JSON.stringify(parsed),
          enteredEventId: entered.id,
          enteredAt: entered.timestamp,
          phase: 'ready',
          attempt: 0,
          retries: [],
        };
        if (!(await core.store.createExecution(item, live.pending))) {
          const other = await core.store.getExecution(arn);
          if (other?.status !== 'RUNNING') await core.store.deleteOpen(arn);
          return sameOrConflict(other!, input);
        }
        live.pending = [];
        core.adopt(live);
        core.log(`workflow started: ${arn}`);
        void core.enqueue(arn, core.advance);
        return { executionArn: arn, startDate: now };
      } finally {
        core.markStarting(arn, false);
      }
    }),
  );
}

function sameOrConflict(existing: ExecutionItem, input: string) {
  if (existing.status === 'RUNNING' && sameJson(existing.input, input)) {
    return { executionArn: existing.executionArn, startDate: existing.startDate };
  }
  throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
}

export async function describeExecution(core: Core, executionArn: unknown): Promise<ExecutionItem> {
  if (typeof executionArn !== 'string' || !parseExecutionArn(executionArn)) {
    throw new SfnApiError('InvalidArn', `Invalid Arn: '${String(executionArn)}'`);
  }
  const item = await core.store.getExecution(executionArn);
  if (!item) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
  return item;
}

/** One page of history; `nextToken` is the next event id to read, base64url-encoded. */
export async function executionHistory(
  core: Core,
  request: { executionArn?: unknown; maxResults?: unknown; reverseOrder?: unknown; nextToken?: unknown },
): Promise<{ events: HistoryEvent[]; nextToken?: string }> {
  const item = await describeExecution(core, request.executionArn);
  const limit =
    typeof request.maxResults === 'number' && request.maxResults > 0
      ? Math.min(request.maxResults, 1000)
      : 100;
  const reverse = request.reverseOrder === true;
  let from = reverse ? item.lastEventId : 1;
  if (request.nextToken !== undefined && request.nextToken !== null) {
    const decoded = Number(Buffer.from(String(request.nextToken), 'base64url').toString());
    if (!Number.isInteger(decoded) || decoded < 1 || decoded > item.lastEventId) {
      throw new SfnApiError('InvalidToken', 'Invalid nextToken');
    }
    from = decoded;
  }
  const range = reverse ? { from: 1, to: from } : { from, to: item.lastEventId };
  const events = await core.store.getEvents(item.executionArn, { ...range, reverse, limit });
  const last = events.at(-1);
  const next = last ? (reverse ? last.id - 1 : last.id + 1) : undefined;
  const more = events.length === limit && next !== undefined && next >= 1 && next <= item.lastEventId;
  return { events, ...(more ? { nextToken: Buffer.from(String(next)).toString('base64url') } : {}) };
}

export async function stopExecution(
  core: Core,
  executionArn: unknown,
  error: unknown,
  cause: unknown,
): Promise<{ stopDate: number }> {
  const item = await describeExecution(core, executionArn);
  if (error !== undefined && (typeof error !== 'string' || error.length > 256)) {
    throw new SfnApiError('ValidationException', 'error must be a string of at most 256 characters');
  }
  if (cause !== undefined && (typeof cause !== 'string' || cause.length > 32_768)) {
    throw new SfnApiError('ValidationException', 'cause must be a string of at most 32768 characters');
  }
  let stopDate: number | undefined;
  await core.enqueue(item.executionArn, async (live) => {
    const fields = { error: error as string | undefined, cause: cause as string | undefined };
    await core.finish(live, 'ABORTED', draft.executionAborted(fields.error, fields.cause), fields);
    stopDate = live.item.stopDate;
  });
  return { stopDate: stopDate ?? (await core.store.getExecution(item.executionArn))?.stopDate ?? Date.now() };
}

/** Resumes every running execution found in the open index; returns how many. */
export async function recoverExecutions(core: Core): Promise<number> {
  let resumed = 0;
  for (const arn of await core.store.listOpen()) {
    if (core.cached(arn) || core.isStarting(arn)) continue;
    const item = await core.store.getExecution(arn);
    if (item?.status !== 'RUNNING') {
      await core.store.deleteOpen(arn);
      continue;
    }
    if (!core.machines.has(item.stateMachineName)) {
      core.log(`workflow recovery: no state machine ${item.stateMachineName} for ${arn}; left as it is`);
      continue;
    }
    resumed++;
    void core.enqueue(arn, core.advance);
  }
  core.log(`workflow recovery: ${resumed} execution(s) resumed`);
  return resumed;
}
