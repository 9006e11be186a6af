/**
 * Reading DynamoDB, once for every store: opaque cursors for the API's paged lists, Queries that
 * follow every page, BatchGetItem that retries the keys it was not given, records out of items.
 */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../domain/errors.ts';
import type { Page } from '../ports.ts';

export type Item = Record<string, unknown>;

/** What an item stores of its record: everything but the table keys and the entity tag. */
export function attributesOf<T>(item: Item): T {
  const { pk, sk, entity, ...rest } = item;
  return rest as T;
}

/** The key a Query stopped at, as an opaque cursor for the next request. */
export const encodeCursor = (key: Item | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

/** A cursor back into the key to start from; anything this API did not hand out is a 400. */
export function decodeCursor(cursor: string | undefined): Item | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && !Array.isArray(key)) return key;
  } catch {}
  throw new ValidationError('Invalid cursor', [
    { path: 'cursor', message: 'Not a cursor this API returned' },
  ]);
}

/** One page of a list, with the cursor for the next one when the Query stopped early. */
export function pageOf<T>(items: T[], lastEvaluatedKey: Item | undefined): Page<T> {
  const page: Page<T> = { items };
  const next = encodeCursor(lastEvaluatedKey);
  if (next) page.nextCursor = next;
  return page;
}

/** Every item a Query matches, following `LastEvaluatedKey` until the last page. */
export async function queryAll(
  db: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** BatchGetItem takes at most this many keys a call. */
const BATCH_GET_LIMIT = 100;
const BATCH_GET_ATTEMPTS = 5;

/**
 * The items stored under `keys` (missing ones are simply absent), in batches of 100; keys
 * DynamoDB leaves unprocessed are asked again with a growing pause. Throws when DynamoDB leaves
 * keys unprocessed five times rather than answering with less than was asked for.
 */
export async function batchGetAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: Item[],
  options: { consistentRead?: boolean } = {},
): Promise<Item[]> {
  const items: Item[] = [];
  let pending = keys;
  let retries = 0;
  while (pending.length > 0) {
    const batch = pending.slice(0, BATCH_GET_LIMIT);
    const out = await db.send(
      new BatchGetCommand({
        RequestItems: {
          [tableName]: { Keys: batch, ...(options.consistentRead ? { ConsistentRead: true } : {}) },
        },
      }),
    );
    items.push(...(out.Responses?.[tableName] ?? []));
    const unprocessed = (out.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined) ?? [];
    pending = [...pending.slice(BATCH_GET_LIMIT), ...unprocessed];
    if (unprocessed.length > 0) {
      retries += 1;
      if (retries >= BATCH_GET_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys unread`);
      await new Promise((r) => setTimeout(r, 20 * 2 ** retries));
    }
  }
  return items;
}
