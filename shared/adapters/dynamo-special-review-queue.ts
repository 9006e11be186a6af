/**
 * Orders waiting for special-requirement opinions (R-SPEC-1), for My work: one small item per
 * order, `pk = ORDER#<orderId>`, `sk = SPECIAL`, in the `work-queue` index's `SPECIAL` partition
 * while a department's opinion is due (the order item itself is in the `QUEUE` partition, and
 * the `order-list` index projects nothing of the review). Written after the order, never over
 * an existing one (a replayed intake keeps the opinions' progress); removed when the review
 * ends. A missing item costs only the My work entry: the order and its history are the truth.
 */
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SpecialReviewQueue, SpecialWaiting } from '../ports.ts';
import { isConditionFailure, putNew } from './dynamo-conditions.ts';
import { attributesOf } from './dynamo-paging.ts';
import { readWaiting } from './dynamo-work-queue.ts';

/** The `work-queue` partition of orders whose special requirements wait for opinions. */
export const SPECIAL_QUEUE_PK = 'SPECIAL';

export const specialKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'SPECIAL' });

const itemOf = (entry: SpecialWaiting) => ({
  ...specialKey(entry.orderId),
  entity: 'special-review',
  ...entry,
  queuePk: SPECIAL_QUEUE_PK,
  queueSk: `${entry.createdAt}#${entry.orderId}`,
});

export function dynamoSpecialReviewQueue(db: DynamoDBDocumentClient, tableName: string): SpecialReviewQueue {
  return {
    async open(entry) {
      await putNew(db, { TableName: tableName, Item: itemOf(entry) });
    },

    async reopen(entry) {
      // A rejected review asked again (the order resumed): the same item, waiting anew.
      await db.send(new PutCommand({ TableName: tableName, Item: itemOf(entry) }));
    },

    async waitOn(orderId, departments) {
      if (departments.length === 0) {
        await db.send(new DeleteCommand({ TableName: tableName, Key: specialKey(orderId) }));
        return;
      }
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: specialKey(orderId),
            UpdateExpression: 'SET waitingOn = :w',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':w': departments },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async waiting(limit) {
      const { items } = await readWaiting(db, tableName, SPECIAL_QUEUE_PK, limit);
      return items
        .map((item) => {
          const {
            queuePk: _q,
            queueSk: _s,
            ...rest
          } = attributesOf<SpecialWaiting & { queuePk: string; queueSk: string }>(item);
          return rest;
        })
        .filter((w) => w.waitingOn.length > 0);
    },
  };
}
