/**
 * The local stand-in for DynamoDB Streams reads the consumer's per-record answer like Lambda
 * does with ReportBatchItemFailures: a record the handler reports failed is delivered again
 * after a pause, not taken as handled and not hammered.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { startStreamPoller } from '#local/stream-poller.ts';
import { NOTIFY_PK } from '#shared/entities/order-entity.ts';
import { useDynamoTable } from '../support/dynamo-table.ts';
import { eventually } from '../support/eventually.ts';

const seen: string[] = [];
const reported = new Set(['ORDER#BAD']);

vi.mock('#functions/order-received/handler.ts', () => ({
  handler: async (event: {
    Records: { dynamodb: { Keys: { pk: { S: string } }; SequenceNumber: string } }[];
  }) => {
    const failures = [];
    for (const record of event.Records) {
      seen.push(record.dynamodb.Keys.pk.S);
      if (reported.has(record.dynamodb.Keys.pk.S))
        failures.push({ itemIdentifier: record.dynamodb.SequenceNumber });
    }
    return { batchItemFailures: failures };
  },
}));

const table = useDynamoTable('orderdesk-poller-test');

describe('local stream poller', () => {
  it('delivers a record the handler reported failed again only after a pause, as a thrown failure', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const id of ['GOOD', 'BAD']) {
      await table.db.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            pk: `ORDER#${id}`,
            sk: 'ORDER',
            notifyPk: NOTIFY_PK,
            createdAt: `2026-12-03T00:00:0${id === 'GOOD' ? 1 : 2}.000Z`,
          },
        }),
      );
    }
    const poller = startStreamPoller(table.db, table.name, 20);
    try {
      // The bad record comes again (after its back-off), every delivery with a sequence number.
      await eventually(async () => seen.filter((k) => k === 'ORDER#BAD').length >= 2 || undefined, 10_000);
      // The good one stays in the index here (the stub never clears notifyPk), so it is offered
      // each poll; the bad one only after its pause: far fewer deliveries.
      const bad = seen.filter((k) => k === 'ORDER#BAD').length;
      const good = seen.filter((k) => k === 'ORDER#GOOD').length;
      expect(good).toBeGreaterThanOrEqual(bad * 5);
    } finally {
      await poller.stop();
    }
  });
});
