/**
 * The system under test (child process): `startSystem` on a data dir — dynalite on disk, the SES
 * emulator, the HTTP server calling the real handlers, the local workflow runner and, unless
 * `background: false`, the stream poller that hands new orders to `order-received` (default 1 s
 * interval, kicked after each intake). With `record: true` the handlers reach dynalite through
 * the recording proxy (write-unit phase). `env` is set before the system starts (workflow
 * settings such as WORKING_CALENDAR and APPROVAL_DEADLINE_HOURS, read by the handlers).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startSystem } from '#local/system.ts';
import { NOTIFY_PK } from '#shared/entities/order-entity.ts';
import { INDEXES } from '#shared/entities/table.ts';
import { type CpuSample, cpuSample, failStart, serveParent } from './children.ts';
import { countItems } from './count-items.ts';
import { startDynamoProxy } from './dynamo-proxy.ts';

export interface SystemChildOptions {
  dataDir: string;
  record?: boolean;
  /** false: no stream poller, new orders wait (intake alone; see startSystem's `background`). */
  background?: boolean;
  pollIntervalMs?: number;
  timeScale?: number;
  env?: Record<string, string>;
  /** Time, from start, how long the poller takes to hand every waiting order to order-received. */
  timeBacklog?: boolean;
}

/** How the background consumer worked off the orders waiting when the system started. */
export interface BacklogRun {
  waitingAtStart: number;
  /** ms from startSystem resolved until no order waited for order-received any more. */
  confirmedMs: number;
  /** ms until, in addition, the workflow runner was idle (every execution parked in a wait). */
  idleMs: number;
  /** CPU seconds of this process over `confirmedMs`. */
  cpuSeconds: number;
  eventLoopBusy: number;
  /** Confirmations (emails and SMS) in the outbox at the end. */
  confirmationsInOutbox: number;
  timedOut: boolean;
}

const options = JSON.parse(process.argv[2] ?? '{}') as SystemChildOptions;
const BACKLOG_LIMIT_MS = 60_000;

async function main(): Promise<void> {
  Object.assign(process.env, options.env ?? {});
  const system = await startSystem({
    dataDir: options.dataDir,
    port: 0,
    quiet: true,
    rateLimit: 0,
    ...(options.background === false ? { background: false } : {}),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
  });
  const t0 = performance.now();
  const cpu0: CpuSample = await cpuSample();
  // Handlers create their DynamoDB client on first use, reading the system's environment then.
  const proxy = options.record ? await startDynamoProxy(system.dynamoEndpoint) : undefined;
  if (proxy) (system.environment as Record<string, string>)['AWS_ENDPOINT_URL_DYNAMODB'] = proxy.endpoint;
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: system.dynamoEndpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );

  /** Orders not yet handed to order-received (the sparse pending index, local only). */
  function pendingConfirmations(): Promise<number> {
    return countItems(db, {
      TableName: system.tableName,
      IndexName: INDEXES.pendingNotifications.name,
      KeyConditionExpression: 'notifyPk = :n',
      ExpressionAttributeValues: { ':n': NOTIFY_PK },
    });
  }

  async function timeBacklog(waitingAtStart: number): Promise<BacklogRun> {
    let timedOut = false;
    while ((await pendingConfirmations()) > 0) {
      if (performance.now() - t0 > BACKLOG_LIMIT_MS) {
        timedOut = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const confirmedMs = performance.now() - t0;
    const cpu1 = await cpuSample();
    await system.drain();
    const idleMs = performance.now() - t0;
    const outbox = (await (await fetch(`${system.baseUrl}/_local/outbox?format=json`)).json()) as {
      channel: string;
      subject?: string;
      text?: string;
    }[];
    return {
      waitingAtStart,
      confirmedMs,
      idleMs,
      cpuSeconds: cpu1.cpuSeconds - cpu0.cpuSeconds,
      eventLoopBusy: cpu1.eventLoopBusy,
      confirmationsInOutbox: outbox.filter((m) =>
        m.channel === 'email' ? m.subject?.includes('订单已收到') : m.text?.includes('已收到'),
      ).length,
      timedOut,
    };
  }
  // Started before anything else runs on this loop: the poller is already at work.
  const backlog = options.timeBacklog ? pendingConfirmations().then(timeBacklog) : undefined;
  backlog?.catch(() => {});

  serveParent(
    {
      baseUrl: system.baseUrl.replace('localhost', '127.0.0.1'),
      dynamoEndpoint: system.dynamoEndpoint,
      tableName: system.tableName,
    },
    {
      pending: pendingConfirmations,
      drain: () => system.drain(),
      calls: async () => proxy?.calls ?? [],
      // The local Step Functions API and the rush machine's ARN (the rush phase reads histories).
      workflowApi: async () => ({
        endpoint: system.environment['AWS_ENDPOINT_URL_SFN'],
        rushArn: system.environment['RUSH_STATE_MACHINE_ARN'],
      }),
      backlog: async () => {
        if (!backlog) throw new Error('started without timeBacklog');
        return backlog;
      },
    },
    async () => {
      await system.stop();
      await proxy?.close();
      db.destroy();
    },
  );
}

main().catch(failStart);
