/**
 * The system under test (child process): `startSystem` on a fresh data dir — dynalite on disk, the
 * SES emulator, the HTTP server calling the real handlers, and the background stream poller that
 * sends confirmations, running as in production (default 1 s interval, kicked after each intake).
 * With `record: true` the handlers reach dynalite through the recording proxy (write-unit phase).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startSystem } from '#local/system.ts';
import { NOTIFY_PK } from '#shared/entities/order-entity.ts';
import { INDEXES } from '#shared/entities/table.ts';
import { failStart, serveParent } from './children.ts';
import { startDynamoProxy } from './dynamo-proxy.ts';

const { dataDir, record } = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; record?: boolean };

async function main(): Promise<void> {
  const system = await startSystem({ dataDir, port: 0, quiet: true, rateLimit: 0 });
  // Handlers create their DynamoDB client on first use, reading this variable then.
  const proxy = record ? await startDynamoProxy(system.dynamoEndpoint) : undefined;
  if (proxy) process.env['AWS_ENDPOINT_URL_DYNAMODB'] = proxy.endpoint;
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: system.dynamoEndpoint }));

  /** Orders whose confirmation the poller has not sent yet (the sparse pending index). */
  async function pendingConfirmations(): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.send(
        new QueryCommand({
          TableName: system.tableName,
          IndexName: INDEXES.pendingNotifications.name,
          KeyConditionExpression: 'notifyPk = :n',
          ExpressionAttributeValues: { ':n': NOTIFY_PK },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return count;
  }

  serveParent(
    {
      baseUrl: system.baseUrl.replace('localhost', '127.0.0.1'),
      dynamoEndpoint: system.dynamoEndpoint,
      tableName: system.tableName,
    },
    {
      pending: pendingConfirmations,
      drain: () => system.drain(),
      calls: async () => proxy?.calls ?? [],
    },
    async () => {
      await system.stop();
      await proxy?.close();
      db.destroy();
    },
  );
}

main().catch(failStart);
