/**
 * The ceiling for one write per order (child process): a plain node:http server that reads the
 * body, validates it with the same `orderInputSchema.safeParse`, and does ONE conditional PutItem
 * through @aws-sdk/lib-dynamodb to its own dynalite on disk (own data dir, table made by
 * `ensureTable`, so the same indexes as the local system are maintained on every write: the
 * work queue and the local-only pending-notifications index). No middy, no API Gateway event, no
 * catalogue lookup, no pricing, no tracking token: only what any intake must do.
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { ensureTable, startDynalite } from '#local/dynamo.ts';
import { businessDay } from '#shared/domain/calendar.ts';
import { orderInputSchema } from '#shared/domain/order-schema.ts';
import { failStart, serveParent } from './children.ts';

const { dataDir } = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string };
const TABLE = 'baseline';

async function main(): Promise<void> {
  await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
  const dynamo = await startDynalite({ path: join(dataDir, 'dynamodb') });
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, TABLE);
  while (
    (await client.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.TableStatus !== 'ACTIVE'
  ) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  const answer = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(res, 400, { message: 'invalid JSON' });
      }
      const parsed = orderInputSchema.safeParse(body);
      if (!parsed.success) return answer(res, 400, { message: 'invalid order' });
      const orderId = ulid();
      const createdAt = new Date().toISOString();
      // The same kind of item the real intake writes: the order plus every index key it carries.
      const item = {
        pk: `ORDER#${orderId}`,
        sk: 'ORDER',
        entity: 'order',
        ...parsed.data,
        orderNumber: `OD${businessDay(new Date()).replaceAll('-', '')}-${orderId.slice(-6)}`,
        status: 'received',
        version: 1,
        createdAt,
        updatedAt: createdAt,
        queuePk: 'QUEUE',
        queueSk: `3#${createdAt}#${orderId}`,
        notifyPk: 'CONFIRM',
      };
      db.send(
        new PutCommand({ TableName: TABLE, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      ).then(
        () => answer(res, 201, { orderId }),
        (error: Error) => answer(res, 500, { message: error.name }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;

  serveParent({ baseUrl: `http://127.0.0.1:${port}` }, {}, async () => {
    await new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
    await dynamo.close();
    db.destroy();
  });
}

main().catch(failStart);
