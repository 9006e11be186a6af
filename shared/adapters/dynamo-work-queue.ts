/**
 * The non-order partitions of the `work-queue` index (My work): after-sales cases waiting on
 * after-sales (`CASES`) and customers' change requests waiting on ops (`CHANGES`). One Query of
 * the partition's keys, oldest first, then the first `limit` items read whole; `total` counts all.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { INDEXES } from '../entities/table.ts';
import { type Item, queryAll } from './dynamo-paging.ts';

export async function readWaiting(
  db: DynamoDBDocumentClient,
  tableName: string,
  queuePk: string,
  limit: number,
): Promise<{ items: Item[]; total: number }> {
  const keys = await queryAll(db, {
    TableName: tableName,
    IndexName: INDEXES.workQueue.name,
    KeyConditionExpression: 'queuePk = :q',
    ExpressionAttributeValues: { ':q': queuePk },
    ProjectionExpression: 'pk, sk',
  });
  const items = await Promise.all(
    keys.slice(0, limit).map(async (k) => {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: { pk: k['pk'], sk: k['sk'] } }));
      return out.Item;
    }),
  );
  // The index is eventually consistent: the caller drops what is no longer waiting.
  return { items: items.filter((i): i is Item => i !== undefined), total: keys.length };
}
