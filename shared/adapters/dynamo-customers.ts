/**
 * Customers as sales maintain them (R-MASTER-3), on the profile items `CUSTOMER#<key>` /
 * `PROFILE` that pricing already reads, plus a directory partition `CUSTOMERS` for the list and
 * the search: one `A#<sort name>#<key>` entry per customer (the list, by name) and one
 * `T#<term>#<key>` entry per search term (names, company, contact names, phones, emails; a
 * prefix Query). The profile is written first (conditional, with its record, dynamo-ledger.ts);
 * the directory follows and is rebuilt from the profile's `terms` on every save, so a crash in
 * between leaves at most a stale search entry, which the list drops by checking the profile.
 */
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { type CustomerRecord, customerTerms, searchNorm } from '../domain/master-data.ts';
import { customerKey } from '../entities/catalogue-entities.ts';
import type { CustomerStore } from '../ports.ts';
import { isConditionFailure, putNew } from './dynamo-conditions.ts';
import { keepLastEvent, lastEventCondition, readHistory, readItem } from './dynamo-ledger.ts';
import { batchGetAll, decodeCursor, encodeCursor, type Item } from './dynamo-paging.ts';

export const DIRECTORY_PK = 'CUSTOMERS';
const sortName = (c: { name: string; company?: string | undefined }) =>
  searchNorm(c.company || c.name).slice(0, 120);

export function customerRecord(item: Item): CustomerRecord {
  const str = (k: string) => (typeof item[k] === 'string' && item[k] ? { [k]: item[k] as string } : {});
  return {
    customerKey: String(item['customerKey'] ?? String(item['pk']).replace(/^CUSTOMER#/, '')),
    name: String(item['name'] ?? ''),
    ...str('company'),
    contacts: (item['contacts'] as CustomerRecord['contacts']) ?? [],
    addresses: (item['addresses'] as CustomerRecord['addresses']) ?? [],
    ...(str('paymentTerms') as { paymentTerms?: CustomerRecord['paymentTerms'] }),
    ...str('notes'),
    ...str('owner'),
    lastPrices: (item['lastPrices'] as Record<string, number>) ?? {},
    version: typeof item['version'] === 'number' ? item['version'] : 0,
    ...str('createdAt'),
    ...str('updatedAt'),
    ...(Array.isArray(item['aliases']) ? { aliases: item['aliases'] as string[] } : {}),
    ...str('mergedInto'),
    ...(item['invoicing'] ? { invoicing: item['invoicing'] as CustomerRecord['invoicing'] } : {}),
  };
}

/** The directory entries of a customer: its list entry and one per search term. */
function directoryKeys(c: CustomerRecord): string[] {
  if (c.mergedInto) return [];
  return [`A#${sortName(c)}#${c.customerKey}`, ...customerTerms(c).map((t) => `T#${t}#${c.customerKey}`)];
}

export function dynamoCustomerStore(db: DynamoDBDocumentClient, tableName: string): CustomerStore {
  async function syncDirectory(before: CustomerRecord | undefined, after: CustomerRecord): Promise<void> {
    const keep = new Set(directoryKeys(after));
    const stale = before ? directoryKeys(before).filter((k) => !keep.has(k)) : [];
    const requests = [
      ...[...keep].map((sk) => ({
        PutRequest: { Item: { pk: DIRECTORY_PK, sk, customerKey: after.customerKey } },
      })),
      ...stale.map((sk) => ({ DeleteRequest: { Key: { pk: DIRECTORY_PK, sk } } })),
    ];
    for (let i = 0; i < requests.length; i += 25) {
      let pending: unknown[] = requests.slice(i, i + 25);
      while (pending.length) {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }));
        pending = out.UnprocessedItems?.[tableName] ?? [];
      }
    }
  }

  return {
    async create(c, event) {
      const record: CustomerRecord = { ...c, lastPrices: {}, version: 1 };
      const outcome = await putNew(db, {
        TableName: tableName,
        Item: { ...customerKey(c.customerKey), entity: 'customer', ...record, lastEvent: event },
      });
      if (outcome === 'created') await syncDirectory(undefined, record);
      return outcome;
    },

    async get(key) {
      const item = await readItem(db, tableName, customerKey(key));
      if (!item) return undefined;
      return {
        customer: customerRecord(item),
        history: await readHistory(db, tableName, customerKey(key), item),
      };
    },

    async replace(read, next, event) {
      const key = customerKey(read.customerKey);
      const item = await readItem(db, tableName, key);
      if (!item) throw new NotFoundError(`No customer ${read.customerKey}`);
      const current = customerRecord(item);
      if (current.version !== read.version)
        throw new ConflictError(
          `Customer ${read.customerKey} was changed by someone else; reload and try again`,
        );
      await keepLastEvent(db, tableName, key, item);
      const last = lastEventCondition(item);
      const { customerKey: _k, lastPrices, version: _v, ...fields } = next;
      const names: Record<string, string> = {};
      const values: Item = {
        ...last.values,
        ':event': event,
        ':read': read.version,
        ':one': 1,
        ':prices': lastPrices,
      };
      // A profile made by intake or a first delivery has no version yet (read as 0).
      const sets = [
        'lastEvent = :event',
        'version = if_not_exists(version, :zero) + :one',
        'lastPrices = :prices',
      ];
      values[':zero'] = 0;
      const removes: string[] = [];
      const editable = [
        'name',
        'company',
        'contacts',
        'addresses',
        'paymentTerms',
        'notes',
        'owner',
        'aliases',
        'mergedInto',
        'invoicing',
        'updatedAt',
      ];
      editable.forEach((field, i) => {
        names[`#f${i}`] = field;
        const value = (fields as Record<string, unknown>)[field];
        if (value === undefined) removes.push(`#f${i}`);
        else {
          values[`:v${i}`] = value;
          sets.push(`#f${i} = :v${i}`);
        }
      });
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key,
            UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: `${read.version === 0 ? '(attribute_not_exists(version) OR version = :read)' : 'version = :read'} AND ${last.expression}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        const saved = customerRecord(out.Attributes ?? {});
        await syncDirectory(current, saved);
        return saved;
      } catch (error) {
        if (isConditionFailure(error))
          throw new ConflictError(
            `Customer ${read.customerKey} was changed by someone else; reload and try again`,
          );
        throw error;
      }
    },

    async list(q, limit, cursor) {
      const prefix = q ? `T#${searchNorm(q).replace(/\s+/g, '')}` : 'A#';
      const start = decodeCursor(cursor, { keys: ['pk', 'sk'], fixed: { pk: DIRECTORY_PK } });
      const keys: string[] = [];
      let lastKey: Item | undefined = start;
      // A customer has several search terms: read until `limit` distinct customers or the end.
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
            ExpressionAttributeValues: { ':p': DIRECTORY_PK, ':s': prefix },
            Limit: limit * 2,
            ...(lastKey ? { ExclusiveStartKey: lastKey } : {}),
          }),
        );
        lastKey = out.LastEvaluatedKey;
        for (const entry of out.Items ?? []) {
          const k = String(entry['customerKey']);
          if (!keys.includes(k)) keys.push(k);
          if (keys.length === limit) {
            lastKey = { pk: DIRECTORY_PK, sk: String(entry['sk']) };
            break;
          }
        }
      } while (lastKey && keys.length < limit);
      const profiles = new Map(
        (await batchGetAll(db, tableName, keys.map(customerKey))).map((i) => [
          String(i['customerKey']),
          customerRecord(i),
        ]),
      );
      const wanted = q ? searchNorm(q) : '';
      const items = keys
        .map((k) => profiles.get(k))
        .filter((c): c is CustomerRecord => !!c && !c.mergedInto)
        // A stale search entry (a crash between profile and directory) is dropped here.
        .filter((c) => !wanted || customerTerms(c).some((t) => t.startsWith(wanted)));
      const nextCursor = encodeCursor(lastKey);
      return { items, ...(nextCursor ? { nextCursor } : {}) };
    },
  };
}

/** Directory entries for a profile written elsewhere (email intake, a delivery's last prices). */
export async function indexCustomer(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: string,
): Promise<void> {
  const item = await readItem(db, tableName, customerKey(key));
  if (!item) return;
  const record = customerRecord(item);
  const keys = directoryKeys(record);
  await db.send(
    new BatchWriteCommand({
      RequestItems: {
        [tableName]: keys
          .slice(0, 25)
          .map((sk) => ({ PutRequest: { Item: { pk: DIRECTORY_PK, sk, customerKey: key } } })),
      },
    }),
  );
}
