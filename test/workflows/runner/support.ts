/**
 * Shared set-up for the runner tests: a real dynalite (in memory unless a path is given), the
 * project's table, the runner, and the real @aws-sdk/client-sfn pointed at the runner.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, type LocalDynamo, startDynalite } from '#local/dynamo.ts';
import {
  startWorkflowRunner,
  type WorkflowRunner,
  type WorkflowRunnerOptions,
} from '#local/workflow/runner.ts';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

export const TABLE = 'orderdesk-workflow-test';
export const fnArn = (name: string) => `arn:aws:lambda:local:000000000000:function:${name}`;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface Harness {
  runner: WorkflowRunner;
  sfn: SFNClient;
  dynamo: LocalDynamo;
  db: DynamoDBDocumentClient;
  close(): Promise<void>;
}

export async function openDynamo(
  path?: string,
): Promise<{ dynamo: LocalDynamo; db: DynamoDBDocumentClient }> {
  const dynamo = await startDynalite({ path });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials }),
  );
  await ensureTable(db, TABLE);
  // dynalite answers ResourceNotFound while a new table is still CREATING (ensureTable does not wait).
  while ((await db.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.TableStatus !== 'ACTIVE') {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { dynamo, db };
}

export function sfnClient(endpoint: string): SFNClient {
  return new SFNClient({ endpoint, region: 'local', credentials, maxAttempts: 1 });
}

export async function startHarness(
  options: Omit<WorkflowRunnerOptions, 'db' | 'tableName'>,
  path?: string,
): Promise<Harness> {
  const { dynamo, db } = await openDynamo(path);
  const runner = await startWorkflowRunner({ ...options, db, tableName: TABLE });
  const sfn = sfnClient(runner.endpoint);
  return {
    runner,
    sfn,
    dynamo,
    db,
    async close() {
      sfn.destroy();
      await runner.stop();
      db.destroy();
      await dynamo.close();
    },
  };
}

/** Polls DescribeExecution until the status is reached (or fails the test after `timeoutMs`). */
export async function waitForStatus(
  sfn: SFNClient,
  executionArn: string,
  status: string,
  timeoutMs = 10_000,
): Promise<DescribeExecutionOutput> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status === status) return described;
    if (Date.now() > until) {
      throw new Error(`Execution is ${described.status}, expected ${status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** Polls until `check` returns a value (not undefined). */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const asl = (definition: object) => JSON.stringify(definition);
