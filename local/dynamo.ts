/**
 * dynalite on disk (ARCHITECTURE.md): the same DynamoDB wire API, data kept under the data
 * directory so it survives restarts. The table is created from shared/entities/table.ts, the
 * same definition CDK uses.
 */

import { existsSync } from 'node:fs';
import { appendFile, readFile, rename, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { businessDay } from '#shared/domain/calendar.ts';
import { ALL_INDEXES, TABLE_KEYS } from '#shared/entities/table.ts';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

export interface LocalDynamo {
  endpoint: string;
  close(): Promise<void>;
}

/** Starts dynalite; `path` undefined keeps data in memory (unit-speed tests). */
export async function startDynalite(options: { path?: string; port?: number }): Promise<LocalDynamo> {
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    // Graceful: requests already inside dynalite finish before its database closes (a write
    // cut off mid-way would fail inside dynalite, outside any caller's reach).
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          clearInterval(idle);
          clearTimeout(force);
          resolve();
        });
        const idle = setInterval(() => server.closeIdleConnections(), 25);
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 5000);
      }),
  };
}

type Item = Record<string, AttributeValue>;
type Client = Pick<DynamoDBClient, 'send'>;

/**
 * Creates the table with every index unless it exists already. With `upgradeFile`, a table
 * made by an older version (other indexes) is rebuilt: dynalite cannot add an index to a
 * table, so every item is copied to that file, the table is made anew and the items are
 * written back, with the keys new indexes need filled in. The file is renamed into place only
 * once complete and removed only after the last item is back, so a crash at any step is
 * finished on the next start and no item is lost.
 */
export async function ensureTable(
  client: Client,
  tableName: string,
  options: { upgradeFile?: string; log?: (line: string) => void } = {},
): Promise<'created' | 'existed' | 'upgraded'> {
  const { upgradeFile, log = () => {} } = options;
  if (upgradeFile && existsSync(upgradeFile)) {
    await restoreFrom(client, tableName, upgradeFile, log);
    return 'upgraded';
  }
  let indexes: string[] | undefined;
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    indexes = (out.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName ?? '');
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  if (indexes) {
    const wanted = ALL_INDEXES.map((i) => i.name);
    const same = wanted.length === indexes.length && wanted.every((name) => indexes.includes(name));
    if (same || !upgradeFile) return 'existed';
    log(`Upgrading the local table: indexes ${indexes.join(', ') || 'none'} → ${wanted.join(', ')}.`);
    const partial = `${upgradeFile}.partial`;
    await rm(partial, { force: true });
    let count = 0;
    let start: Item | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      const lines = (page.Items ?? []).map((item) => `${JSON.stringify(item)}\n`).join('');
      if (lines) await appendFile(partial, lines);
      count += page.Items?.length ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    await appendFile(partial, '');
    await rename(partial, upgradeFile);
    log(`Copied ${count} item(s) aside.`);
    await restoreFrom(client, tableName, upgradeFile, log);
    return 'upgraded';
  }
  await createTable(client, tableName);
  return 'created';
}

/** Keys an item of an older version lacks: orders gained `dayPk`/`daySk` (R-REPORT-1). */
function withNewKeys(item: Item): Item {
  const createdAt = item['createdAt']?.S;
  if (item['sk']?.S === 'ORDER' && createdAt && !item['dayPk']) {
    return { ...item, dayPk: { S: `DAY#${businessDay(new Date(createdAt))}` }, daySk: { S: createdAt } };
  }
  return item;
}

async function restoreFrom(client: Client, tableName: string, file: string, log: (line: string) => void) {
  await client.send(new DeleteTableCommand({ TableName: tableName })).catch((error: unknown) => {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  });
  await createTable(client, tableName);
  const items = (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => withNewKeys(JSON.parse(line) as Item));
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
  await rm(file);
  log(`Local table rebuilt with ${items.length} item(s).`);
}

async function createTable(client: Client, tableName: string): Promise<void> {
  // A table just deleted may still be going away.
  for (let i = 0; i < 100; i++) {
    const gone = await client
      .send(new DescribeTableCommand({ TableName: tableName }))
      .then(() => false)
      .catch((error: unknown) => {
        if (error instanceof ResourceNotFoundException) return true;
        throw error;
      });
    if (gone) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const attributes = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
  for (const index of ALL_INDEXES) attributes.add(index.partitionKey).add(index.sortKey);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: ALL_INDEXES.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection:
          index.projection.type === 'INCLUDE'
            ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.attributes] }
            : { ProjectionType: index.projection.type },
      })),
    }),
  );
  // dynalite answers ResourceNotFound until the new table is ACTIVE.
  for (let i = 0; i < 100; i++) {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 20));
  }
}
