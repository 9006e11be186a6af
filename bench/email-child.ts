/**
 * The system under test of the email bench (child process): `startSystem` with its SMTP intake
 * server, answering how many inbound messages are in each state (a COUNT Query per state's
 * listing partition, shared/entities/inbound-entity.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startSystem } from '#local/system.ts';
import { INBOUND_STATES, inboxPk } from '#shared/entities/inbound-entity.ts';
import { failStart, serveParent } from './children.ts';
import { countItems } from './count-items.ts';

export interface EmailChildOptions {
  dataDir: string;
  /** false: no stream poller (registration alone, confirmations and workflows held back). */
  background?: boolean;
}

export interface EmailChildInfo {
  smtpPort: number;
  intakeAddress: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as EmailChildOptions;

async function main(): Promise<void> {
  const system = await startSystem({
    dataDir: options.dataDir,
    port: 0,
    quiet: true,
    rateLimit: 0,
    ...(options.background === false ? { background: false } : {}),
  });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: system.dynamoEndpoint,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const count = (state: string): Promise<number> =>
    countItems(db, {
      TableName: system.tableName,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': inboxPk(state as never) },
    });
  const info: EmailChildInfo = { smtpPort: system.smtpPort, intakeAddress: system.intakeAddress };
  serveParent(
    info,
    {
      counts: async () =>
        Object.fromEntries(await Promise.all(INBOUND_STATES.map(async (s) => [s, await count(s)] as const))),
    },
    async () => {
      await system.stop();
      db.destroy();
    },
  );
}

main().catch(failStart);
