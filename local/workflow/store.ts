/**
 * Persistence of executions in the project's one table (docs/workflow-runner.md "Persistence").
 *
 *   SFN#EXEC#<executionArn> / EXECUTION     the execution: status, input, result, version, and
 *                                           while running its cursor (state, state input, phase)
 *   SFN#EXEC#<executionArn> / EVENT#<id>    one history event each; only ids <= lastEventId count
 *   SFN#OPEN / <executionArn>               one item per running execution: what recover() reads
 *   SFN#TOKEN#<taskToken> / TOKEN           a callback task: OPEN until success/failure/timeout
 *
 * Every runner attribute sits inside one map attribute, `sfn`, so the table's indexes (whose
 * key attributes are top-level) never see these items, whatever indexes are added later.
 *
 * A commit writes the new history events first and then the execution item, conditional on its
 * version; the execution item is the commit point, so events written by a commit that never
 * landed stay invisible and are overwritten by the replay.
 */
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { HistoryEvent } from './history.ts';
import { isConditionFailure, unwrap, wrap } from './items.ts';
import { createTokenStore } from './token-store.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Where a running execution stands; enough to resume it in a fresh process. */
export interface Cursor {
  state: string;
  /** The state's raw input, JSON. */
  input: string;
  enteredEventId: number;
  enteredAt: number;
  /** ready: start (or retry) the state, not before `due`; wait: a Wait until `due`; callback: task token out. */
  phase: 'ready' | 'wait' | 'callback';
  due?: number;
  /** Task attempts started in this state entry. */
  attempt: number;
  /** Retries used per Retrier of the state. */
  retries: number[];
  token?: string;
  /** The callback task's function returned (TaskSubmitted logged): never invoke it again. */
  submitted?: boolean;
}

export interface ExecutionItem {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  /** Execution-level TimeoutSeconds deadline, epoch ms. */
  timeoutAt?: number;
  version: number;
  lastEventId: number;
  cursor?: Cursor;
}

export class StaleExecutionError extends Error {
  constructor(executionArn: string) {
    super(`Execution ${executionArn} changed under this runner`);
    this.name = 'StaleExecutionError';
  }
}

const execKey = (arn: string) => ({ pk: `SFN#EXEC#${arn}`, sk: 'EXECUTION' });
const eventSk = (id: number) => `EVENT#${String(id).padStart(10, '0')}`;
const openKey = (arn: string) => ({ pk: 'SFN#OPEN', sk: arn });

export type Store = ReturnType<typeof createStore>;

export function createStore(db: DynamoDBDocumentClient, tableName: string) {
  const tokens = createTokenStore(db, tableName);
  async function writeEvents(arn: string, events: readonly HistoryEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += 25) {
      let requests: Record<string, unknown>[] | undefined = events.slice(start, start + 25).map((event) => ({
        PutRequest: {
          Item: wrap({ pk: execKey(arn).pk, sk: eventSk(event.id) }, { event: JSON.stringify(event) }),
        },
      }));
      for (let round = 0; requests && requests.length > 0; round++) {
        if (round > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** round)));
        const out = await db.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests as never } }),
        );
        requests = out.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
      }
    }
  }

  return {
    ...tokens,
    async getExecution(arn: string): Promise<ExecutionItem | undefined> {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: execKey(arn), ConsistentRead: true }),
      );
      return unwrap<ExecutionItem>(out.Item);
    },

    /** First write of an execution; false when one with this ARN exists already. */
    async createExecution(item: ExecutionItem, events: readonly HistoryEvent[]): Promise<boolean> {
      await writeEvents(item.executionArn, events);
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: wrap(execKey(item.executionArn), item),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Events, then the execution item if still at `item.version`; bumps `item.version`. */
    async commit(item: ExecutionItem, events: readonly HistoryEvent[]): Promise<void> {
      await writeEvents(item.executionArn, events);
      const next = { ...item, version: item.version + 1 };
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: wrap(execKey(item.executionArn), next),
            ConditionExpression: 'sfn.version = :expected',
            ExpressionAttributeValues: { ':expected': item.version },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) throw new StaleExecutionError(item.executionArn);
        throw error;
      }
      item.version = next.version;
    },

    async getEvents(
      arn: string,
      range: { from: number; to: number; reverse: boolean; limit: number },
    ): Promise<HistoryEvent[]> {
      if (range.from > range.to) return [];
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': execKey(arn).pk,
            ':from': eventSk(range.from),
            ':to': eventSk(range.to),
          },
          ScanIndexForward: !range.reverse,
          Limit: range.limit,
          ConsistentRead: true,
        }),
      );
      return (out.Items ?? []).map(
        (item) => JSON.parse(unwrap<{ event: string }>(item)!.event) as HistoryEvent,
      );
    },

    async putOpen(arn: string, startDate: number): Promise<void> {
      await db.send(new PutCommand({ TableName: tableName, Item: wrap(openKey(arn), { startDate }) }));
    },
    async deleteOpen(arn: string): Promise<void> {
      await db.send(new DeleteCommand({ TableName: tableName, Key: openKey(arn) }));
    },
    async listOpen(): Promise<string[]> {
      const arns: string[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'SFN#OPEN' },
            ExclusiveStartKey: start,
            ConsistentRead: true,
          }),
        );
        for (const item of out.Items ?? []) arns.push(item['sk'] as string);
        start = out.LastEvaluatedKey;
      } while (start);
      return arns;
    },
  };
}
