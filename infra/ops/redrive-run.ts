/**
 * The re-drive loop of `npm run redrive` over ports (redrive.ts wires them to SQS, Lambda and
 * DynamoDB Streams), so what is deleted when can be tested without AWS. Messages stay invisible
 * while the run lasts; the ones kept (dry run, unknown, failed again, expired) are made visible
 * again at the end, so the next run or the console sees them.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { describeStep, planMessage, type RedriveOptions, type RedriveStep } from './redrive-plan.ts';

export interface QueueMessage {
  id: string;
  receiptHandle: string;
  body: string;
}

export interface RedrivePorts {
  /** Up to 10 messages, hidden from other readers for the run; none when the queue is empty. */
  receive(max: number): Promise<QueueMessage[]>;
  remove(message: QueueMessage): Promise<void>;
  release(message: QueueMessage): Promise<void>;
  invokeAsync(functionArn: string, payload: unknown): Promise<void>;
  /** A synchronous invocation's answer: the function's error, or its result. */
  invokeSync(functionArn: string, payload: unknown): Promise<{ functionError?: string; result: unknown }>;
  /** The records of the step's range; throws RecordsExpiredError when the stream no longer has them. */
  streamRecords(step: Extract<RedriveStep, { kind: 'replay-stream' }>): Promise<DynamoDBRecord[]>;
  log(line: string): void;
}

export class RecordsExpiredError extends Error {
  override name = 'RecordsExpiredError';
}

export interface RedriveSummary {
  redriven: number;
  kept: number;
}

/** Runs one message's step; true when the message may be deleted. */
async function execute(ports: RedrivePorts, step: RedriveStep): Promise<true | string> {
  if (step.kind === 'unknown') return step.reason;
  if (step.kind === 'invoke-async') {
    await ports.invokeAsync(step.functionArn, step.payload);
    return true;
  }
  let records: DynamoDBRecord[];
  try {
    records = await ports.streamRecords(step);
  } catch (error) {
    if (error instanceof RecordsExpiredError) return error.message;
    throw error;
  }
  if (records.length === 0) return true;
  const { functionError, result } = await ports.invokeSync(step.functionArn, { Records: records });
  if (functionError) return `the function failed again (${functionError})`;
  const failures = (result as { batchItemFailures?: unknown[] } | null)?.batchItemFailures ?? [];
  return failures.length === 0 ? true : `${failures.length} record(s) failed again`;
}

export async function redrive(ports: RedrivePorts, options: RedriveOptions): Promise<RedriveSummary> {
  const kept: QueueMessage[] = [];
  let redriven = 0;
  let seen = 0;
  try {
    while (seen < options.max) {
      const batch = await ports.receive(Math.min(10, options.max - seen));
      if (batch.length === 0) break;
      for (const message of batch) {
        seen += 1;
        const step = planMessage(message.body);
        ports.log(describeStep(message.id, step));
        if (options.dryRun) {
          kept.push(message);
          continue;
        }
        let outcome: true | string;
        try {
          outcome = await execute(ports, step);
        } catch (error) {
          outcome = `${(error as Error).name}: ${(error as Error).message}`;
        }
        if (outcome === true) {
          await ports.remove(message);
          redriven += 1;
          ports.log(`${message.id}: re-driven, deleted`);
        } else {
          kept.push(message);
          ports.log(`${message.id}: kept — ${outcome}`);
        }
      }
    }
  } finally {
    for (const message of kept) await ports.release(message);
  }
  ports.log(
    options.dryRun
      ? `dry run: ${kept.length} message(s) planned, nothing invoked or deleted`
      : `${redriven} re-driven, ${kept.length} kept`,
  );
  return { redriven, kept: kept.length };
}
