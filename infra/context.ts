/**
 * Deployment settings read from CDK context (`cdk.json` or `-c name=value`), checked once at
 * synth so a typo fails the synth instead of the first email sent.
 */

import type { Node } from 'constructs';
import { MIN_RUSH_REPORT_INTERVAL_MINUTES, specialReviewQualityRole } from '#shared/config.ts';
import { APPROVAL_ROLES } from '#shared/domain/order-schema.ts';
import { parseCalendar } from '#shared/domain/working-calendar.ts';
import { isTimeZone } from '#shared/reports/period.ts';
import { parseReportSchedules } from '#shared/reports/schedules.ts';
import { readRobotsContext } from './robot-alerts.ts';

export interface OrderDeskContext {
  /** Sender of customer mail; its address or domain must be a verified SES identity. */
  mailFrom: string;
  /** Base URL of tracking/approval links; defaults to the CloudFront URL when unset. */
  publicBaseUrl?: string;
  /** `WORKING_CALENDAR` as JSON; unset, the functions use their default (China, year by year). */
  workingCalendar?: string;
  /** `APPROVAL_DEADLINE_HOURS` as JSON; unset, the functions use their default (4 h each). */
  approvalDeadlineHours?: string;
  /** `RUSH_DECISION_MINUTES`; unset, the functions use their default (60). */
  rushDecisionMinutes?: string;
  /** `RUSH_REPORT_INTERVAL_MINUTES`; unset, the functions use their default (120). */
  rushReportIntervalMinutes?: string;
  /** `COMPLETE_AFTER_DAYS` and `ARCHIVE_AFTER_DAYS`; unset, the functions use their defaults (7, 30). */
  completeAfterDays?: string;
  archiveAfterDays?: string;
  /** `REPORT_SCHEDULES` as JSON (shared/reports/schedules.ts); unset, the default schedules. */
  reportSchedules?: string;
  /** `REPORT_TIME_ZONE` (IANA) for the days of on-demand reports; unset, Asia/Shanghai. */
  reportTimeZone?: string;
  /** Who is emailed when a scheduled report fails after its retries; unset, nobody is subscribed. */
  opsAlertEmail?: string;
  /** Context `robots` (docs/robots.md): routing of the group robots, JSON; addresses in Secrets Manager. */
  robots?: string;
  /** The address customers email orders to (R-INTAKE-6); its domain must be verified in SES. */
  intakeAddress: string;
  /** `INBOUND_BLOCKLIST`: comma-separated senders and `@domain`s to quarantine; unset, none. */
  inboundBlocklist?: string;
  /** `INBOUND_DEDUPE_HOURS`: hours within which a resent email without a Message-ID is one order. */
  inboundDedupeHours?: string;
  /** `SPECIAL_REVIEW_QUALITY_ROLE` (R-SPEC-1): the staff role standing for quality; unset, none. */
  specialReviewQualityRole?: string;
}

export const DEFAULT_MAIL_FROM = 'orders@example.com';
export const DEFAULT_INTAKE_ADDRESS = 'orders@example.com';

export function readContext(node: Node): OrderDeskContext {
  const mailFrom = String(node.tryGetContext('mailFrom') ?? DEFAULT_MAIL_FROM);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mailFrom)) {
    throw new Error(`Context mailFrom must be an email address, got "${mailFrom}"`);
  }
  const workingCalendar = jsonContext(node, 'workingCalendar', (json) => {
    parseCalendar(json);
  });
  const approvalDeadlineHours = jsonContext(node, 'approvalDeadlineHours', checkDeadlineHours);
  const intakeAddress = String(node.tryGetContext('intakeAddress') ?? DEFAULT_INTAKE_ADDRESS).toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(intakeAddress)) {
    throw new Error(`Context intakeAddress must be an email address, got "${intakeAddress}"`);
  }
  const blocklist = node.tryGetContext('inboundBlocklist');
  return {
    mailFrom,
    intakeAddress,
    ...optional('inboundBlocklist', blocklist ? String(blocklist) : undefined),
    ...optional('inboundDedupeHours', readDedupeHours(node)),
    ...optional('publicBaseUrl', readPublicBaseUrl(node)),
    ...optional('workingCalendar', workingCalendar),
    ...optional('approvalDeadlineHours', approvalDeadlineHours),
    ...optional('rushDecisionMinutes', minutesContext(node, 'rushDecisionMinutes')),
    ...optional(
      'rushReportIntervalMinutes',
      minutesContext(node, 'rushReportIntervalMinutes', MIN_RUSH_REPORT_INTERVAL_MINUTES),
    ),
    ...optional('completeAfterDays', minutesContext(node, 'completeAfterDays', undefined, 'days')),
    ...optional('archiveAfterDays', minutesContext(node, 'archiveAfterDays', undefined, 'days')),
    ...optional(
      'reportSchedules',
      jsonContext(node, 'reportSchedules', (json) => {
        parseReportSchedules(json);
      }),
    ),
    ...optional('reportTimeZone', readTimeZone(node)),
    ...optional('opsAlertEmail', readOpsAlertEmail(node)),
    ...optional('robots', readRobotsContext(node.tryGetContext('robots'))),
    ...optional('specialReviewQualityRole', readQualityRole(node)),
  };
}

/** Context `specialReviewQualityRole`: checked as shared/config.ts checks the variable. */
function readQualityRole(node: Node): string | undefined {
  const raw: unknown = node.tryGetContext('specialReviewQualityRole');
  if (raw === undefined || raw === '') return undefined;
  const previous = process.env['SPECIAL_REVIEW_QUALITY_ROLE'];
  process.env['SPECIAL_REVIEW_QUALITY_ROLE'] = String(raw);
  try {
    return specialReviewQualityRole();
  } catch (error) {
    throw new Error(`Context specialReviewQualityRole is invalid: ${(error as Error).message}`);
  } finally {
    if (previous === undefined) delete process.env['SPECIAL_REVIEW_QUALITY_ROLE'];
    else process.env['SPECIAL_REVIEW_QUALITY_ROLE'] = previous;
  }
}

/**
 * A number of minutes (`-c name=30` gives a string, cdk.json a number), checked as
 * shared/config.ts checks it: a positive number, at least `min` when given. Returned as the
 * variable's string.
 */
function minutesContext(node: Node, name: string, min?: number, unit = 'minutes'): string | undefined {
  const raw: unknown = node.tryGetContext(name);
  if (raw === undefined || raw === '') return undefined;
  const minutes = typeof raw === 'number' || typeof raw === 'string' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(minutes) || !(minutes > 0)) {
    throw new Error(`Context ${name} must be a positive number of ${unit}, got ${JSON.stringify(raw)}`);
  }
  if (min !== undefined && minutes < min) {
    throw new Error(`Context ${name} must be at least ${min} minutes, got ${JSON.stringify(raw)}`);
  }
  return String(minutes);
}

/** Context `opsAlertEmail`: the report alerts' subscriber (R-REPORT-1), checked as an address. */
function readTimeZone(node: Node): string | undefined {
  const zone = node.tryGetContext('reportTimeZone');
  if (zone === undefined || zone === '') return undefined;
  if (!isTimeZone(String(zone)))
    throw new Error(`Context reportTimeZone ${zone} is not a known IANA time zone`);
  return String(zone);
}

function readOpsAlertEmail(node: Node): string | undefined {
  const raw: unknown = node.tryGetContext('opsAlertEmail');
  if (raw === undefined || raw === '') return undefined;
  const email = String(raw).trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new Error(`Context opsAlertEmail must be an email address, got "${email}"`);
  }
  return email;
}

function readPublicBaseUrl(node: Node): string | undefined {
  const rawUrl = node.tryGetContext('publicBaseUrl');
  if (rawUrl === undefined || rawUrl === '') return undefined;
  const publicBaseUrl = String(rawUrl).replace(/\/+$/, '');
  if (!/^https:\/\/[^\s/]+/.test(publicBaseUrl)) {
    throw new Error(`Context publicBaseUrl must be an https URL, got "${publicBaseUrl}"`);
  }
  return publicBaseUrl;
}

/**
 * A JSON context value: a string (`-c name='{"…"}'`) or, from cdk.json, an object. Returned as the
 * JSON string the function reads from its environment, after `check` accepted it.
 */
function jsonContext(node: Node, name: string, check: (json: string) => void): string | undefined {
  const raw: unknown = node.tryGetContext(name);
  if (raw === undefined || raw === '') return undefined;
  const json = typeof raw === 'string' ? raw : JSON.stringify(raw);
  try {
    check(json);
  } catch (error) {
    throw new Error(`Context ${name} is invalid: ${(error as Error).message}`);
  }
  return json;
}

/** The shape shared/config.ts accepts: `{"ops":4,"sales_director":8,"gm":8}`, each optional. */
function checkDeadlineHours(json: string): void {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('expected an object of hours by approval role');
  }
  for (const [role, hours] of Object.entries(parsed)) {
    if (!(APPROVAL_ROLES as readonly string[]).includes(role)) {
      throw new Error(`"${role}" is not an approval role (${APPROVAL_ROLES.join(', ')})`);
    }
    if (typeof hours !== 'number' || !(hours > 0)) throw new Error(`${role} must be a positive number`);
  }
}

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, string>);

/** The part of mailFrom after `@`: SES may verify the address or its whole domain. */
export const mailDomain = (mailFrom: string): string => mailFrom.slice(mailFrom.indexOf('@') + 1);

/** `inboundDedupeHours`: 0 to 8760 hours (as `INBOUND_DEDUPE_HOURS`); unset, the default 24. */
function readDedupeHours(node: Node): string | undefined {
  const raw = node.tryGetContext('inboundDedupeHours');
  if (raw === undefined || raw === null || raw === '') return undefined;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours < 0 || hours > 8760) {
    throw new Error(`Context inboundDedupeHours must be 0 to 8760 hours, got "${raw}"`);
  }
  return String(hours);
}
