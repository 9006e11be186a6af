/**
 * `npm run redrive -- <queue-url | stream | inbound-mail> [--dry-run] [--max N] [--stack NAME]`:
 * re-drives a dead-letter queue of the deployed stack (docs/infra.md "Operations"). An alias is
 * the queue whose name starts with `<stack>-<construct id>` (ListQueues). Credentials and
 * region come from the usual AWS environment (AWS_PROFILE, AWS_REGION).
 */
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { FUNCTIONS, type TableStreamTrigger } from '#functions/manifest.ts';
import { parseRedriveArgs, QUEUE_ALIASES, type RedriveOptions } from './redrive-plan.ts';
import { RecordsExpiredError, type RedrivePorts, redrive } from './redrive-run.ts';

/** Long enough for a run; kept messages are made visible again at its end. */
const RUN_VISIBILITY_SECONDS = 900;

async function queueUrl(sqs: SQSClient, options: RedriveOptions): Promise<string> {
  if (!(options.queue in QUEUE_ALIASES)) return options.queue;
  const prefix = `${options.stack}-${QUEUE_ALIASES[options.queue as keyof typeof QUEUE_ALIASES]}`;
  const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
  if (QueueUrls.length !== 1) {
    throw new Error(`${QueueUrls.length} queues start with ${prefix}; give the queue URL instead`);
  }
  return QueueUrls[0]!;
}

/** The table-stream triggers' filter, as the event source mapping applies it. */
const STREAM_TRIGGERS = FUNCTIONS.flatMap((spec) =>
  spec.triggers.filter((t): t is TableStreamTrigger => t.kind === 'table-stream'),
);
const matchesTrigger = (record: DynamoDBRecord) =>
  STREAM_TRIGGERS.some(
    (t) =>
      t.events.includes(record.eventName as 'INSERT') &&
      record.dynamodb?.NewImage?.[t.whenAttributeExists]?.S !== undefined,
  );

function awsPorts(url: string): RedrivePorts {
  const sqs = new SQSClient({});
  const lambda = new LambdaClient({});
  const streams = new DynamoDBStreamsClient({});
  const payloadOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  return {
    async receive(max) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: max,
          VisibilityTimeout: RUN_VISIBILITY_SECONDS,
          WaitTimeSeconds: 1,
        }),
      );
      return (out.Messages ?? []).map((m) => ({
        id: m.MessageId!,
        receiptHandle: m.ReceiptHandle!,
        body: m.Body ?? '',
      }));
    },
    async remove(message) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.receiptHandle }));
    },
    async release(message) {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: message.receiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    },
    async invokeAsync(functionArn, payload) {
      await lambda.send(
        new InvokeCommand({
          FunctionName: functionArn,
          InvocationType: 'Event',
          Payload: payloadOf(payload),
        }),
      );
    },
    async invokeSync(functionArn, payload) {
      const out = await lambda.send(
        new InvokeCommand({
          FunctionName: functionArn,
          InvocationType: 'RequestResponse',
          Payload: payloadOf(payload),
        }),
      );
      const text = out.Payload ? new TextDecoder().decode(out.Payload) : 'null';
      return {
        ...(out.FunctionError ? { functionError: out.FunctionError } : {}),
        result: JSON.parse(text || 'null'),
      };
    },
    async streamRecords(step) {
      const end = BigInt(step.endSequenceNumber);
      const records: DynamoDBRecord[] = [];
      try {
        let iterator = (
          await streams.send(
            new GetShardIteratorCommand({
              StreamArn: step.streamArn,
              ShardId: step.shardId,
              ShardIteratorType: 'AT_SEQUENCE_NUMBER',
              SequenceNumber: step.startSequenceNumber,
            }),
          )
        ).ShardIterator;
        for (let empty = 0; iterator && empty < 5 && records.length < step.batchSize; ) {
          const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
          const page = (out.Records ?? []) as unknown as DynamoDBRecord[];
          empty = page.length === 0 ? empty + 1 : 0;
          for (const record of page) {
            if (BigInt(record.dynamodb?.SequenceNumber ?? '0') > end) return records.filter(matchesTrigger);
            records.push({ ...record, eventSourceARN: step.streamArn });
          }
          iterator = out.NextShardIterator;
        }
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'TrimmedDataAccessException' || name === 'ResourceNotFoundException') {
          throw new RecordsExpiredError(
            `the stream no longer holds these records (${name}: kept 24 hours); find the orders by the ` +
              'approximate arrival times in the message and see to them by hand',
          );
        }
        throw error;
      }
      return records.filter(matchesTrigger);
    },
    log: (line) => console.log(line),
  };
}

async function main(): Promise<void> {
  let options: RedriveOptions;
  try {
    options = parseRedriveArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const url = await queueUrl(new SQSClient({}), options);
  console.log(`${options.dryRun ? 'Plan for' : 'Re-driving'} ${url}`);
  const summary = await redrive(awsPorts(url), options);
  if (summary.kept > 0 && !options.dryRun) process.exitCode = 1;
}

await main();
