/**
 * A dynalite in memory with the project's table, for the tests of one file: started before its
 * tests, stopped after them. `table.db` is the document client, as the adapters use it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { ensureTable, type LocalDynamo, startDynalite } from '#local/dynamo.ts';

export interface TestTable {
  readonly name: string;
  readonly db: DynamoDBDocumentClient;
}

export function useDynamoTable(name: string): TestTable {
  let dynamo: LocalDynamo | undefined;
  let db: DynamoDBDocumentClient | undefined;
  beforeAll(async () => {
    dynamo = await startDynalite({});
    db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    await ensureTable(db, name);
  });
  afterAll(async () => {
    db?.destroy();
    await dynamo?.close();
  });
  return {
    name,
    get db() {
      if (!db) throw new Error('The test table is used before beforeAll ran');
      return db;
    },
  };
}
