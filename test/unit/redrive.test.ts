/**
 * `npm run redrive`: its arguments, the plan it reads from each dead-letter message, and what it
 * invokes and deletes — on fake ports, offline.
 */
import { execFileSync } from 'node:child_process';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { parseRedriveArgs, planMessage } from '#infra/ops/redrive-plan.ts';
import {
  type QueueMessage,
  RecordsExpiredError,
  type RedrivePorts,
  redrive,
} from '#infra/ops/redrive-run.ts';

const FN = 'arn:aws:lambda:cn-north-1:123456789012:function:OrderDeskStateless-receiveemailFunction-X';
const STREAM_FN =
  'arn:aws:lambda:cn-north-1:123456789012:function:OrderDeskStateless-orderreceivedFunction-Y';
const asyncRecord = JSON.stringify({
  version: '1.0',
  requestContext: {
    requestId: 'r1',
    functionArn: `${FN}:$LATEST`,
    condition: 'RetriesExhausted',
    approximateInvokeCount: 3,
  },
  requestPayload: { Records: [{ eventSource: 'aws:ses', ses: { mail: { messageId: 'm1' } } }] },
  responseContext: { statusCode: 200, functionError: 'Unhandled' },
});
const streamRecord = JSON.stringify({
  requestContext: { requestId: 'r2', functionArn: STREAM_FN, condition: 'RetryAttemptsExhausted' },
  DDBStreamBatchInfo: {
    shardId: 'shardId-1',
    startSequenceNumber: '100',
    endSequenceNumber: '300',
    batchSize: 2,
    streamArn: 'arn:aws:dynamodb:cn-north-1:123456789012:table/T/stream/2026-12-01T00:00:00.000',
  },
});

describe('redrive arguments', () => {
  it('takes a queue alias or URL and the options', () => {
    expect(parseRedriveArgs(['stream'])).toEqual({
      queue: 'stream',
      dryRun: false,
      max: 100,
      stack: 'OrderDeskStateless',
    });
    const url = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/OrderDeskStateless-InboundMailDlq1-abc';
    expect(parseRedriveArgs([url, '--dry-run', '--max', '5', '--stack', 'Desk2'])).toEqual({
      queue: url,
      dryRun: true,
      max: 5,
      stack: 'Desk2',
    });
  });

  it('refuses bad arguments with every problem and the usage', () => {
    expect(() => parseRedriveArgs([])).toThrow(/exactly one queue[\s\S]*usage: npm run redrive/);
    expect(() => parseRedriveArgs(['queue-of-mine', '--max', '0', '--fast'])).toThrow(
      /unknown option --fast.*queue: a queue URL or one of stream, inbound-mail.*max/,
    );
  });

  it('exits 2 with the usage from the command line, before touching AWS', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync('npx', ['tsx', 'infra/ops/redrive.ts', '--bogus'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      ({ status, stderr } = error as { status: number; stderr: string });
    }
    expect(status).toBe(2);
    expect(stderr).toContain('usage: npm run redrive');
  });
});

describe('redrive plan', () => {
  it('re-invokes a failed asynchronous invocation with its original event', () => {
    expect(planMessage(asyncRecord)).toMatchObject({
      kind: 'invoke-async',
      functionArn: `${FN}:$LATEST`,
      payload: { Records: [{ eventSource: 'aws:ses' }] },
    });
  });

  it('replays a failed stream batch from the stream', () => {
    expect(planMessage(streamRecord)).toMatchObject({
      kind: 'replay-stream',
      functionArn: STREAM_FN,
      shardId: 'shardId-1',
      startSequenceNumber: '100',
      endSequenceNumber: '300',
    });
  });

  it('leaves anything else alone', () => {
    expect(planMessage('not json').kind).toBe('unknown');
    expect(planMessage('{"hello":1}').kind).toBe('unknown');
  });
});

function fakePorts(bodies: string[], overrides: Partial<RedrivePorts> = {}) {
  const queue: QueueMessage[] = bodies.map((body, i) => ({ id: `m${i}`, receiptHandle: `h${i}`, body }));
  const calls = {
    removed: [] as string[],
    released: [] as string[],
    async: [] as unknown[],
    sync: [] as unknown[],
  };
  const lines: string[] = [];
  const ports: RedrivePorts = {
    async receive(max) {
      return queue.splice(0, max);
    },
    async remove(m) {
      calls.removed.push(m.id);
    },
    async release(m) {
      calls.released.push(m.id);
    },
    async invokeAsync(arn, payload) {
      calls.async.push({ arn, payload });
    },
    async invokeSync(_arn, payload) {
      calls.sync.push(payload);
      return { result: { batchItemFailures: [] } };
    },
    async streamRecords() {
      return [{ eventName: 'INSERT', dynamodb: { SequenceNumber: '100' } } as DynamoDBRecord];
    },
    log: (line) => lines.push(line),
    ...overrides,
  };
  return { ports, calls, lines };
}

describe('redrive run', () => {
  const options = { queue: 'stream', dryRun: false, max: 100, stack: 'OrderDeskStateless' };

  it('on a dry run prints the plan and invokes and deletes nothing', async () => {
    const { ports, calls, lines } = fakePorts([asyncRecord, streamRecord, 'junk']);
    expect(await redrive(ports, { ...options, dryRun: true })).toEqual({ redriven: 0, kept: 3 });
    expect(calls.removed).toEqual([]);
    expect(calls.async).toEqual([]);
    expect(calls.released).toEqual(['m0', 'm1', 'm2']);
    expect(lines.join('\n')).toContain('m0: invoke OrderDeskStateless-receiveemailFunction-X asynchronously');
    expect(lines.join('\n')).toContain('m1: read 2 record(s) of shardId-1 from 100 to 300');
    // The payload carries customer data: never printed.
    expect(lines.join('\n')).not.toContain('aws:ses');
  });

  it('re-invokes and deletes what succeeded, and keeps the rest visible', async () => {
    const { ports, calls } = fakePorts([asyncRecord, streamRecord, 'junk']);
    expect(await redrive(ports, options)).toEqual({ redriven: 2, kept: 1 });
    expect(calls.async).toEqual([{ arn: `${FN}:$LATEST`, payload: JSON.parse(asyncRecord).requestPayload }]);
    expect(calls.sync).toEqual([{ Records: [{ eventName: 'INSERT', dynamodb: { SequenceNumber: '100' } }] }]);
    expect(calls.removed).toEqual(['m0', 'm1']);
    expect(calls.released).toEqual(['m2']);
  });

  it('keeps a stream batch whose records expired or failed again', async () => {
    const expired = fakePorts([streamRecord], {
      async streamRecords() {
        throw new RecordsExpiredError('gone');
      },
    });
    expect(await redrive(expired.ports, options)).toEqual({ redriven: 0, kept: 1 });
    const failing = fakePorts([streamRecord], {
      async invokeSync() {
        return { result: { batchItemFailures: [{ itemIdentifier: '100' }] } };
      },
    });
    expect(await redrive(failing.ports, options)).toEqual({ redriven: 0, kept: 1 });
    expect(failing.calls.removed).toEqual([]);
  });

  it('stops at --max', async () => {
    const { ports, calls } = fakePorts([asyncRecord, asyncRecord, asyncRecord]);
    expect(await redrive(ports, { ...options, max: 2 })).toEqual({ redriven: 2, kept: 0 });
    expect(calls.async).toHaveLength(2);
  });
});
