/** OrderStore on DynamoDB (see shared/entities/order-entity.ts for the item layout). */

import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../domain/errors.ts';
import { storedEntry } from '../domain/history-codes.ts';
import { isOpen } from '../domain/status.ts';
import {
  itemToOrder,
  NOTIFY_PK,
  orderKey,
  orderToItem,
  QUEUE_PK,
  queueSortKey,
  STATUS_STAMPS,
} from '../entities/order-entity.ts';
import { INDEXES } from '../entities/table.ts';
import { correlate, log } from '../observability/logger.ts';
import { countEvent } from '../observability/metrics.ts';
import type { OrderStore } from '../ports.ts';
import {
  addFields,
  isConditionFailure,
  putNew,
  updateVersioned,
  versionConflict,
} from './dynamo-conditions.ts';
import { decodeCursor, pageOf } from './dynamo-paging.ts';

/** Fields an order change never sets directly: the history (append-only), version and keys. */
export const FIELDS_NO_CHANGE_SETS = ['history', 'version', 'pk', 'sk', 'orderId', 'createdAt'] as const;

export function dynamoOrderStore(db: DynamoDBDocumentClient, tableName: string): OrderStore {
  return {
    async create(order) {
      const created = await putNew(db, { TableName: tableName, Item: orderToItem(order) });
      if (created === 'created') {
        // Counted where the order is first stored: a replayed request or a retried task finds it.
        correlate(order.orderId);
        log().info('order placed', { orderId: order.orderId, channel: order.channel });
        countEvent('ordersPlaced', order.channel);
      }
      return created;
    },

    async get(orderId) {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: orderKey(orderId), ConsistentRead: true }),
      );
      return out.Item ? itemToOrder(out.Item) : undefined;
    },

    async update(current, change) {
      const orderId = current.orderId;
      // R-ARCH-2: the history is only ever appended to, below; no change may set it (or the
      // version and keys that guard it) as a field.
      for (const field of FIELDS_NO_CHANGE_SETS) {
        if (change.set && field in change.set) throw new Error(`An order change may not set ${field}`);
      }
      const names: Record<string, string> = { '#h': 'history', '#u': 'updatedAt' };
      const values: Record<string, unknown> = { ':h': [storedEntry(change.history)], ':u': change.updatedAt };
      const sets = ['#h = list_append(#h, :h)', '#u = :u'];
      const removes: string[] = [];
      if (change.status) {
        names['#s'] = 'status';
        values[':s'] = change.status;
        sets.push('#s = :s');
        const stamp = STATUS_STAMPS[change.status];
        if (stamp) {
          names['#st'] = stamp.field;
          sets.push(stamp.first ? '#st = if_not_exists(#st, :u)' : '#st = :u');
        }
        if (isOpen(change.status)) {
          sets.push('queuePk = :qpk', 'queueSk = :qsk');
          values[':qpk'] = QUEUE_PK;
          values[':qsk'] = queueSortKey(current);
        } else {
          removes.push('queuePk', 'queueSk');
        }
      }
      if (change.assignee !== undefined) {
        names['#a'] = 'assignee';
        values[':a'] = change.assignee;
        sets.push('#a = :a');
      }
      const parts = addFields({ sets, removes, names, values }, change.set ?? {}, 'remove');
      const item = await updateVersioned(db, tableName, orderKey(orderId), current.version, parts, async () =>
        versionConflict(`Order ${orderId}`, await this.get(orderId), current.version),
      );
      if (change.status === 'on_hold' && current.status !== 'on_hold') {
        log().info('order on hold', { orderId, step: change.history.action });
        countEvent('ordersHeld', change.history.action);
      }
      return itemToOrder(item);
    },

    async appendHistory(orderId, entry) {
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: orderKey(orderId),
            UpdateExpression: 'SET #h = list_append(#h, :h), #v = #v + :one, #u = :u',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#h': 'history', '#v': 'version', '#u': 'updatedAt' },
            ExpressionAttributeValues: { ':h': [storedEntry(entry)], ':one': 1, ':u': entry.at },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return itemToOrder(out.Attributes ?? {});
      } catch (error) {
        if (isConditionFailure(error)) throw new NotFoundError(`Order ${orderId} not found`);
        throw error;
      }
    },

    async queue(limit, cursor) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: INDEXES.workQueue.name,
          KeyConditionExpression: 'queuePk = :q',
          ExpressionAttributeValues: { ':q': QUEUE_PK },
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor, {
            keys: ['pk', 'sk', 'queuePk', 'queueSk'],
            fixed: { queuePk: QUEUE_PK },
          }),
        }),
      );
      return pageOf((out.Items ?? []).map(itemToOrder), out.LastEvaluatedKey);
    },

    async pendingConfirmations(limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: INDEXES.pendingNotifications.name,
          KeyConditionExpression: 'notifyPk = :n',
          ExpressionAttributeValues: { ':n': NOTIFY_PK },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map(itemToOrder);
    },

    async markConfirmationSent(orderId) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: orderKey(orderId),
          UpdateExpression: 'REMOVE notifyPk',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    },
  };
}
