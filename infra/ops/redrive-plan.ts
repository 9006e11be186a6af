/**
 * What `npm run redrive` does with each message of a dead-letter queue, decided from the
 * message itself (no AWS calls here, so it is tested offline). Our DLQs are on-failure
 * destinations of Lambda, not dead-letter queues of SQS queues, so SQS StartMessageMoveTask
 * (which only moves messages back to a source *queue*) does not apply; each kind is re-driven
 * the way its source delivered it:
 * - an asynchronous invocation that failed (receive-email, invoked by SES): the record carries
 *   the original event (`requestPayload`); it is invoked again asynchronously (`Event`), as SES
 *   did, then the message is deleted.
 * - a stream batch that failed (order-received): the record names the shard and sequence range,
 *   not the items (`DDBStreamBatchInfo`); the records are read again from the stream (kept
 *   24 hours) and the function invoked with them synchronously; the message is deleted only when
 *   no record failed.
 */
import * as z from 'zod';

/** Queue aliases: the CDK construct id the queue name starts with (`<stack>-<id>…`). */
export const QUEUE_ALIASES = { stream: 'StreamDlq', 'inbound-mail': 'InboundMailDlq' } as const;
export const DEFAULT_STACK = 'OrderDeskStateless';

export interface RedriveOptions {
  /** A queue URL, or an alias of QUEUE_ALIASES. */
  queue: string;
  dryRun: boolean;
  /** At most this many messages in one run. */
  max: number;
  stack: string;
}

const optionsSchema = z.object({
  queue: z
    .string()
    .refine(
      (q) =>
        q in QUEUE_ALIASES || /^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/\d{12}\/[\w-]+$/.test(q),
      { message: `a queue URL or one of ${Object.keys(QUEUE_ALIASES).join(', ')}` },
    ),
  dryRun: z.boolean(),
  max: z.number().int().min(1).max(10_000),
  stack: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'a stack name'),
});

export const USAGE =
  'usage: npm run redrive -- <queue-url | stream | inbound-mail> [--dry-run] [--max N] [--stack NAME]';

/** Parses the command line; throws with every problem and the usage. */
export function parseRedriveArgs(argv: readonly string[]): RedriveOptions {
  const raw: Record<string, unknown> = { dryRun: false, max: 100, stack: DEFAULT_STACK };
  const problems: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--dry-run') raw['dryRun'] = true;
    else if (arg === '--max' || arg === '--stack') {
      const value = argv[++i];
      if (value === undefined) problems.push(`${arg} needs a value`);
      else raw[arg.slice(2)] = arg === '--max' ? Number(value) : value;
    } else if (arg.startsWith('--')) problems.push(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) problems.push('give exactly one queue');
  else raw['queue'] = positional[0];
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  if (problems.length > 0 || !parsed.success) throw new Error(`${problems.join('; ')}\n${USAGE}`);
  return parsed.data;
}

const requestContext = z.object({
  functionArn: z.string().startsWith('arn:'),
  condition: z.string().optional(),
});

const asyncRecordSchema = z.object({ requestContext, requestPayload: z.unknown() });

const streamRecordSchema = z.object({
  requestContext,
  DDBStreamBatchInfo: z.object({
    shardId: z.string(),
    startSequenceNumber: z.string(),
    endSequenceNumber: z.string(),
    batchSize: z.number().int().positive(),
    streamArn: z.string().startsWith('arn:'),
  }),
});

export type RedriveStep =
  | { kind: 'invoke-async'; functionArn: string; payload: unknown; condition?: string }
  | {
      kind: 'replay-stream';
      functionArn: string;
      streamArn: string;
      shardId: string;
      startSequenceNumber: string;
      endSequenceNumber: string;
      batchSize: number;
      condition?: string;
    }
  | { kind: 'unknown'; reason: string };

/** What to do with one message body. */
export function planMessage(body: string): RedriveStep {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'unknown', reason: 'the body is not JSON' };
  }
  const stream = streamRecordSchema.safeParse(json);
  if (stream.success) {
    const { requestContext: ctx, DDBStreamBatchInfo: info } = stream.data;
    return {
      kind: 'replay-stream',
      functionArn: ctx.functionArn,
      ...info,
      ...(ctx.condition ? { condition: ctx.condition } : {}),
    };
  }
  const invocation = asyncRecordSchema.safeParse(json);
  if (invocation.success && invocation.data.requestPayload !== undefined) {
    const ctx = invocation.data.requestContext;
    return {
      kind: 'invoke-async',
      functionArn: ctx.functionArn,
      payload: invocation.data.requestPayload,
      ...(ctx.condition ? { condition: ctx.condition } : {}),
    };
  }
  return { kind: 'unknown', reason: 'neither a Lambda invocation record nor a stream batch record' };
}

const functionName = (arn: string) => arn.split(':')[6] ?? arn;

/** One line per message for the printed plan: no payload (it carries customer data, R-SEC-1). */
export function describeStep(messageId: string, step: RedriveStep): string {
  switch (step.kind) {
    case 'invoke-async':
      return `${messageId}: invoke ${functionName(step.functionArn)} asynchronously with the original event (${step.condition ?? 'failed'}), then delete`;
    case 'replay-stream':
      return (
        `${messageId}: read ${step.batchSize} record(s) of ${step.shardId} from ${step.startSequenceNumber} to ` +
        `${step.endSequenceNumber}, invoke ${functionName(step.functionArn)} with them, delete when none fails`
      );
    case 'unknown':
      return `${messageId}: left in the queue (${step.reason})`;
  }
}
