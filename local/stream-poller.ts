/**
 * The local stand-in for DynamoDB Streams (dynalite has none). For each manifest function with a
 * `table-stream` trigger it queries the sparse index of the trigger's attribute and hands the
 * items to the same handler, as INSERT records of a DynamoDB stream event. An item stays in the
 * index until the handler has dealt with it, so a crash or a failed send loses nothing: the next
 * poll delivers it again, with a growing pause for records that keep failing — whether the
 * handler threw or reported the record in `batchItemFailures`.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { FUNCTIONS, type TableStreamTrigger } from '#functions/manifest.ts';
import { NOTIFY_PK } from '#shared/entities/order-entity.ts';
import { ALL_INDEXES } from '#shared/entities/table.ts';
import { type Environment, setting } from '#shared/runtime-env.ts';
import { invoker } from './functions.ts';

/** The single partition value each sparse index uses. */
const SPARSE_PARTITION: Record<TableStreamTrigger['whenAttributeExists'], string> = { notifyPk: NOTIFY_PK };

export interface StreamPoller {
  /** Poll now (after a write that should be delivered soon). */
  kick(): void;
  /** Resolves when no poll is running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startStreamPoller(
  db: DynamoDBDocumentClient,
  tableName: string,
  intervalMs: number,
  /** The system's environment, which the handlers run in (local/functions.ts). */
  environment?: Environment,
): StreamPoller {
  const invoke = invoker(environment);
  const consumers = FUNCTIONS.flatMap((spec) =>
    spec.triggers
      .filter((t): t is TableStreamTrigger => t.kind === 'table-stream')
      .map((trigger) => ({ name: spec.name, trigger })),
  );
  const failures = new Map<string, { count: number; until: number }>();
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function pollOnce(): Promise<void> {
    for (const consumer of consumers) {
      const attribute = consumer.trigger.whenAttributeExists;
      const index = ALL_INDEXES.find((i) => i.partitionKey === attribute);
      if (!index) throw new Error(`No sparse index for ${attribute}`);
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: index.name,
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': attribute },
          ExpressionAttributeValues: { ':v': SPARSE_PARTITION[attribute] },
          Limit: 25,
        }),
      );
      const now = Date.now();
      const items = (out.Items ?? []).filter((item) => (failures.get(`${item['pk']}`)?.until ?? 0) <= now);
      if (items.length === 0) continue;
      for (const item of items) {
        const key = String(item['pk']);
        const event: DynamoDBStreamEvent = {
          Records: [
            {
              eventID: `${key}-${now}`,
              eventName: 'INSERT',
              eventSource: 'aws:dynamodb',
              awsRegion: environment?.['AWS_REGION'] ?? setting('AWS_REGION') ?? 'local',
              dynamodb: {
                Keys: marshall({ pk: item['pk'], sk: item['sk'] }) as never,
                NewImage: marshall(item, {
                  removeUndefinedValues: true,
                  convertClassInstanceToMap: true,
                }) as never,
                StreamViewType: 'NEW_IMAGE',
                SequenceNumber: `${now}`,
              },
            },
          ],
        };
        try {
          const result = (await invoke(consumer.name, event)) as {
            batchItemFailures?: unknown[];
          } | null;
          // A reported record failure (ReportBatchItemFailures) is a failure like a throw.
          if (result?.batchItemFailures?.length) throw new Error('The record was reported failed');
          failures.delete(key);
        } catch (error) {
          const count = (failures.get(key)?.count ?? 0) + 1;
          failures.set(key, { count, until: Date.now() + Math.min(60_000, 500 * 2 ** count) });
          console.error(
            JSON.stringify({
              level: 'error',
              message: `${consumer.name} failed; will retry`,
              error: (error as Error).name,
              attempt: count,
            }),
          );
        }
      }
      if (items.length === 25) again = true;
    }
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pollOnce()
      .catch((error: Error) =>
        console.error(JSON.stringify({ level: 'error', message: 'stream poll', error: error.message })),
      )
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          run();
        }
      });
  }

  const timer = setInterval(run, intervalMs);
  run();
  return {
    kick: run,
    idle: async () => {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
