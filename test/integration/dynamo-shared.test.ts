/**
 * The stores' shared DynamoDB helpers (shared/adapters/dynamo-paging.ts, dynamo-conditions.ts)
 * against dynalite: every page followed, batches past 100 keys, conditional writes answered.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  addFields,
  putNew,
  unlessConditionFails,
  updateVersioned,
  versionConflict,
} from '#shared/adapters/dynamo-conditions.ts';
import { batchGetAll, decodeCursor, encodeCursor, pageOf, queryAll } from '#shared/adapters/dynamo-paging.ts';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import { useDynamoTable } from '../support/dynamo-table.ts';

const table = useDynamoTable('dynamo-shared-test');
const TABLE = table.name;

const key = (pk: string, sk: string) => ({ pk, sk });
const put = (item: Record<string, unknown>) =>
  table.db.send(new PutCommand({ TableName: TABLE, Item: item }));
const get = async (pk: string, sk: string) =>
  (await table.db.send(new GetCommand({ TableName: TABLE, Key: key(pk, sk), ConsistentRead: true }))).Item;

describe('dynamo-paging', () => {
  it('queryAll follows LastEvaluatedKey to the last page', async () => {
    for (let i = 0; i < 12; i++) await put({ ...key('PAGED', `ITEM#${String(i).padStart(2, '0')}`), n: i });
    const items = await queryAll(table.db, {
      TableName: TABLE,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': 'PAGED' },
      Limit: 5, // three pages
    });
    expect(items.map((i) => i['n'])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('batchGetAll reads more than 100 keys and leaves missing ones out', async () => {
    const keys = [];
    for (let i = 0; i < 130; i++) {
      await put({ ...key(`BATCH#${i}`, 'A'), n: i });
      keys.push(key(`BATCH#${i}`, 'A'));
    }
    keys.push(key('BATCH#missing', 'A'));
    const items = await batchGetAll(table.db, TABLE, keys, { consistentRead: true });
    expect(items.map((i) => i['n']).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 130 }, (_, i) => i),
    );
  });

  it('cursors go round, a page has one only when there is more, and a forged cursor is a 400 on cursor', () => {
    const last = key('ORDER#1', 'ORDER');
    const shape = { keys: ['pk', 'sk'], fixed: { sk: 'ORDER' } };
    expect(decodeCursor(encodeCursor(last), shape)).toEqual(last);
    expect(pageOf([1], last)).toEqual({ items: [1], nextCursor: encodeCursor(last) });
    expect(pageOf([1], undefined)).toEqual({ items: [1] });
    expect(decodeCursor(undefined, shape)).toBeUndefined();
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const forged of [
      '%%%',
      b64([1]),
      b64({ pk: 'ORDER#1', sk: 'OTHER' }),
      b64({ pk: 1, sk: 'ORDER' }),
      b64({ pk: 'ORDER#1' }),
      b64({ pk: 'ORDER#1', sk: 'ORDER', x: 'y' }),
    ]) {
      try {
        decodeCursor(forged, shape);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues).toEqual([{ path: 'cursor', message: expect.any(String) }]);
      }
    }
  });
});

describe('dynamo-conditions', () => {
  it('putNew creates once and never overwrites', async () => {
    expect(await putNew(table.db, { TableName: TABLE, Item: { ...key('NEW', 'A'), v: 1 } })).toBe('created');
    expect(await putNew(table.db, { TableName: TABLE, Item: { ...key('NEW', 'A'), v: 2 } })).toBe('exists');
    expect((await get('NEW', 'A'))?.['v']).toBe(1);
  });

  it('unlessConditionFails answers the fallback on a failed condition and throws anything else', async () => {
    const conditional = (condition: string) =>
      table.db.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: key('NEW', 'A'),
          UpdateExpression: 'SET touched = :t',
          ConditionExpression: condition,
          ExpressionAttributeValues: { ':t': true },
        }),
      );
    expect(
      await unlessConditionFails(
        conditional('attribute_not_exists(pk)').then(() => 'done'),
        'no',
      ),
    ).toBe('no');
    expect(
      await unlessConditionFails(
        conditional('attribute_exists(pk)').then(() => 'done'),
        'no',
      ),
    ).toBe('done');
    await expect(unlessConditionFails(conditional('not a condition ('), 'no')).rejects.toThrow();
  });

  it('updateVersioned adds one to the version, sets, skips or removes fields, and reports a lost race', async () => {
    await put({ ...key('VER', 'A'), version: 1, a: 'x', b: 'y', history: [] });
    const lost = async () => versionConflict('Thing VER', (await get('VER', 'A')) as { version: number }, 1);
    const parts = (fields: Record<string, unknown>, whenUndefined: 'skip' | 'remove') =>
      addFields(
        { sets: ['#h = list_append(#h, :h)'], names: { '#h': 'history' }, values: { ':h': ['one'] } },
        fields,
        whenUndefined,
      );
    const updated = await updateVersioned(
      table.db,
      TABLE,
      key('VER', 'A'),
      1,
      parts({ a: 'new', b: undefined }, 'skip'),
      lost,
    );
    expect(updated).toMatchObject({ version: 2, a: 'new', b: 'y', history: ['one'] });

    // The caller still holds version 1: someone else changed the item.
    const stale = updateVersioned(table.db, TABLE, key('VER', 'A'), 1, parts({ a: 'late' }, 'skip'), lost);
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toThrow('version 2, you had 1');
    expect((await get('VER', 'A'))?.['a']).toBe('new');

    const removed = await updateVersioned(
      table.db,
      TABLE,
      key('VER', 'A'),
      2,
      parts({ b: undefined }, 'remove'),
      lost,
    );
    expect(removed).toMatchObject({ version: 3 });
    expect(removed).not.toHaveProperty('b');

    // No such item: the condition fails too, and the store's answer is a 404.
    const gone = updateVersioned(table.db, TABLE, key('VER', 'nothing'), 1, parts({}, 'skip'), async () =>
      versionConflict('Thing nothing', undefined, 1),
    );
    await expect(gone).rejects.toBeInstanceOf(NotFoundError);
  });
});
