/**
 * InboundStore and CustomerDirectory on DynamoDB (item layout and the crash-safe order of a
 * state change: shared/entities/inbound-entity.ts). Lists are a Query on the state's listing
 * partition plus one BatchGetItem of the message items — never a Scan.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { customerKey } from '../entities/catalogue-entities.ts';
import {
  type InboundMessage,
  inboundKey,
  inboundToItem,
  inboxPk,
  inboxSk,
  itemToInbound,
} from '../entities/inbound-entity.ts';
import type { CustomerDirectory, InboundStore, Page } from '../ports.ts';
import { decodeCursor, encodeCursor } from './dynamo-order-store.ts';

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

export function dynamoInboundStore(db: DynamoDBDocumentClient, tableName: string): InboundStore {
  const putListing = (m: InboundMessage, state: InboundMessage['state']) =>
    db.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: inboxPk(state), sk: inboxSk(m), entity: 'inbox', inboundId: m.inboundId },
      }),
    );
  const deleteListing = (
    m: Pick<InboundMessage, 'receivedAt' | 'inboundId'>,
    state: InboundMessage['state'],
  ) => db.send(new DeleteCommand({ TableName: tableName, Key: { pk: inboxPk(state), sk: inboxSk(m) } }));

  return {
    async create(message) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: inboundToItem(message),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) return 'exists';
        throw error;
      }
      return 'created';
    },

    async listStuck(message) {
      if (message.stuck) return message;
      await putListing(message, 'received');
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: inboundKey(message.inboundId),
          UpdateExpression: 'SET stuck = :t',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':t': true },
        }),
      );
      return { ...message, stuck: true };
    },

    async get(inboundId) {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: inboundKey(inboundId), ConsistentRead: true }),
      );
      return out.Item ? itemToInbound(out.Item) : undefined;
    },

    async transition(current, to, set, action) {
      await putListing(current, to);
      const names: Record<string, string> = { '#v': 'version', '#s': 'state', '#a': 'actions' };
      const values: Record<string, unknown> = {
        ':expected': current.version,
        ':one': 1,
        ':s': to,
        ':a': [action],
      };
      const sets = ['#v = #v + :one', '#s = :s', '#a = list_append(#a, :a)'];
      for (const [i, [field, value]] of Object.entries(set).entries()) {
        if (value === undefined || ['inboundId', 'state', 'version', 'actions'].includes(field)) continue;
        names[`#f${i}`] = field;
        values[`:f${i}`] = value;
        sets.push(`#f${i} = :f${i}`);
      }
      let updated: InboundMessage;
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: inboundKey(current.inboundId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: 'attribute_exists(pk) AND #v = :expected',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        updated = itemToInbound(out.Attributes ?? {});
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const stored = await this.get(current.inboundId);
        if (!stored) throw new NotFoundError(`Inbound message ${current.inboundId} not found`);
        throw new ConflictError(
          `Inbound message ${current.inboundId} was changed meanwhile (now ${stored.state})`,
        );
      }
      if (current.state !== to && (current.state !== 'received' || current.stuck)) {
        await deleteListing(current, current.state);
      }
      return updated;
    },

    async appendAction(inboundId, action) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: inboundKey(inboundId),
          UpdateExpression: 'SET #a = list_append(#a, :a)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#a': 'actions' },
          ExpressionAttributeValues: { ':a': [action] },
        }),
      );
    },

    async list(state, limit, cursor) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': inboxPk(state) },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor),
        }),
      );
      const ids = (out.Items ?? []).map((i) => String(i['inboundId']));
      const found = new Map<string, InboundMessage>();
      let keys: Record<string, unknown>[] = [...new Set(ids)].map(inboundKey);
      for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
        const got = await db.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of got.Responses?.[tableName] ?? []) {
          const m = itemToInbound(item);
          found.set(m.inboundId, m);
        }
        keys = (got.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      }
      const items: InboundMessage[] = [];
      for (const id of ids) {
        const m = found.get(id);
        if (m?.state === state) items.push(m);
        // A listing left behind by a state change that crashed half-way: tidy it up.
        else if (m) await deleteListing(m, state);
      }
      const page: Page<InboundMessage> = { items };
      const next = encodeCursor(out.LastEvaluatedKey);
      if (next) page.nextCursor = next;
      return page;
    },
  };
}

export function dynamoCustomerDirectory(db: DynamoDBDocumentClient, tableName: string): CustomerDirectory {
  return {
    async get(key) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: customerKey(key) }));
      if (!out.Item) return undefined;
      return {
        customerKey: key,
        name: String(out.Item['name'] ?? ''),
        ...(out.Item['company'] ? { company: String(out.Item['company']) } : {}),
        lastPrices: (out.Item['lastPrices'] as Record<string, number>) ?? {},
      };
    },
    async confirm(key, by, at) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: customerKey(key),
            UpdateExpression: 'REMOVE pendingConfirmation SET confirmedBy = :by, confirmedAt = :at',
            ConditionExpression: 'pendingConfirmation = :t',
            ExpressionAttributeValues: { ':by': by, ':at': at, ':t': true },
          }),
        );
        return 'confirmed';
      } catch (error) {
        if (isConditionFailure(error)) return 'not-pending';
        throw error;
      }
    },
    async createPending(c) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...customerKey(c.customerKey),
              entity: 'customer',
              customerKey: c.customerKey,
              name: c.name,
              ...(c.company ? { company: c.company } : {}),
              lastPrices: {},
              pendingConfirmation: true,
              source: 'email',
              createdAt: c.createdAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (isConditionFailure(error)) return 'exists';
        throw error;
      }
    },
  };
}
