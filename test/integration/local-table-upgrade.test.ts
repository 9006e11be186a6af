/**
 * Local data made by an older version keeps working: a table with other indexes is rebuilt with
 * the current ones, every item comes back, and orders gain the keys of the `by-day` index the
 * reports read (R-REPORT-1). A crash in the middle is finished on the next start.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startDynalite } from '#local/dynamo.ts';
import { ALL_INDEXES, INDEXES } from '#shared/entities/table.ts';

const TABLE = 'orderdesk';
let dynamo: LocalDynamo;
let client: DynamoDBClient;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orderdesk-upgrade-'));
  dynamo = await startDynalite({ path: join(dir, 'dynamodb') });
  client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterEach(async () => {
  client.destroy();
  await dynamo.close();
  await rm(dir, { recursive: true, force: true });
});

/** The table as an older version made it: only the work queue index. */
async function oldTable() {
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk', 'queuePk', 'queueSk'].map((name) => ({
        AttributeName: name,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: INDEXES.workQueue.name,
          KeySchema: [
            { AttributeName: 'queuePk', KeyType: 'HASH' },
            { AttributeName: 'queueSk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
}

const order = (id: string, createdAt: string) => ({
  pk: { S: `ORDER#${id}` },
  sk: { S: 'ORDER' },
  createdAt: { S: createdAt },
  totalAmount: { N: '1250' },
  status: { S: 'received' },
});

const ordersOn = async (day: string) =>
  (
    await client.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: INDEXES.byDay.name,
        KeyConditionExpression: 'dayPk = :d',
        ExpressionAttributeValues: { ':d': { S: `DAY#${day}` } },
      }),
    )
  ).Items ?? [];

describe('local table upgrade', () => {
  it('rebuilds an older table with every current index and keeps every item (R-REPORT-1)', async () => {
    await oldTable();
    // 16:30Z is already the next day in Shanghai.
    await client.send(new PutItemCommand({ TableName: TABLE, Item: order('A', '2026-11-26T16:30:00.000Z') }));
    await client.send(new PutItemCommand({ TableName: TABLE, Item: order('B', '2026-11-26T10:00:00.000Z') }));
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { pk: { S: 'CATALOGUE' }, sk: { S: 'PRODUCT#SKU-1' }, name: { S: '轴承' } },
      }),
    );
    const upgradeFile = join(dir, 'table-upgrade.jsonl');
    const lines: string[] = [];

    expect(await ensureTable(client, TABLE, { upgradeFile, log: (l) => lines.push(l) })).toBe('upgraded');

    const described = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    expect((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(
      ALL_INDEXES.map((i) => i.name).sort(),
    );
    expect((await ordersOn('2026-11-27')).map((i) => i['pk']?.S)).toEqual(['ORDER#A']);
    expect((await ordersOn('2026-11-26')).map((i) => i['pk']?.S)).toEqual(['ORDER#B']);
    const product = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'CATALOGUE' }, sk: { S: 'PRODUCT#SKU-1' } } }),
    );
    expect(product.Item?.['name']?.S).toBe('轴承');
    expect(lines.at(-1)).toContain('3 item(s)');
    // A second start finds nothing to do.
    expect(await ensureTable(client, TABLE, { upgradeFile })).toBe('existed');
  });

  it('finishes an upgrade a crash interrupted, from the copy set aside', async () => {
    await oldTable();
    const upgradeFile = join(dir, 'table-upgrade.jsonl');
    // The crash came after the copy was complete and the table was already emptied.
    await writeFile(upgradeFile, `${JSON.stringify(order('C', '2026-11-20T02:00:00.000Z'))}\n`);

    expect(await ensureTable(client, TABLE, { upgradeFile })).toBe('upgraded');
    expect((await ordersOn('2026-11-20')).map((i) => i['pk']?.S)).toEqual(['ORDER#C']);
    expect(await ensureTable(client, TABLE, { upgradeFile })).toBe('existed');
  });

  it('leaves a table of another version alone when no upgrade file is given', async () => {
    await oldTable();
    expect(await ensureTable(client, TABLE)).toBe('existed');
  });
});
