/**
 * Configuration, read once at cold start and loudly (STYLE.md 6): a missing variable fails
 * with its name. The tracking secret comes from Secrets Manager on AWS (TRACKING_SECRET_ARN)
 * and straight from the environment locally (TRACKING_SECRET).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BUSINESS_TIME_ZONE } from './domain/calendar.ts';
import { type Company, DEMO_COMPANY, parseCompany } from './domain/company.ts';
import type { ApprovalRole } from './domain/order-schema.ts';
import { isStaffRole, STAFF_ROLES, type StaffRole } from './domain/roles.ts';
import type { RushSettings } from './domain/rush-settings.ts';
import { parseCalendar, type WorkingCalendar } from './domain/working-calendar.ts';
import { isTimeZone } from './reports/period.ts';
import { parseReportSchedules, type ReportSchedule, type ScheduleName } from './reports/schedules.ts';
import { joinRobotSecrets, parseRobots, type Robot } from './robots/config.ts';
import { awsClientOptions, perEnvironment, perEnvironmentAsync, setting } from './runtime-env.ts';

/** Settings come from the invocation's environment: process.env on AWS (shared/runtime-env.ts). */
export function requireEnv(name: string): string {
  const value = setting(name);
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${name} is not set`);
  }
  return value;
}

export const tableName = (): string => requireEnv('TABLE_NAME');
export const publicBaseUrl = (): string => requireEnv('PUBLIC_BASE_URL').replace(/\/+$/, '');
export const mailFrom = (): string => requireEnv('MAIL_FROM');
export const jwtIssuer = (): string => requireEnv('JWT_ISSUER');
/** The staff console's app client id, which staff tokens must be issued for. */
export const jwtAudience = (): string => requireEnv('JWT_AUDIENCE');

export const trackingSecret: () => Promise<string> = perEnvironmentAsync(async () => {
  const direct = setting('TRACKING_SECRET');
  if (direct) return direct;
  const arn = requireEnv('TRACKING_SECRET_ARN');
  const out = await new SecretsManagerClient(awsClientOptions('SECRETS_MANAGER')).send(
    new GetSecretValueCommand({ SecretId: arn }),
  );
  if (!out.SecretString) throw new Error('The tracking secret is empty');
  return out.SecretString;
});

/** ORDERDESK_COMPANY (JSON, optional): the company the printed documents speak for; a demo one unset. */
export const ownCompany = (): Company =>
  parseCompany(setting('ORDERDESK_COMPANY'), 'ORDERDESK_COMPANY', DEMO_COMPANY);

/** INBOUND_BUCKET on AWS, INBOUND_DIR locally: where raw messages and uploads are kept. */
export const inboundBucket = (): string | undefined => setting('INBOUND_BUCKET') || undefined;
export const inboundDir = (): string | undefined => setting('INBOUND_DIR') || undefined;

export const approvalStateMachineArn = (): string => requireEnv('APPROVAL_STATE_MACHINE_ARN');
export const slaStateMachineArn = (): string => requireEnv('SLA_STATE_MACHINE_ARN');
export const staffUserPoolId = (): string => requireEnv('STAFF_USER_POOL_ID');
export const approvalTopicArn = (): string => requireEnv('APPROVAL_TOPIC_ARN');

/** WORKING_CALENDAR (JSON, optional): per-year holidays and make-up days, hours; default China (R-PROC-5). */
export const workingCalendar: () => WorkingCalendar = perEnvironment(() =>
  parseCalendar(setting('WORKING_CALENDAR')),
);

const DEFAULT_DEADLINE_HOURS: Record<ApprovalRole, number> = { ops: 4, sales_director: 4, gm: 4 };

/**
 * APPROVAL_DEADLINE_HOURS (JSON, optional), e.g. `{"ops":4,"sales_director":8,"gm":8}`:
 * working hours each role has to decide (R-APPR-2). Default 4 for each.
 */
export function approvalDeadlineHours(): Record<ApprovalRole, number> {
  const raw = setting('APPROVAL_DEADLINE_HOURS');
  if (!raw) return DEFAULT_DEADLINE_HOURS;
  const parsed = JSON.parse(raw) as Record<string, unknown>;
  const hours = { ...DEFAULT_DEADLINE_HOURS };
  for (const role of Object.keys(hours) as ApprovalRole[]) {
    const value = parsed[role];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0))
      throw new Error(`APPROVAL_DEADLINE_HOURS.${role} must be a positive number`);
    hours[role] = value;
  }
  return hours;
}

export const rushStateMachineArn = (): string => requireEnv('RUSH_STATE_MACHINE_ARN');

/**
 * The one reader of numeric settings: unset or empty gives the default; anything else must be a
 * finite number within the bounds (and whole where asked), or the cold start fails with the
 * variable's name and what it must be.
 */
export function numberEnv(
  name: string,
  rule: { fallback: number; unit: string; min?: number; above?: number; max?: number; integer?: boolean },
): number {
  const raw = setting(name);
  if (raw === undefined || raw.trim() === '') return rule.fallback;
  const value = Number(raw);
  const ok =
    Number.isFinite(value) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.above === undefined || value > rule.above) &&
    (rule.max === undefined || value <= rule.max) &&
    (!rule.integer || Number.isInteger(value));
  if (!ok) {
    const bounds = [
      rule.above !== undefined ? `above ${rule.above}` : undefined,
      rule.min !== undefined ? `at least ${rule.min}` : undefined,
      rule.max !== undefined ? `at most ${rule.max}` : undefined,
    ].filter(Boolean);
    throw new Error(
      `${name} must be a ${rule.integer ? 'whole' : ''}${rule.integer ? ' ' : ''}number of ${rule.unit}${bounds.length ? ` (${bounds.join(', ')})` : ''}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

const minutesEnv = (name: string, fallback: number): number =>
  numberEnv(name, { fallback, unit: 'minutes', above: 0 });
const daysEnv = (name: string, fallback: number): number =>
  numberEnv(name, { fallback, unit: 'days', above: 0 });

/** R-PROC-7: a delivered order completes this many days after its last delivery (no case open). */
export const completeAfterDays = (): number => daysEnv('COMPLETE_AFTER_DAYS', 7);
/** R-ARCH-1: a completed order is archived this many days later. */
export const archiveAfterDays = (): number => daysEnv('ARCHIVE_AFTER_DAYS', 30);
export const closeStateMachineArn = (): string => requireEnv('CLOSE_STATE_MACHINE_ARN');
/** R-PROC-6: the order-change workflow. */
export const changeStateMachineArn = (): string => requireEnv('CHANGE_STATE_MACHINE_ARN');

/** R-RUSH-3: leadership answers a rush application within this many minutes (wall clock). */
export const rushDecisionMinutes = (): number => minutesEnv('RUSH_DECISION_MINUTES', 60);
/**
 * The shortest progress interval of a rush order: each window is a few state transitions and
 * history events of the rush execution, and a report more often than every 15 minutes is not a
 * progress report any more (R-RUSH-6 asks for every 2 hours).
 */
export const MIN_RUSH_REPORT_INTERVAL_MINUTES = 15;

/** R-RUSH-6: sales and production report progress this often until delivery (≥ 15 minutes). */
export function rushReportIntervalMinutes(): number {
  const minutes = minutesEnv('RUSH_REPORT_INTERVAL_MINUTES', 120);
  if (minutes < MIN_RUSH_REPORT_INTERVAL_MINUTES) {
    throw new Error(
      `RUSH_REPORT_INTERVAL_MINUTES must be at least ${MIN_RUSH_REPORT_INTERVAL_MINUTES} minutes, got ${minutes}`,
    );
  }
  return minutes;
}

/** The rush settings as the rush use cases, the order view and the reports take them (R-RUSH-3, R-RUSH-6). */
export const rushSettings = (): RushSettings => ({
  decisionMinutes: rushDecisionMinutes(),
  intervalMinutes: rushReportIntervalMinutes(),
});

/**
 * Windows one rush execution runs before it continues as a new execution (carrying its state),
 * well before Step Functions' limit of 25,000 history events: each window is 9 events (Wait,
 * Task, Choice), more with retries. RUSH_WINDOWS_PER_EXECUTION, default 1000, at most 2000.
 */
export const MAX_RUSH_WINDOWS_PER_EXECUTION = 2000;
export const rushWindowsPerExecution = (): number =>
  numberEnv('RUSH_WINDOWS_PER_EXECUTION', {
    fallback: 1000,
    unit: 'windows',
    min: 1,
    max: MAX_RUSH_WINDOWS_PER_EXECUTION,
    integer: true,
  });

/**
 * ORDERDESK_TIME_SCALE (local runtime only; unset on AWS): the local workflow runner divides
 * every workflow duration by it, and tasks put the deadlines they compute on the same clock
 * (shared/domain/workflow-time.ts). 1 when unset.
 */
export const workflowTimeScale = (): number =>
  numberEnv('ORDERDESK_TIME_SCALE', { fallback: 1, unit: 'times', above: 0 });

/**
 * INBOUND_BLOCKLIST (optional): comma-separated sender addresses and `@domain`s whose mail is
 * quarantined unread (docs/email-intake.md).
 */
export const inboundBlocklist = (): string[] =>
  (setting('INBOUND_BLOCKLIST') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

/**
 * INBOUND_DEDUPE_HOURS (optional, default 24): hours within which the same email without a
 * Message-ID (same sender, text and attachments) is one order; 0 turns this off
 * (docs/email-intake.md).
 */
export const inboundDedupeHours = (): number =>
  numberEnv('INBOUND_DEDUPE_HOURS', { fallback: 24, unit: 'hours', min: 0, max: 24 * 365 });

/** REPORT_TIME_ZONE (optional, an IANA zone such as `Asia/Shanghai`); checked here, loudly. */
export function reportTimeZone(): string {
  const zone = setting('REPORT_TIME_ZONE') || BUSINESS_TIME_ZONE;
  if (!isTimeZone(zone)) throw new Error(`REPORT_TIME_ZONE ${zone} is not a known time zone`);
  return zone;
}

let schedules: { json: string | undefined; value: Record<ScheduleName, ReportSchedule> } | undefined;
/** REPORT_SCHEDULES (optional JSON, docs/reports.md), parsed once per value. */
export function reportSchedules(): Record<ScheduleName, ReportSchedule> {
  const json = setting('REPORT_SCHEDULES');
  if (!schedules || schedules.json !== json) schedules = { json, value: parseReportSchedules(json) };
  return schedules.value;
}

/** ROBOT_QUEUE_URL: the robot queue staff alerts are put on (docs/robots.md). */
export const robotQueueUrl = (): string => requireEnv('ROBOT_QUEUE_URL');

/**
 * The group robots (docs/robots.md): ROBOTS (JSON; ORDERDESK_ROBOTS locally, the context value
 * `robots` on AWS) joined by robot name with the webhook addresses and secrets of the
 * ROBOT_SECRETS_ARN secret when there is one. Refused field by field at cold start.
 */
export const robotsConfig: () => Promise<Robot[]> = perEnvironmentAsync(async () => {
  const routing = setting('ROBOTS');
  const arn = setting('ROBOT_SECRETS_ARN');
  if (!arn) return parseRobots(routing, 'ROBOTS');
  const out = await new SecretsManagerClient(awsClientOptions('SECRETS_MANAGER')).send(
    new GetSecretValueCommand({ SecretId: arn }),
  );
  let secrets: unknown;
  try {
    secrets = JSON.parse(out.SecretString ?? '{}');
  } catch {
    throw new Error('The robot webhooks secret must be JSON: {"<robot>": {"url": "…", "secret": "…"}}');
  }
  return joinRobotSecrets(JSON.parse(routing || '{}'), secrets, 'robots');
});

/**
 * SPECIAL_REVIEW_QUALITY_ROLE (optional): the staff role that stands for quality (品质) in the
 * special-requirement review of quotations and orders (R-SPEC-1, "and quality where
 * configured"), e.g. `safety`. Unset, production and ops review alone. Any other value than a
 * staff role (production and ops review anyway) fails the cold start with its name.
 */
export function specialReviewQualityRole(): StaffRole | undefined {
  const raw = (setting('SPECIAL_REVIEW_QUALITY_ROLE') ?? '').trim();
  if (raw === '') return undefined;
  if (!isStaffRole(raw) || raw === 'production' || raw === 'ops') {
    const roles = STAFF_ROLES.filter((r) => r !== 'production' && r !== 'ops');
    throw new Error(
      `SPECIAL_REVIEW_QUALITY_ROLE must be one of ${roles.join(', ')}, got ${JSON.stringify(raw)}`,
    );
  }
  return raw;
}
