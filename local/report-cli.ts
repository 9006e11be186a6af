/**
 * `npm run report`: send a report email now (R-REPORT-1 on demand).
 *
 *   npm run report -- --period yesterday --to someone@example.com [--to …]
 *   npm run report -- --schedule weekly [--period 2026-11-01..2026-11-30]
 *
 * With `npm start` running on the same data directory (ORDERDESK_DATA_DIR, default `.data`),
 * it uses that system's database and SES emulator (found through `<dataDir>/runtime.json`), so
 * the email appears in its outbox. Otherwise it opens the data itself — dynalite on
 * `<dataDir>/dynamodb` and its own SES emulator — and, since that emulator's memory ends with
 * the command, also writes the email and its attachments under `<dataDir>/reports/`.
 * Exit codes: 0 sent, 1 failed, 2 wrong usage.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { cognitoStaffDirectory } from '#shared/adapters/cognito-staff-directory.ts';
import { dynamoReportRuns } from '#shared/adapters/dynamo-report-runs.ts';
import { dynamoReportSource } from '#shared/adapters/dynamo-report-source.ts';
import { sesMailer } from '#shared/adapters/messaging.ts';
import { reportSchedules, reportTimeZone, rushSettings } from '#shared/config.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { type StaffDirectory, systemClock } from '#shared/ports.ts';
import { resolvePeriod } from '#shared/reports/period.ts';
import { REPORT_SCHEDULE_NAMES } from '#shared/reports/schedules.ts';
import { type SendReportResult, sendReport } from '#shared/use-cases/send-report.ts';
import { ownerOnlyFiles } from './data-dir.ts';
import { startDynalite } from './dynamo.ts';
import { startLocalIssuer } from './issuer.ts';
import { runningSystem } from './runtime-file.ts';
import { startMessaging } from './ses.ts';

const USAGE = `Usage: npm run report -- --period <period> --to <address> [--to <address> …]
       npm run report -- --schedule daily|weekly [--period <period>] [--to <address> …]

  --period    today | yesterday | last-week | YYYY-MM-DD..YYYY-MM-DD
              (default with --schedule: the schedule's own period)
  --to        a recipient address; repeat for more
  --schedule  also send to the schedule's recipients (roles and addresses), with its title
  --granularity day | week | month   buckets of the series (default day)

Data directory: ORDERDESK_DATA_DIR (default .data), as npm start.`;

class UsageError extends Error {}

const argsSchema = z
  .strictObject({
    period: z.string().min(1).optional(),
    to: z.array(z.email({ message: 'must be an email address' })).default([]),
    schedule: z.enum(REPORT_SCHEDULE_NAMES).optional(),
    granularity: z.enum(['day', 'week', 'month']).optional(),
    help: z.boolean().optional(),
  })
  .refine((a) => a.help || a.period !== undefined || a.schedule !== undefined, {
    message: 'give --period (or --schedule)',
    path: ['period'],
  })
  .refine((a) => a.help || a.to.length > 0 || a.schedule !== undefined, {
    message: 'give at least one --to address (or --schedule)',
    path: ['to'],
  });

function parseCommandLine(argv: string[]) {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        period: { type: 'string' },
        to: { type: 'string', multiple: true },
        schedule: { type: 'string' },
        granularity: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // `--to a@x.com,b@y.com` is two addresses.
  if (Array.isArray(values['to'])) {
    values['to'] = (values['to'] as string[]).flatMap((t) =>
      t
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}

interface Backend {
  description: string;
  db: DynamoDBDocumentClient;
  tableName: string;
  staff: StaffDirectory;
  sesEndpoint: string;
  mailFrom: string;
  publicBaseUrl: string;
  /** Where to write the email as files (only when the emulator dies with this command). */
  filesDir?: string;
  close(): Promise<void>;
}

/** The emulators take any credentials; given here, as the SDK would read them from `process.env`. */
const LOCAL_AWS = {
  region: process.env['AWS_REGION'] ?? 'cn-north-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

const documentClientAt = (endpoint: string) =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, ...LOCAL_AWS }), {
    marshallOptions: { removeUndefinedValues: true },
  });

async function openBackend(dataDir: string, log: (line: string) => void): Promise<Backend> {
  const running = await runningSystem(dataDir);
  if (running) {
    log(`Using the running system (pid ${running.pid}) at ${running.baseUrl}.`);
    const db = documentClientAt(running.dynamoEndpoint);
    return {
      description: `the running system's outbox: ${running.baseUrl}/_local/outbox`,
      db,
      tableName: running.tableName,
      staff: cognitoStaffDirectory(
        'local',
        new CognitoIdentityProviderClient({ endpoint: `${running.baseUrl}/_local/cognito`, ...LOCAL_AWS }),
      ),
      sesEndpoint: running.sesEndpoint,
      mailFrom: running.mailFrom,
      publicBaseUrl: running.baseUrl,
      close: async () => db.destroy(),
    };
  }

  const dbDir = join(dataDir, 'dynamodb');
  if (!(await stat(dbDir).catch(() => undefined))?.isDirectory()) {
    throw new Error(`No data at ${dbDir}: run \`npm start\` once first (or set ORDERDESK_DATA_DIR)`);
  }
  log(`No running system on ${dataDir}: opening its data directly.`);
  const dynamo = await startDynalite({ path: dbDir });
  const messaging = await startMessaging(join(dataDir, 'sms-outbox.jsonl'));
  const db = documentClientAt(dynamo.endpoint);
  const close = async () => {
    db.destroy();
    await messaging.close();
    await dynamo.close();
  };
  try {
    await db.send(new DescribeTableCommand({ TableName: 'orderdesk' }));
  } catch (error) {
    await close();
    throw new Error(`The database at ${dbDir} has no order desk table (${(error as Error).name})`);
  }
  const issuer = await startLocalIssuer(dataDir, 'http://localhost/_local/issuer');
  return {
    description: 'the files below (no system is running, so no outbox keeps it)',
    db,
    tableName: 'orderdesk',
    staff: { members: (role) => issuer.membersOf(role) },
    sesEndpoint: messaging.sesEndpoint,
    mailFrom: process.env['ORDERDESK_MAIL_FROM'] || 'orders@orderdesk.local',
    publicBaseUrl: `http://localhost:${process.env['PORT'] || 3000}`,
    filesDir: join(dataDir, 'reports'),
    close,
  };
}

/** The email as `email.html`, `email.txt` and its attachments, in a folder per send. */
async function writeEmailFiles(dir: string, result: SendReportResult): Promise<string[]> {
  const email = result.email!;
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const folder = join(dir, `${stamp}_${result.period.from}_${result.period.to}`);
  await mkdir(folder, { recursive: true });
  const files: [string, string | Uint8Array][] = [
    ['email.html', email.html],
    ['email.txt', `Subject: ${email.subject}\n\n${email.text}\n`],
    ...(email.attachments ?? []).map((a): [string, Uint8Array] => [a.filename, a.content]),
  ];
  const paths: string[] = [];
  for (const [name, content] of files) {
    const path = join(folder, name);
    await writeFile(path, content);
    paths.push(path);
  }
  return paths;
}

export async function main(argv: string[], log: (line: string) => void = console.log): Promise<number> {
  let args: ReturnType<typeof parseCommandLine>;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    log(USAGE);
    return 0;
  }
  const dataDir = resolve(process.env['ORDERDESK_DATA_DIR'] || '.data');
  // Report files name customers: the owner's alone, as the rest of the data directory.
  ownerOnlyFiles();
  const schedule = args.schedule ? reportSchedules()[args.schedule] : undefined;
  const timeZone = schedule?.timezone ?? reportTimeZone();
  const periodSpec = args.period ?? schedule!.period;
  try {
    // Checked before any database is opened: a typo answers at once.
    resolvePeriod(periodSpec, new Date(), timeZone, '--period');
  } catch (error) {
    const issues = error instanceof ValidationError ? error.issues.map((i) => `${i.path}: ${i.message}`) : [];
    console.error(`${issues.join('\n') || (error as Error).message}\n\n${USAGE}`);
    return 2;
  }

  log(`Data directory: ${dataDir}`);
  const backend = await openBackend(dataDir, log);
  try {
    log(`Building the ${schedule ? `${schedule.name} ` : ''}report for ${periodSpec} (${timeZone})…`);
    const result = await sendReport(
      {
        runs: dynamoReportRuns(backend.db, backend.tableName),
        source: dynamoReportSource(backend.db, backend.tableName),
        staff: backend.staff,
        mailer: sesMailer(backend.mailFrom, new SESv2Client({ endpoint: backend.sesEndpoint, ...LOCAL_AWS })),
        clock: systemClock,
        publicBaseUrl: backend.publicBaseUrl,
        rush: rushSettings(),
      },
      {
        kind: 'on-demand',
        period: periodSpec,
        to: args.to,
        roles: schedule?.recipients.roles ?? [],
        timeZone,
        ...(args.granularity ? { granularity: args.granularity } : {}),
        ...(args.schedule ? { titleOf: args.schedule } : {}),
      },
    );
    // Addresses are not printed; the count says enough.
    log(
      `Sent "${result.email!.subject}" (${result.period.from}..${result.period.to}, ${result.report!.orders.count} orders) to ${result.recipients} recipient(s); see ${backend.description}.`,
    );
    if (backend.filesDir) {
      for (const path of await writeEmailFiles(backend.filesDir, result)) log(`  ${path}`);
    }
    return 0;
  } finally {
    await backend.close();
  }
}

const isEntry = process.argv[1] && resolve(process.argv[1]).endsWith('report-cli.ts');
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`Report not sent: ${error.message}`);
      process.exit(1);
    },
  );
}
