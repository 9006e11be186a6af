/**
 * Configuration, read once at cold start and loudly (STYLE.md 6): a missing variable fails
 * with its name. The tracking secret comes from Secrets Manager on AWS (TRACKING_SECRET_ARN)
 * and straight from the environment locally (TRACKING_SECRET).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ApprovalRole } from './domain/order-schema.ts';
import { parseCalendar, type WorkingCalendar } from './domain/working-calendar.ts';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${name} is not set`);
  }
  return value;
}

export const tableName = (): string => requireEnv('TABLE_NAME');
export const publicBaseUrl = (): string => requireEnv('PUBLIC_BASE_URL').replace(/\/+$/, '');
export const mailFrom = (): string => requireEnv('MAIL_FROM');
export const jwtIssuer = (): string => requireEnv('JWT_ISSUER');

let trackingSecretPromise: Promise<string> | undefined;

export function trackingSecret(): Promise<string> {
  trackingSecretPromise ??= (async () => {
    const direct = process.env['TRACKING_SECRET'];
    if (direct) return direct;
    const arn = requireEnv('TRACKING_SECRET_ARN');
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
    if (!out.SecretString) throw new Error('The tracking secret is empty');
    return out.SecretString;
  })();
  trackingSecretPromise.catch(() => {
    trackingSecretPromise = undefined;
  });
  return trackingSecretPromise;
}

export const approvalStateMachineArn = (): string => requireEnv('APPROVAL_STATE_MACHINE_ARN');
export const slaStateMachineArn = (): string => requireEnv('SLA_STATE_MACHINE_ARN');
export const staffUserPoolId = (): string => requireEnv('STAFF_USER_POOL_ID');
export const approvalTopicArn = (): string => requireEnv('APPROVAL_TOPIC_ARN');

let calendar: WorkingCalendar | undefined;
/** WORKING_CALENDAR (JSON, optional): holidays, make-up days and hours; default 2026 China. */
export const workingCalendar = (): WorkingCalendar =>
  (calendar ??= parseCalendar(process.env['WORKING_CALENDAR']));

const DEFAULT_DEADLINE_HOURS: Record<ApprovalRole, number> = { ops: 4, sales_director: 4, gm: 4 };

/**
 * APPROVAL_DEADLINE_HOURS (JSON, optional), e.g. `{"ops":4,"sales_director":8,"gm":8}`:
 * working hours each role has to decide (R-APPR-2). Default 4 for each.
 */
export function approvalDeadlineHours(): Record<ApprovalRole, number> {
  const raw = process.env['APPROVAL_DEADLINE_HOURS'];
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

const minutesEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${name} must be a positive number of minutes`);
  return value;
};

const daysEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${name} must be a positive number of days`);
  return value;
};

/** R-PROC-7: a delivered order completes this many days after its last delivery (no case open). */
export const completeAfterDays = (): number => daysEnv('COMPLETE_AFTER_DAYS', 7);
/** R-ARCH-1: a completed order is archived this many days later. */
export const archiveAfterDays = (): number => daysEnv('ARCHIVE_AFTER_DAYS', 30);
export const closeStateMachineArn = (): string => requireEnv('CLOSE_STATE_MACHINE_ARN');

/** R-RUSH-3: leadership answers a rush application within this many minutes (wall clock). */
export const rushDecisionMinutes = (): number => minutesEnv('RUSH_DECISION_MINUTES', 60);
/** R-RUSH-6: sales and production report progress this often until delivery. */
export const rushReportIntervalMinutes = (): number => minutesEnv('RUSH_REPORT_INTERVAL_MINUTES', 120);

/** The address customers email orders to (ORDERDESK_INTAKE_ADDRESS locally, INTAKE_ADDRESS on AWS). */
export const intakeAddress = (): string =>
  (process.env['INTAKE_ADDRESS'] || process.env['ORDERDESK_INTAKE_ADDRESS'] || 'orders@example.com')
    .trim()
    .toLowerCase();

/**
 * INBOUND_BLOCKLIST (optional): comma-separated sender addresses and `@domain`s whose mail is
 * quarantined unread (docs/email-intake.md).
 */
export const inboundBlocklist = (): string[] =>
  (process.env['INBOUND_BLOCKLIST'] ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
