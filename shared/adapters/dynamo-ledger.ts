/**
 * Ledgers without transactions (docs/data-model.md "Master data"): every change of a product or
 * customer writes its record as `lastEvent` on the item, in the same conditional UpdateItem as
 * the change itself, so a change never exists without its record. The next change first copies
 * that record into the item's history (`H#<at>#<id>`, an idempotent PutItem) and then makes its
 * own update on the condition that `lastEvent` is still the one it copied — so no record is
 * overwritten before it is kept, and two concurrent changes never lose one another: the loser
 * reads again and retries. Readers merge `lastEvent` into the history (it may not be copied yet).
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerEvent } from '../domain/master-data.ts';
import type { Item } from './dynamo-paging.ts';

export { newEventId } from '../domain/master-data.ts';
export type { LedgerEvent };

/** The history partition of an item keyed `{ pk, sk }`. */
export const historyPk = (key: { pk: string; sk: string }): string => `${key.pk}|${key.sk}`;

export async function readItem(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: { pk: string; sk: string },
): Promise<Item | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return out.Item;
}

/** Copies the item's `lastEvent` into its history; a second copy writes the same item again. */
export async function keepLastEvent(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: { pk: string; sk: string },
  item: Item | undefined,
): Promise<void> {
  const event = item?.['lastEvent'] as LedgerEvent | undefined;
  if (!event) return;
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { pk: historyPk(key), sk: `H#${event.at}#${event.id}`, ...event },
    }),
  );
}

/** The condition part that `lastEvent` is still the one read (none, or this id). */
export function lastEventCondition(item: Item | undefined): { expression: string; values: Item } {
  const event = item?.['lastEvent'] as LedgerEvent | undefined;
  return event
    ? { expression: 'lastEvent.id = :prevEvent', values: { ':prevEvent': event.id } }
    : { expression: 'attribute_not_exists(lastEvent)', values: {} };
}

/** The history, newest first, with `lastEvent` merged in (it may not be copied yet). */
export async function readHistory(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: { pk: string; sk: string },
  item: Item | undefined,
  limit = 100,
): Promise<LedgerEvent[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :h)',
      ExpressionAttributeValues: { ':p': historyPk(key), ':h': 'H#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  const events = (out.Items ?? []).map(({ pk: _pk, sk: _sk, ...rest }) => rest as LedgerEvent);
  const last = item?.['lastEvent'] as LedgerEvent | undefined;
  if (last && !events.some((e) => e.id === last.id)) events.unshift(last);
  return events.slice(0, limit);
}
