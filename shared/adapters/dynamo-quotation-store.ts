/** QuotationStore on DynamoDB (see shared/entities/quotation-entity.ts for the item layout). */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readEntry, storedEntry } from '../domain/history-codes.ts';
import { QUOTATION_PK, type Quotation, quotationKey } from '../entities/quotation-entity.ts';
import type { QuotationStore } from '../ports.ts';
import { addFields, putNew, updateVersioned, versionConflict } from './dynamo-conditions.ts';
import { decodeCursor, encodeCursor } from './dynamo-paging.ts';

function toItem(q: Quotation): Record<string, unknown> {
  const { quotationId, ...rest } = q;
  return { ...quotationKey(quotationId), ...rest, history: q.history.map(storedEntry) };
}

function fromItem(item: Record<string, unknown>): Quotation {
  const { pk: _pk, sk, ...rest } = item;
  const q = { ...rest, quotationId: String(sk) } as unknown as Quotation;
  q.history = (q.history ?? []).map(readEntry);
  return q;
}

/** Search text of a quotation: number, customer and products. */
const haystack = (q: Quotation) =>
  [
    q.quotationNumber,
    q.customer.name,
    q.customer.company,
    q.customer.email,
    ...q.items.map((i) => `${i.sku ?? ''} ${i.name}`),
  ]
    .join(' ')
    .toLowerCase();

export function dynamoQuotationStore(db: DynamoDBDocumentClient, tableName: string): QuotationStore {
  return {
    create: (q) => putNew(db, { TableName: tableName, Item: toItem(q) }),

    async get(id) {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: quotationKey(id), ConsistentRead: true }),
      );
      return out.Item ? fromItem(out.Item) : undefined;
    },

    async update(current, change) {
      const names: Record<string, string> = { '#h': 'history', '#u': 'updatedAt' };
      const values: Record<string, unknown> = { ':h': [storedEntry(change.history)], ':u': change.updatedAt };
      const sets = ['#h = list_append(#h, :h)', '#u = :u'];
      if (change.status) {
        names['#s'] = 'status';
        values[':s'] = change.status;
        sets.push('#s = :s');
      }
      const parts = addFields({ sets, removes: [], names, values }, change.set ?? {}, 'remove');
      const item = await updateVersioned(
        db,
        tableName,
        quotationKey(current.quotationId),
        current.version,
        parts,
        async () =>
          versionConflict(
            `Quotation ${current.quotationId}`,
            await this.get(current.quotationId),
            current.version,
          ),
      );
      return fromItem(item);
    },

    async list({ q, status, cursor, customerKeys }, limit) {
      const wanted = q?.toLowerCase();
      const items: Quotation[] = [];
      let start = decodeCursor(cursor, { keys: ['pk', 'sk'], fixed: { pk: QUOTATION_PK } });
      // Newest first; filtered here (the partition is small), pages of `limit` matches.
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': QUOTATION_PK },
            ScanIndexForward: false,
            Limit: 100,
            ExclusiveStartKey: start,
          }),
        );
        for (const raw of out.Items ?? []) {
          const quotation = fromItem(raw);
          if (status && quotation.status !== status) continue;
          if (customerKeys && !customerKeys.includes(quotation.customerKey)) continue;
          if (wanted && !haystack(quotation).includes(wanted)) continue;
          items.push(quotation);
          if (items.length === limit) {
            return { items, nextCursor: encodeCursor({ pk: QUOTATION_PK, sk: quotation.quotationId }) };
          }
        }
        start = out.LastEvaluatedKey;
      } while (start);
      return { items };
    },
  };
}
