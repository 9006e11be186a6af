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

/** What a cursor of one listing must be: the key attributes it names, and its fixed partition. */
export interface CursorShape {
  /** Every attribute of the key DynamoDB returns (table keys, plus the index keys of a GSI). */
  keys: readonly string[];
  /** Attributes whose value is fixed by the listing (the partition it reads). */
  fixed: Record<string, string>;
}

const MAX_CURSOR_CHARS = 2000;
const forged = () =>
  new ValidationError('Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API returned' }]);

/**
 * A cursor back into the key to start from. Anything this API did not hand out for this listing
 * is a 400 (R-SEC-3): not base64url JSON, other attributes than the listing's key, a value that
 * is not a short string, or another partition than the one listed. DynamoDB never sees it.
 */
export function decodeCursor(cursor: string | undefined, shape: CursorShape): Item | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw forged();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw forged();
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw forged();
  const entries = Object.entries(key);
  const names = new Set(shape.keys);
  if (entries.length !== names.size || entries.some(([k]) => !names.has(k))) throw forged();
  for (const [name, value] of entries) {
    if (typeof value !== 'string' || value.length === 0 || value.length > 1024) throw forged();
    if (name in shape.fixed && shape.fixed[name] !== value) throw forged();
  }
  return key as Item;
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
