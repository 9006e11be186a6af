/**
 * The local robot queue (docs/robots.md): SQS `SendMessage` (JSON protocol, with DelaySeconds)
 * on a loopback port, kept in `<data dir>/robot-queue.jsonl` so a restart loses nothing, and the
 * consumer that AWS's SQS event source is: batches of the manifest trigger's size, one
 * invocation at a time, `batchItemFailures` back on the queue after a visibility timeout, and a
 * message that keeps failing set aside as dead (the dead-letter queue) after MAX_RECEIVES.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { FUNCTIONS, type QueueTrigger } from '#functions/manifest.ts';
import type { Environment } from '#shared/runtime-env.ts';
import { lambdaContext } from './api-event.ts';
import { invoker } from './functions.ts';

const VISIBILITY_MS = 30_000;
const MAX_RECEIVES = 5;

interface Queued {
  id: string;
  body: string;
  visibleAt: number;
  receives: number;
}

type Line =
  | { add: Queued }
  | { done: string }
  | { dead: string }
  | { back: { id: string; visibleAt: number } };

type QueueHandler = (
  event: SQSEvent,
  context: ReturnType<typeof lambdaContext>,
) => Promise<SQSBatchResponse | undefined>;

export interface LocalRobotQueue {
  /** QueueUrl for the SDK (its host is the endpoint too). */
  queueUrl: string;
  endpoint: string;
  /** Resolves once nothing is due and no batch is being delivered. */
  idle(): Promise<void>;
  /** Messages set aside after MAX_RECEIVES failures. */
  dead(): number;
  close(): Promise<void>;
}

export async function startLocalRobotQueue(options: {
  file: string;
  /** How often the consumer looks for due messages (ms): the batching window. */
  intervalMs?: number;
  handler?: QueueHandler;
  /** The system's environment, which the consumer runs in (local/functions.ts). */
  environment?: Environment;
}): Promise<LocalRobotQueue> {
  const spec = FUNCTIONS.find((f) => f.triggers.some((t) => t.kind === 'queue'));
  const trigger = spec?.triggers.find((t): t is QueueTrigger => t.kind === 'queue');
  if (!spec || !trigger) throw new Error('No function of the manifest reads the robot queue');
  const messages = new Map<string, Queued>();
  let deadCount = 0;
  for (const line of (await readFile(options.file, 'utf8').catch(() => '')).split('\n').filter(Boolean)) {
    const l = JSON.parse(line) as Line;
    if ('add' in l) messages.set(l.add.id, l.add);
    else if ('back' in l) {
      const m = messages.get(l.back.id);
      if (m) Object.assign(m, { visibleAt: l.back.visibleAt, receives: m.receives + 1 });
    } else if ('dead' in l) {
      messages.delete(l.dead);
      deadCount++;
    } else messages.delete(l.done);
  }
  let writing: Promise<void> = Promise.resolve();
  const write = (line: Line) => {
    writing = writing.then(() => appendFile(options.file, `${JSON.stringify(line)}\n`, { mode: 0o600 }));
    return writing;
  };

  const invoke = invoker(options.environment);
  const handler: QueueHandler = options.handler ?? ((event, context) => invoke(spec!.name, event, context));
  let running: Promise<void> | undefined;
  let stopped = false;
  async function deliver(): Promise<void> {
    const now = Date.now();
    const due = [...messages.values()].filter((m) => m.visibleAt <= now).slice(0, trigger!.batchSize);
    if (due.length === 0) return;
    let failed: Set<string>;
    try {
      const answer = await handler(
        {
          Records: due.map((m) => ({
            messageId: m.id,
            receiptHandle: m.id,
            body: m.body,
            attributes: { ApproximateReceiveCount: String(m.receives + 1) },
            messageAttributes: {},
            md5OfBody: createHash('md5').update(m.body).digest('hex'),
            eventSource: 'aws:sqs',
            eventSourceARN: 'arn:aws:sqs:local:000000000000:robot-alerts',
            awsRegion: 'local',
          })) as SQSEvent['Records'],
        },
        lambdaContext(spec!.name),
      );
      failed = new Set((answer?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(due.map((m) => m.id));
    }
    for (const m of due) {
      if (!failed.has(m.id)) {
        messages.delete(m.id);
        await write({ done: m.id });
      } else if (m.receives + 1 >= MAX_RECEIVES) {
        messages.delete(m.id);
        deadCount++;
        await write({ dead: m.id });
      } else {
        m.receives++;
        m.visibleAt = Date.now() + VISIBILITY_MS;
        await write({ back: { id: m.id, visibleAt: m.visibleAt } });
      }
    }
  }
  const tick = () => {
    if (stopped || running) return;
    running = deliver()
      .catch(() => {})
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? trigger.batchingWindowSeconds * 200);

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const action = String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop();
        const params = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
          MessageBody?: string;
          DelaySeconds?: number;
        };
        if (action !== 'SendMessage' || typeof params.MessageBody !== 'string') {
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(
            JSON.stringify({ __type: 'com.amazonaws.sqs#UnsupportedOperation', message: 'Only SendMessage' }),
          );
          return;
        }
        const m: Queued = {
          id: randomUUID(),
          body: params.MessageBody,
          visibleAt: Date.now() + (params.DelaySeconds ?? 0) * 1000,
          receives: 0,
        };
        await write({ add: m });
        messages.set(m.id, m);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(
          JSON.stringify({
            MessageId: m.id,
            MD5OfMessageBody: createHash('md5').update(m.body).digest('hex'),
          }),
        );
      })().catch(() => {
        res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#InternalError', message: 'not recorded' }));
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    queueUrl: `${endpoint}/000000000000/robot-alerts`,
    async idle() {
      for (;;) {
        await running;
        await writing.catch(() => {});
        const now = Date.now();
        if (![...messages.values()].some((m) => m.visibleAt <= now)) return;
        tick();
        await running;
      }
    },
    dead: () => deadCount,
    async close() {
      stopped = true;
      clearInterval(timer);
      await running;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
