/**
 * Change requests of an order (R-PROC-6, R-CHG-1..3): `pk = ORDER#<orderId>`,
 * `sk = CHANGE#<changeId>`, next to the order item, so one Query lists an order's changes. Every
 * status move is a conditional write on the status read, so two deciders never both move it. A
 * customer's own request carries the `work-queue` keys (`CHANGES`) while it waits on ops.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { businessDay } from '../domain/calendar.ts';
import { ConflictError } from '../domain/errors.ts';
import type { ChangeRequest, ChangeStatus } from '../domain/order-change.ts';
import type { ChangeStore } from '../ports.ts';
import { isConditionFailure, putNew } from './dynamo-conditions.ts';
import { attributesOf } from './dynamo-paging.ts';
import { readWaiting } from './dynamo-work-queue.ts';

/** The `work-queue` partition of customers' change requests waiting on ops. */
export const CHANGE_QUEUE_PK = 'CHANGES';

export const changeKey = (orderId: string, changeId: string) => ({
  pk: `ORDER#${orderId}`,
  sk: `CHANGE#${changeId}`,
});

export function dynamoChangeStore(db: DynamoDBDocumentClient, tableName: string): ChangeStore {
  // R-REPORT-1: each request also enters the `by-day` index by the day it was filed, so the
  // reports count changes and cancellations of a period with the orders' Queries.
  // The status is stored as `changeStatus`: an item with `status` and `daySk` would enter the
  // order list (`order-list` index: status → daySk), and a rejected change would show as an order.
  const toItem = ({ status, ...c }: ChangeRequest) => ({
    ...changeKey(c.orderId, c.changeId),
    entity: 'change',
    dayPk: `DAY#${businessDay(new Date(c.createdAt))}`,
    daySk: `CHANGE#${c.createdAt}#${c.changeId}`,
    ...c,
    changeStatus: status,
    // A customer's own request waits on ops until taken up (My work, R-PROC-6): the `work-queue`
    // index's CHANGES partition; the next save (any other status) leaves it.
    ...(status === 'requested' ? { queuePk: CHANGE_QUEUE_PK, queueSk: `${c.createdAt}#${c.changeId}` } : {}),
  });
  const fromItem = (item: Record<string, unknown>): ChangeRequest => {
    const { changeStatus, ...rest } = attributesOf<ChangeRequest & { changeStatus: ChangeStatus }>(item);
    return { ...rest, status: changeStatus } as ChangeRequest;
  };
  return {
    create: (change) => putNew(db, { TableName: tableName, Item: toItem(change) }),

    async get(orderId, changeId) {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: changeKey(orderId, changeId), ConsistentRead: true }),
      );
      return out.Item ? fromItem(out.Item) : undefined;
    },

    async requested(limit) {
      const { items, total } = await readWaiting(db, tableName, CHANGE_QUEUE_PK, limit);
      // One taken up since the index was written drops out here.
      return { changes: items.map(fromItem).filter((c) => c.status === 'requested'), total };
    },

    async list(orderId) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': `ORDER#${orderId}`, ':s': 'CHANGE#' },
          ConsistentRead: true,
        }),
      );
      return (out.Items ?? []).map(fromItem);
    },

    async save(change, expected: ChangeStatus | readonly ChangeStatus[]) {
      const statuses = typeof expected === 'string' ? [expected] : [...expected];
      const values = Object.fromEntries(statuses.map((s, i) => [`:e${i}`, s]));
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(change),
            ConditionExpression: `#s IN (${Object.keys(values).join(', ')})`,
            ExpressionAttributeNames: { '#s': 'changeStatus' },
            ExpressionAttributeValues: values,
          }),
        );
        return change;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        throw new ConflictError(`Change ${change.changeId} was already decided`);
      }
    },
  };
}
