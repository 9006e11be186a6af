/** OrderStore on DynamoDB (see shared/entities/order-entity.ts for the item layout). */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { isOpen } from '../domain/status.ts';
import {
  itemToOrder,
  NOTIFY_PK,
  type Order,
  orderKey,
  orderToItem,
  QUEUE_PK,
  queueSortKey,
  STATUS_STAMPS,
} from '../entities/order-entity.ts';
import { INDEXES } from '../entities/table.ts';
import type { OrderStore, Page } from '../ports.ts';

export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && !Array.isArray(key)) return key;
  } catch {}
  throw new ValidationError('Invalid cursor', [
    { path: 'cursor', message: 'Not a cursor this API returned' },
  ]);
}

export function dynamoOrderStore(db: DynamoDBDocumentClient, tableName: string): OrderStore {
  return {
    async create(order) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: orderToItem(order),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'exists';
        throw error;
      }
    },

    async get(orderId) {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: orderKey(orderId), ConsistentRead: true }),
      );
      return out.Item ? itemToOrder(out.Item) : undefined;
    },

    async update(current, change) {
      const orderId = current.orderId;
      const names: Record<string, string> = { '#v': 'version', '#h': 'history', '#u': 'updatedAt' };
      const values: Record<string, unknown> = {
        ':expected': current.version,
        ':one': 1,
        ':h': [change.history],
        ':u': change.updatedAt,
      };
      const sets = ['#v = #v + :one', '#h = list_append(#h, :h)', '#u = :u'];
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
      for (const [i, [field, value]] of Object.entries(change.set ?? {}).entries()) {
        names[`#f${i}`] = field;
        if (value === undefined) {
          removes.push(`#f${i}`);
        } else {
          values[`:f${i}`] = value;
          sets.push(`#f${i} = :f${i}`);
        }
      }
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: orderKey(orderId),
            UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: 'attribute_exists(pk) AND #v = :expected',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return itemToOrder(out.Attributes ?? {});
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const stored = await this.get(orderId);
        if (!stored) throw new NotFoundError(`Order ${orderId} not found`);
        throw new ConflictError(
          `Order ${orderId} was changed by someone else (version ${stored.version}, you had ${current.version})`,
        );
      }
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
            ExpressionAttributeValues: { ':h': [entry], ':one': 1, ':u': entry.at },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return itemToOrder(out.Attributes ?? {});
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          throw new NotFoundError(`Order ${orderId} not found`);
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
          ExclusiveStartKey: decodeCursor(cursor),
        }),
      );
      const page: Page<Order> = { items: (out.Items ?? []).map(itemToOrder) };
      const next = encodeCursor(out.LastEvaluatedKey);
      if (next) page.nextCursor = next;
      return page;
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
