/**
 * InboundStore and CustomerDirectory on DynamoDB (item layout and the crash-safe order of a
 * state change: shared/entities/inbound-entity.ts). Lists are a Query on the state's listing
 * partition plus one BatchGetItem of the message items — never a Scan.
 */
import {
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
import { countEvent } from '../observability/metrics.ts';
import type { CustomerDirectory, InboundStore } from '../ports.ts';
import { addFields, putNew, unlessConditionFails, updateVersioned } from './dynamo-conditions.ts';
import { indexCustomer } from './dynamo-customers.ts';
import { batchGetAll, decodeCursor, pageOf } from './dynamo-paging.ts';

/** Fields a state change may not set through `set`: they are the state change itself. */
const OWN_FIELDS = new Set(['inboundId', 'state', 'version', 'actions']);

/** The first quarantine reason's kind (`spam-fail`, `attachment-type`…), never its details. */
const quarantineReason = (set: Record<string, unknown>): string => {
  const reasons = set['quarantineReasons'];
  const first = Array.isArray(reasons) && typeof reasons[0] === 'string' ? reasons[0] : 'unknown';
  return first.split(':')[0] ?? 'unknown';
};

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
      return putNew(db, { TableName: tableName, Item: inboundToItem(message) });
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
      const fields = Object.fromEntries(Object.entries(set).filter(([field]) => !OWN_FIELDS.has(field)));
      const parts = addFields(
        {
          sets: ['#s = :s', '#a = list_append(#a, :a)'],
          names: { '#s': 'state', '#a': 'actions' },
          values: { ':s': to, ':a': [action] },
        },
        fields,
        'skip',
      );
      const updated = itemToInbound(
        await updateVersioned(
          db,
          tableName,
          inboundKey(current.inboundId),
          current.version,
          parts,
          async () => {
            const stored = await this.get(current.inboundId);
            if (!stored) return new NotFoundError(`Inbound message ${current.inboundId} not found`);
            return new ConflictError(
              `Inbound message ${current.inboundId} was changed meanwhile (now ${stored.state})`,
            );
          },
        ),
      );
      if (to === 'quarantined' && current.state !== to)
        countEvent('emailsQuarantined', quarantineReason(set));
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
          ExclusiveStartKey: decodeCursor(cursor, { keys: ['pk', 'sk'], fixed: { pk: inboxPk(state) } }),
        }),
      );
      const ids = (out.Items ?? []).map((i) => String(i['inboundId']));
      const keys = [...new Set(ids)].map(inboundKey);
      const found = new Map<string, InboundMessage>();
      for (const item of await batchGetAll(db, tableName, keys, { consistentRead: true })) {
        const m = itemToInbound(item);
        found.set(m.inboundId, m);
      }
      const items: InboundMessage[] = [];
      for (const id of ids) {
        const m = found.get(id);
        if (m?.state === state) items.push(m);
        // A listing left behind by a state change that crashed half-way: tidy it up.
        else if (m) await deleteListing(m, state);
      }
      return pageOf(items, out.LastEvaluatedKey);
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
      const update = db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: customerKey(key),
          UpdateExpression: 'REMOVE pendingConfirmation SET confirmedBy = :by, confirmedAt = :at',
          ConditionExpression: 'pendingConfirmation = :t',
          ExpressionAttributeValues: { ':by': by, ':at': at, ':t': true },
        }),
      );
      return unlessConditionFails(
        update.then(() => 'confirmed' as const),
        'not-pending' as const,
      );
    },
    async createPending(c) {
      const outcome = await putNew(db, {
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
      });
      if (outcome === 'created') await indexCustomer(db, tableName, c.customerKey);
      return outcome;
    },
  };
}
