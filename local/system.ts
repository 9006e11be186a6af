/**
 * The whole system on one machine (ARCHITECTURE.md "two runtimes"): dynalite on disk, the SES
 * emulator and local SNS, the local issuer, the stream poller and the HTTP server — wired so the
 * handlers find them through the same environment variables config reads on AWS. Those live in
 * this system's own environment (shared/runtime-env.ts), which every handler invocation enters
 * (local/functions.ts); `process.env` is never written, so several systems can run in one
 * process, each with its own dynalite, data directory and ports.
 */

import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FUNCTIONS } from '#functions/manifest.ts';
import { dynamoCatalogueStore } from '#shared/adapters/dynamo-catalogue-store.ts';
import { dynamoOrderStore } from '#shared/adapters/dynamo-order-store.ts';
import { businessDay } from '#shared/domain/calendar.ts';
import { STAFF_ROLES } from '#shared/domain/roles.ts';
import { systemClock } from '#shared/ports.ts';
import { awsClientOptions, type Environment, withEnvironment } from '#shared/runtime-env.ts';
import { placeOrder } from '#shared/use-cases/place-order.ts';
import { makeDataDir, ownerOnlyFiles, tightenModes } from './data-dir.ts';
import { ensureTable, startDynalite } from './dynamo.ts';
import { createLocalServer } from './http-server.ts';
import { issuerMail, startLocalIssuer } from './issuer.ts';
import { fixedWindowLimiter } from './rate-limit.ts';
import {
  type LocalReportScheduler,
  type ReportSchedulerOptions,
  startReportScheduler,
} from './report-scheduler.ts';
import { startLocalRobotQueue } from './robot-queue.ts';
import type { LocalRobots } from './robot-receivers.ts';
import { startRobots } from './robots.ts';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file.ts';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, demoOrderBodies, seedCatalogue, seedUsers } from './seed.ts';
import { startMessaging } from './ses.ts';
import { startLocalSmtp } from './smtp.ts';
import { startStreamPoller } from './stream-poller.ts';
import type { LockoutSettings } from './user-pool.ts';
import { startLocalWorkflows } from './workflows.ts';

/** Functions whose 201 means a new order the stream poller should deliver at once (manifest). */
const ORDER_PLACING = new Set(FUNCTIONS.filter((f) => f.placesOrders).map((f) => f.name));
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface SystemOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /**
   * The address the HTTP server listens on: `127.0.0.1` (this machine only) unless given
   * (ORDERDESK_HOST). The `/_local/*` endpoints answer loopback only either way.
   */
  host?: string;
  /** Requests per minute per client address on /api; 0 turns the limit off. */
  rateLimit?: number;
  demoPassword?: string;
  /** Also place a few demo orders on first start (npm start does). */
  demoOrders?: boolean;
  mailFrom?: string;
  /** How often the stream poller looks for work, in ms. */
  pollIntervalMs?: number;
  /** Report schedules (R-REPORT-1): `schedules` sets REPORT_SCHEDULES; retries of a failed run. */
  reports?: Pick<ReportSchedulerOptions, 'attempts' | 'retryDelayMs'> & { schedules?: string };
  /** Divides every workflow duration (waits, deadlines) by this (ORDERDESK_TIME_SCALE). */
  timeScale?: number;
  /**
   * Deliver new orders to `order-received` (confirmation, workflows). On by default; the bench
   * turns it off to measure intake alone, as on AWS where that work runs in other Lambdas.
   * Orders placed meanwhile are delivered when a system with it on starts (nothing is lost).
   */
  background?: boolean;
  quiet?: boolean;
  /** SMTP port of email intake (R-INTAKE-6); 0 (the default) picks a free one, `npm start` uses 2525. */
  smtpPort?: number;
  /** The address the SMTP server accepts mail for (default `orders@example.com`). */
  intakeAddress?: string;
  /** Staff sign-in lockout after wrong passwords; default Cognito's (local/user-pool.ts). */
  signInLockout?: LockoutSettings;
  /**
   * The group robots (ORDERDESK_ROBOTS, docs/robots.md); unset, one local robot of each
   * platform (local/robot-receivers.ts), each signed where its platform signs, taking every alert.
   */
  robots?: string;
  /** How often the robot queue's consumer looks for alerts (ms); default 1000. */
  robotQueueIntervalMs?: number;
}

export interface RunningSystem {
  baseUrl: string;
  /**
   * This system's settings (TABLE_NAME, INBOUND_DIR, the emulators' AWS_ENDPOINT_URL_*, the
   * state machine ARNs…), as a Lambda's environment; complete once `startSystem` resolved.
   */
  environment: Environment;
  /** Runs `fn` inside this system's environment, as its handlers run (tests call use cases so). */
  run<T>(fn: () => T): T;
  port: number;
  tableName: string;
  dynamoEndpoint: string;
  /** True when this start created the table and seeded it. */
  seeded: boolean;
  demoUsers: { email: string; role: string }[];
  demoPassword: string;
  /** The loopback SMTP port of email intake. */
  smtpPort: number;
  intakeAddress: string;
  /** The croner jobs of the report schedules (local/report-scheduler.ts). */
  reports: LocalReportScheduler;
  /** The local group robots, unless ORDERDESK_ROBOTS names others. */
  robots?: LocalRobots;
  /** Resolves once pending stream work (confirmations) and due robot alerts have been delivered. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

async function localSecret(dataDir: string): Promise<string> {
  const file = join(dataDir, 'secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')).trackingSecret;
  } catch {
    const trackingSecret = randomBytes(32).toString('base64url');
    await writeFile(file, JSON.stringify({ trackingSecret }), { mode: 0o600 });
    return trackingSecret;
  }
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const dataDir = resolve(options.dataDir);
  // Customer data, password hashes and keys: the owner's alone (local/data-dir.ts).
  ownerOnlyFiles();
  await makeDataDir(join(dataDir, 'dynamodb'));
  await tightenModes(dataDir);
  const tableName = 'orderdesk';
  const demoPassword = options.demoPassword ?? 'orderdesk-demo';
  const log = options.quiet ? () => {} : (line: string) => console.log(line);

  const dynamo = await startDynalite({ path: join(dataDir, 'dynamodb') });
  // LevelDB's files as it opened them (made before this umask by an older version, perhaps).
  await tightenModes(join(dataDir, 'dynamodb'));
  const messaging = await startMessaging(
    join(dataDir, 'sms-outbox.jsonl'),
    join(dataDir, 'email-outbox.jsonl'),
  );
  const timeScale = options.timeScale ?? 1;
  const trackingSecret = await localSecret(dataDir);
  const robots = await startRobots(options.robots, trackingSecret, join(dataDir, 'robot-outbox.jsonl'));
  // What `process.env` is to a Lambda, this record is to this system's handlers; filled in as
  // the parts start, complete before the first request.
  const env: Record<string, string | undefined> = {};
  const environment: Environment = env;
  const inEnvironment = <T>(fn: () => T): T => withEnvironment(environment, fn);
  const robotQueue = await startLocalRobotQueue({
    file: join(dataDir, 'robot-queue.jsonl'),
    ...(options.robotQueueIntervalMs ? { intervalMs: options.robotQueueIntervalMs } : {}),
    environment,
  });
  Object.assign(env, {
    AWS_ENDPOINT_URL_SQS: robotQueue.endpoint,
    ROBOT_QUEUE_URL: robotQueue.queueUrl,
    ROBOTS: robots.json,
    AWS_REGION: process.env['AWS_REGION'] ?? 'cn-north-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SESV2: messaging.sesEndpoint,
    AWS_ENDPOINT_URL_SNS: messaging.snsEndpoint,
    TABLE_NAME: tableName,
    MAIL_FROM: options.mailFrom ?? 'orders@orderdesk.local',
    TRACKING_SECRET: trackingSecret,
    INBOUND_DIR: join(dataDir, 'inbound'),
    INTAKE_ADDRESS: options.intakeAddress ?? process.env['ORDERDESK_INTAKE_ADDRESS'] ?? 'orders@example.com',
    // Tasks put their deadlines on the runner's compressed clock (shared/domain/workflow-time.ts).
    ORDERDESK_TIME_SCALE: String(timeScale),
  });

  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient(inEnvironment(() => awsClientOptions('DYNAMODB'))),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
  const created =
    (await ensureTable(db, tableName, { upgradeFile: join(dataDir, 'table-upgrade.jsonl'), log })) ===
    'created';

  let poller: ReturnType<typeof startStreamPoller> | undefined;
  const issuerHolder: { issuer?: Awaited<ReturnType<typeof startLocalIssuer>> } = {};
  const server = createLocalServer({
    webRoot: join(ROOT, 'web'),
    get issuer() {
      return issuerHolder.issuer!;
    },
    rateLimiter: fixedWindowLimiter(options.rateLimit ?? 120),
    outbox: async () =>
      [...(await messaging.outbox()), ...((await robots.local?.received()) ?? [])].sort((a, b) =>
        a.sentAt.localeCompare(b.sentAt),
      ),
    afterResponse: (name, status) => {
      if (status === 201 && ORDER_PLACING.has(name)) poller?.kick();
    },
    environment,
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://localhost:${port}`;
  issuerHolder.issuer = await startLocalIssuer(dataDir, `${baseUrl}/_local/issuer`, {
    mail: inEnvironment(() => issuerMail(env['MAIL_FROM']!)),
    ...(options.signInLockout ? { lockout: options.signInLockout } : {}),
  });
  Object.assign(env, {
    PUBLIC_BASE_URL: baseUrl,
    JWT_ISSUER: issuerHolder.issuer.issuer,
    JWT_AUDIENCE: issuerHolder.issuer.clientId,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${baseUrl}/_local/cognito`,
    STAFF_USER_POOL_ID: 'local',
    APPROVAL_TOPIC_ARN: 'arn:aws:sns:local:000000000000:approvals',
  });
  const workflows = await startLocalWorkflows({
    db,
    tableName,
    timeScale,
    environment,
    ...(options.quiet ? {} : { log }),
  });
  Object.assign(env, workflows.env);
  const resumed = await workflows.runner.recover();
  if (resumed > 0) log(`Resumed ${resumed} workflow execution(s).`);
  const { schedules: reportSchedulesJson, ...reportRetries } = options.reports ?? {};
  if (reportSchedulesJson !== undefined) env['REPORT_SCHEDULES'] = reportSchedulesJson;
  const reports = startReportScheduler({ ...reportRetries, environment, ...(options.quiet ? {} : { log }) });

  if (created) {
    await seedCatalogue(db, tableName);
    await seedUsers(issuerHolder.issuer, demoPassword);
    log(
      `First start: seeded ${DEMO_PRODUCTS.length} products, ${DEMO_CUSTOMERS.length} customers and staff users.`,
    );
  } else if (!(await issuerHolder.issuer.hasUsers())) {
    await seedUsers(issuerHolder.issuer, demoPassword);
  }
  if (options.background !== false)
    poller = startStreamPoller(db, tableName, options.pollIntervalMs ?? 1000, environment);

  // Email intake after everything its function needs; then what a crash left in the spool.
  const smtp = await startLocalSmtp({
    inboundDir: env['INBOUND_DIR']!,
    port: options.smtpPort ?? 0,
    intakeAddress: env['INTAKE_ADDRESS']!,
    environment,
    onProcessed: () => poller?.kick(),
    log,
  });
  const recovered = await smtp.recover();
  if (recovered > 0) log(`Processed ${recovered} email(s) left in the intake spool.`);

  if (created && options.demoOrders) {
    const deps = {
      orders: dynamoOrderStore(db, tableName),
      catalogue: dynamoCatalogueStore(db, tableName),
      clock: systemClock,
      trackingSecret,
      publicBaseUrl: baseUrl,
    };
    const inAWeek = businessDay(new Date(Date.now() + 7 * 86_400_000));
    for (const body of demoOrderBodies(inAWeek)) await placeOrder(deps, { body });
    poller?.kick();
    log('Placed 3 demo orders.');
  }

  // Where `npm run report` finds this system (local/runtime-file.ts).
  await writeRuntimeFile(dataDir, {
    pid: process.pid,
    baseUrl,
    dynamoEndpoint: dynamo.endpoint,
    sesEndpoint: messaging.sesEndpoint,
    snsEndpoint: messaging.snsEndpoint,
    tableName,
    mailFrom: env['MAIL_FROM']!,
    startedAt: new Date().toISOString(),
  });

  return {
    baseUrl,
    environment,
    run: inEnvironment,
    port,
    tableName,
    dynamoEndpoint: dynamo.endpoint,
    seeded: created,
    reports,
    demoPassword,
    smtpPort: smtp.port,
    intakeAddress: env['INTAKE_ADDRESS']!,
    demoUsers: STAFF_ROLES.map((role) => ({ email: `${role}@example.com`, role })),
    ...(robots.local ? { robots: robots.local } : {}),
    drain: async () => {
      await smtp.idle();
      poller?.kick();
      await poller?.idle();
      await workflows.runner.idle();
      await robotQueue.idle();
    },
    async stop() {
      await reports.stop();
      await removeRuntimeFile(dataDir);
      await smtp.close();
      await poller?.stop();
      await workflows.runner.stop();
      await robotQueue.close();
      await robots.local?.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await messaging.close();
      await dynamo.close();
      db.destroy();
    },
  };
}
