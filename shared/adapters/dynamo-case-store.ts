/** CaseStore on DynamoDB: items under the order's partition (shared/entities/case-entity.ts). */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors.ts';
import {
  CASE_QUEUE_PK,
  CASE_SK_PREFIX,
  type CaseStore,
  caseKey,
  caseQueueKeys,
  caseToItem,
  caseWaits,
  itemToCase,
  refundLedgerKey,
} from '../entities/case-entity.ts';
import {
  addFields,
  putNew,
  unlessConditionFails,
  updateVersioned,
  versionConflict,
} from './dynamo-conditions.ts';
import { queryAll } from './dynamo-paging.ts';
import { readWaiting } from './dynamo-work-queue.ts';

export function dynamoCaseStore(db: DynamoDBDocumentClient, tableName: string): CaseStore {
  const store: CaseStore = {
    async create(c) {
      if ((await putNew(db, { TableName: tableName, Item: caseToItem(c) })) === 'exists')
        throw new ConflictError(`Case ${c.caseId} exists already`);
    },

    async get(orderId, caseId) {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: caseKey(orderId, caseId), ConsistentRead: true }),
      );
      return out.Item ? itemToCase(out.Item) : undefined;
    },

    async listForOrder(orderId) {
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `ORDER#${orderId}`, ':s': CASE_SK_PREFIX },
        ConsistentRead: true,
      });
      return items.map(itemToCase);
    },

    async waiting(limit) {
      const { items, total } = await readWaiting(db, tableName, CASE_QUEUE_PK, limit);
      // A case done since the index was written drops out here.
      const cases = items.map(itemToCase).filter((c) => caseWaits(c.caseStatus));
      return { cases, total };
    },

    async update(current, change) {
      const parts = addFields(
        {
          sets: ['#h = list_append(#h, :h)', '#u = :u', '#s = :s'],
          names: { '#h': 'history', '#u': 'updatedAt', '#s': 'caseStatus' },
          values: { ':h': [change.history], ':u': change.updatedAt, ':s': change.caseStatus },
        },
        { ...change.set, ...(caseQueueKeys({ ...current, caseStatus: change.caseStatus }) ?? {}) },
        'skip',
      );
      // A case that no longer waits leaves after-sales' work queue in the same write.
      if (!caseWaits(change.caseStatus)) (parts.removes ??= []).push('queuePk', 'queueSk');
      const item = await updateVersioned(
        db,
        tableName,
        caseKey(current.orderId, current.caseId),
        current.version,
        parts,
        async () =>
          versionConflict(
            `Case ${current.caseId}`,
            await store.get(current.orderId, current.caseId),
            current.version,
          ),
      );
      return itemToCase(item);
    },

    async reserveRefund(orderId, amount, orderTotal, grantedBefore) {
      const key = refundLedgerKey(orderId);
      for (let attempt = 0; attempt < 5; attempt++) {
        const added = await unlessConditionFails(
          db
            .send(
              new UpdateCommand({
                TableName: tableName,
                Key: key,
                UpdateExpression: 'SET granted = granted + :a',
                ConditionExpression: 'attribute_exists(granted) AND granted <= :max',
                ExpressionAttributeValues: { ':a': amount, ':max': orderTotal - amount },
              }),
            )
            .then(() => true),
          false,
        );
        if (added) return 'reserved';
        const ledger = await db.send(
          new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
        );
        if (ledger.Item) return 'over';
        if (grantedBefore + amount > orderTotal) return 'over';
        const started = await putNew(db, {
          TableName: tableName,
          Item: { ...key, entity: 'refund-ledger', orderId, granted: grantedBefore + amount },
        });
        if (started === 'created') return 'reserved';
      }
      throw new ConflictError(`The refund ledger of order ${orderId} keeps changing; try again`);
    },

    async releaseRefund(orderId, amount) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: refundLedgerKey(orderId),
          UpdateExpression: 'SET granted = granted - :a',
          ExpressionAttributeValues: { ':a': amount },
        }),
      );
    },
  };
  return store;
}
