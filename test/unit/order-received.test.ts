/**
 * The table-stream consumer reports per-record failures (ReportBatchItemFailures): one bad
 * record is reported by its sequence number and the records around it are still handled
 * (R-INTAKE-3: their confirmations go out, their workflows start).
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const started: string[] = [];
const confirmed: string[] = [];
const announced: string[] = [];

vi.mock('#shared/adapters/deps.ts', () => ({
  orderStore: () => ({}),
  trackingLinks: async () => ({ trackingSecret: 's', publicBaseUrl: 'https://orders.example.com' }),
}));
vi.mock('#shared/adapters/calendar-source.ts', () => ({
  currentCalendar: async () => (await import('#shared/domain/working-calendar.ts')).parseCalendar(undefined),
}));
vi.mock('#shared/adapters/workflow-engine.ts', () => ({
  workflowEngine: () => ({
    async start(machine: string, name: string) {
      if (name === 'BAD') throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      started.push(`${machine}:${name}`);
    },
  }),
}));
vi.mock('#shared/use-cases/send-order-confirmation.ts', () => ({
  sendOrderConfirmation: async (_deps: unknown, orderId: string) => {
    confirmed.push(orderId);
    return 'sent';
  },
}));

vi.mock('#shared/use-cases/order-special-review.ts', () => ({
  announceSpecialReview: async (_deps: unknown, orderId: string) => {
    announced.push(orderId);
    return 'sent';
  },
}));

const { handler } = await import('#functions/order-received/handler.ts');
const { eachStreamRecord } = await import('#shared/adapters/stream-batch.ts');

const record = (orderId: string, sequence: string): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: sequence,
    NewImage: { pk: { S: `ORDER#${orderId}` }, createdAt: { S: '2026-12-01T02:00:00.000Z' } },
  },
});

beforeEach(() => {
  started.length = 0;
  confirmed.length = 0;
  announced.length = 0;
  process.env['MAIL_FROM'] = 'orders@example.com';
  process.env['STAFF_USER_POOL_ID'] = 'cn-north-1_local';
  process.env['AWS_REGION'] = 'cn-north-1';
});

describe('order-received (R-INTAKE-3)', () => {
  it('reports only the record that failed, and handles the ones before and after it', async () => {
    const out = await handler({ Records: [record('A', '100'), record('BAD', '200'), record('C', '300')] });
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }] });
    expect(confirmed).toEqual(['A', 'C']);
    expect(started).toEqual(['order-approval:A', 'order-sla:A', 'order-approval:C', 'order-sla:C']);
  });

  it('starts only the SLA clock of an order whose special requirements wait for review (R-SPEC-1)', async () => {
    const special = record('S', '100');
    special.dynamodb!.NewImage!['specialReview'] = {
      M: { status: { S: 'pending' }, departments: { L: [{ S: 'production' }, { S: 'ops' }] } },
    };
    expect(await handler({ Records: [special] })).toEqual({ batchItemFailures: [] });
    expect(started).toEqual(['order-sla:S']);
    expect(confirmed).toEqual(['S']);
    // The departments are told of the review; an ordinary order announces nothing.
    expect(announced).toEqual(['S']);
    await handler({ Records: [record('T', '101')] });
    expect(announced).toEqual(['S']);
  });

  it('reports nothing when every record succeeds', async () => {
    expect(await handler({ Records: [record('A', '100')] })).toEqual({ batchItemFailures: [] });
  });

  it('fails the whole batch when a failed record has no sequence number to report', async () => {
    const bare = { eventName: 'INSERT' as const, dynamodb: {} };
    await expect(
      eachStreamRecord([bare], async () => {
        throw new Error('bad');
      }),
    ).rejects.toThrow('bad');
  });
});
