/**
 * The local stand-in for EventBridge Scheduler (ARCHITECTURE.md "two runtimes"): one croner job
 * per `schedule` trigger of the manifest, with the same cron and time zone as on AWS
 * (shared/reports/schedules.ts), calling the same handler with the same event `{ schedule }`.
 * A failing run is retried (3 attempts, doubling delay) and then the ops staff get an alert
 * email, as Lambda's retries and the alerts topic do on AWS. Runs missed while the system was
 * down are not replayed (a report for a past period can be sent with `npm run report`).
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { Cron } from 'croner';
import { FUNCTIONS, type ScheduleTrigger } from '#functions/manifest.ts';
import { cognitoStaffDirectory } from '#shared/adapters/cognito-staff-directory.ts';
import { sesMailer } from '#shared/adapters/messaging.ts';
import { reportSchedules } from '#shared/config.ts';
import { bilingualEmail } from '#shared/notifications/bilingual-email.ts';
import type { Mailer, StaffDirectory } from '#shared/ports.ts';
import type { ScheduleName } from '#shared/reports/schedules.ts';
import { awsClientOptions, type Environment, setting, withEnvironment } from '#shared/runtime-env.ts';
import { invoker } from './functions.ts';

type Handler = (event: unknown) => Promise<unknown>;

export interface ReportSchedulerOptions {
  /** Attempts of one run before the alert (default 3). */
  attempts?: number;
  /** Delay before the first retry, doubled before each next one (default 30 s). */
  retryDelayMs?: number;
  /** Defaults: the manifest's handler, the staff directory and SES of the environment. */
  handlers?: Partial<Record<string, Handler>>;
  /** The system's environment: its settings, and what the handlers run in (local/functions.ts). */
  environment?: Environment;
  staff?: StaffDirectory;
  mailer?: Mailer;
  log?: (line: string) => void;
}

export interface ScheduledJob {
  function: string;
  schedule: ScheduleName;
  cron: string;
  timezone: string;
  nextRun: Date | null;
}

export interface RunOutcome {
  ok: boolean;
  attempts: number;
  result?: unknown;
  error?: string;
  alerted: boolean;
}

export interface LocalReportScheduler {
  jobs(): ScheduledJob[];
  /** Runs a schedule now, with the retries and the alert of a timed run. */
  runNow(schedule: ScheduleName, period?: string): Promise<RunOutcome>;
  /** Stops the jobs and waits for runs in progress. */
  stop(): Promise<void>;
}

export function startReportScheduler(options: ReportSchedulerOptions = {}): LocalReportScheduler {
  const attempts = options.attempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 30_000;
  const log = options.log ?? (() => {});
  const inEnvironment = <T>(fn: () => T): T =>
    options.environment ? withEnvironment(options.environment, fn) : fn();
  const invoke = invoker(options.environment);
  const schedules = inEnvironment(reportSchedules);
  const staff =
    options.staff ?? inEnvironment(() => cognitoStaffDirectory(setting('STAFF_USER_POOL_ID') ?? 'local'));
  const mailer =
    options.mailer ??
    inEnvironment(() =>
      sesMailer(setting('MAIL_FROM') ?? 'orders@orderdesk.local', new SESv2Client(awsClientOptions('SESV2'))),
    );
  const running = new Set<Promise<unknown>>();
  const waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let stopped = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wait = {
        timer: setTimeout(() => {
          waits.delete(wait);
          resolve();
        }, ms),
        resolve,
      };
      waits.add(wait);
    });

  const handlerOf = (name: string): Handler => {
    const given = options.handlers?.[name];
    if (given) return given;
    return (event) => invoke(name, event);
  };

  async function alert(schedule: ScheduleName, tries: number, error: string): Promise<boolean> {
    try {
      const to = (await staff.members('ops')).map((m) => m.email);
      if (to.length === 0) return false;
      await mailer.send(
        bilingualEmail({
          to,
          subject: [`报表发送失败：${schedule}`, `Report run failed: ${schedule}`],
          zh: [`定时报表「${schedule}」尝试 ${tries} 次后仍未发送。`, `错误：${error}`],
          en: [`The scheduled report "${schedule}" failed after ${tries} attempts.`, `Error: ${error}`],
        }),
      );
      return true;
    } catch (alertError) {
      log(`report alert for ${schedule} could not be sent: ${(alertError as Error).message}`);
      return false;
    }
  }

  async function run(fn: string, schedule: ScheduleName, period?: string): Promise<RunOutcome> {
    const handler = handlerOf(fn);
    const event = { schedule, ...(period ? { period } : {}) };
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const result = await handler(event);
        return { ok: true, attempts: attempt, result, alerted: false };
      } catch (error) {
        lastError = `${(error as Error).name}: ${(error as Error).message}`;
        log(`report ${schedule}: attempt ${attempt}/${attempts} failed: ${lastError}`);
        if (attempt < attempts && !stopped) await sleep(retryDelayMs * 2 ** (attempt - 1));
        if (stopped) break;
      }
    }
    if (stopped) return { ok: false, attempts, error: lastError, alerted: false };
    const alerted = await alert(schedule, attempts, lastError);
    return { ok: false, attempts, error: lastError, alerted };
  }

  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => {});
    return p;
  };

  const entries = FUNCTIONS.flatMap((spec) =>
    spec.triggers
      .filter((t): t is ScheduleTrigger => t.kind === 'schedule')
      .map((t) => ({ fn: spec.name, schedule: schedules[t.schedule] })),
  );
  const jobs = entries.map(({ fn, schedule }) => ({
    fn,
    schedule,
    cron: schedule.enabled
      ? cronJob(schedule, async () => {
          await track(run(fn, schedule.name));
        })
      : undefined,
  }));

  for (const j of jobs) {
    const next = j.cron?.nextRun();
    log(
      `Report schedule ${j.schedule.name}: ${j.schedule.cron} (${j.schedule.timezone})` +
        (next ? `, next ${next.toISOString()}` : ', disabled'),
    );
  }

  return {
    jobs: () =>
      jobs.map((j) => ({
        function: j.fn,
        schedule: j.schedule.name,
        cron: j.schedule.cron,
        timezone: j.schedule.timezone,
        nextRun: j.cron?.nextRun() ?? null,
      })),
    runNow(schedule, period) {
      const job = entries.find((e) => e.schedule.name === schedule);
      if (!job) throw new Error(`No function is scheduled as ${schedule}`);
      return track(run(job.fn, schedule, period));
    },
    async stop() {
      stopped = true;
      for (const j of jobs) j.cron?.stop();
      for (const wait of waits) {
        clearTimeout(wait.timer);
        wait.resolve();
      }
      waits.clear();
      await Promise.allSettled([...running]);
    },
  };
}

/** A croner job; a cron croner refuses names its schedule, like the configuration's own errors. */
function cronJob(schedule: { name: string; cron: string; timezone: string }, fn: () => Promise<void>): Cron {
  try {
    return new Cron(schedule.cron, { timezone: schedule.timezone, protect: true }, fn);
  } catch (error) {
    throw new Error(`REPORT_SCHEDULES is invalid: ${schedule.name}.cron: ${(error as Error).message}`);
  }
}
