/**
 * Send a report email (R-REPORT-1): a scheduled run of one schedule for one period, or an
 * on-demand send (the `npm run report` command).
 * 1. Resolve the period: the schedule's (`yesterday`, `last-week`) or the one asked for, in the
 *    schedule's time zone.
 * 2. Scheduled runs claim the run of (schedule, period) with a conditional write: a period
 *    already sent sends nothing; a fresh claim by another run is a conflict (the caller retries);
 *    a claim older than `claimStaleMinutes` (a crashed run) is taken over.
 * 3. Resolve the recipients: staff of the schedule's roles (the staff directory) and addresses,
 *    each marked whether it may see balances (R-SEC-2: a member of RECEIVABLES_READERS).
 * 4. Build the report (buildReport), render the email with CSV and XLSX attachments, send ONE
 *    email to all recipients — or, where the deps read receivables (R-FIN-2), one with the
 *    receivables to those who may see balances and one without them to the others.
 * 5. Mark the run sent. On a failure the claim is released, so a retry may run at once.
 * On-demand sends are never deduplicated; each is recorded as a run of `on-demand`.
 */

import { randomUUID } from 'node:crypto';
import { ConflictError, DomainError } from '../domain/errors.ts';
import { RECEIVABLES_READERS, type StaffRole } from '../domain/roles.ts';
import type { RushSettings } from '../domain/rush-settings.ts';
import type { ReportRun } from '../entities/report-run-entity.ts';
import { type ReportKind, reportDashboardUrl, reportEmail } from '../notifications/report-email.ts';
import type { Clock, EmailAttachment, Mailer, OutgoingEmail, StaffDirectory } from '../ports.ts';
import { resolvePeriod } from '../reports/period.ts';
import type { Granularity, ReceivablesFigures, Report, ReportPeriod } from '../reports/report.ts';
import { reportCsv, reportFileName, reportXlsx } from '../reports/report-files.ts';
import type { ReportSource } from '../reports/report-source.ts';
import type { ReportSchedule } from '../reports/schedules.ts';
import { buildReport } from './build-report.ts';

/** Runs of schedules by period (shared/adapters/dynamo-report-runs.ts). */
export interface ReportRunStore {
  get(schedule: string, period: ReportPeriod): Promise<ReportRun | undefined>;
  claim(input: {
    schedule: string;
    period: ReportPeriod;
    token: string;
    at: string;
    staleBefore: string;
  }): Promise<{ outcome: 'claimed' | 'sent' | 'busy'; run?: ReportRun }>;
  markSent(input: {
    schedule: string;
    period: ReportPeriod;
    token: string;
    at: string;
    recipients: number;
  }): Promise<'marked' | 'lost'>;
  release(input: { schedule: string; period: ReportPeriod; token: string }): Promise<void>;
  recordOnDemand(run: ReportRun): Promise<void>;
}

export interface SendReportDeps {
  runs: ReportRunStore;
  source: ReportSource;
  staff: StaffDirectory;
  mailer: Mailer;
  clock: Clock;
  publicBaseUrl: string;
  /** The rush settings in force: the rush figures' targets (R-RUSH-3, R-RUSH-6). */
  rush: RushSettings;
  /** A claim older than this belongs to a crashed run and may be taken over. Default 10. */
  claimStaleMinutes?: number;
  /**
   * R-FIN-2: the receivables of a period (receivablesReport), for the recipients who may see
   * balances; without it no email carries them.
   */
  receivables?(period: ReportPeriod): Promise<ReceivablesFigures>;
}

export type SendReportRequest =
  | {
      kind: 'scheduled';
      schedule: ReportSchedule;
      /** Another period than the schedule's (a catch-up run); same idempotency. */
      period?: string;
    }
  | {
      kind: 'on-demand';
      /** `today`, `yesterday`, `last-week` or `YYYY-MM-DD..YYYY-MM-DD`. */
      period: string;
      to?: string[];
      roles?: StaffRole[];
      timeZone: string;
      granularity?: Granularity;
      /** The schedule whose title the email carries (a `--schedule` send). */
      titleOf?: ReportKind;
    };

export interface SendReportResult {
  outcome: 'sent' | 'already-sent';
  period: ReportPeriod;
  recipients: number;
  /** What was sent (absent when nothing was): the first of `emails`. */
  email?: OutgoingEmail;
  /** Every email sent: with receivables first, when any recipient may see them. */
  emails?: OutgoingEmail[];
  /** The report without receivables. */
  report?: Report;
}

export class NoRecipientsError extends DomainError {
  constructor(what: string) {
    super(`The report ${what} has no recipients: no staff hold its roles and it names no address`);
    this.name = 'NoRecipientsError';
  }
}

export const DEFAULT_CLAIM_STALE_MINUTES = 10;

interface Recipient {
  address: string;
  /** R-SEC-2: a staff member who may see every customer's balance. */
  balances: boolean;
}

async function recipientsOf(
  staff: StaffDirectory,
  roles: readonly StaffRole[],
  addresses: readonly string[],
  withBalances: boolean,
): Promise<Recipient[]> {
  // Those who may see balances, whatever role brought them here; an outside address never does.
  const viewers = new Set<string>();
  for (const role of withBalances ? RECEIVABLES_READERS : [])
    for (const member of await staff.members(role)) viewers.add(member.email.toLowerCase());
  // Case-insensitively distinct, in order, as first written.
  const seen = new Map<string, Recipient>();
  const add = (address: string) => {
    const key = address.toLowerCase();
    if (!seen.has(key)) seen.set(key, { address, balances: viewers.has(key) });
  };
  for (const role of roles) for (const member of await staff.members(role)) add(member.email);
  for (const address of addresses) add(address);
  return [...seen.values()];
}

/**
 * The emails of a report run: without receivables deps, one to all; else one with the
 * receivables to the recipients who may see balances and one without to the rest (R-SEC-2).
 */
async function reportMessages(
  deps: SendReportDeps,
  report: Report,
  recipients: readonly Recipient[],
  kind: ReportKind,
): Promise<OutgoingEmail[]> {
  const all = recipients.map((r) => r.address);
  if (!deps.receivables) return [reportMessage(report, all, kind, deps.publicBaseUrl)];
  const viewers = recipients.filter((r) => r.balances).map((r) => r.address);
  const others = recipients.filter((r) => !r.balances).map((r) => r.address);
  const emails: OutgoingEmail[] = [];
  if (viewers.length) {
    const receivables = await deps.receivables(report.period);
    emails.push(reportMessage({ ...report, receivables }, viewers, kind, deps.publicBaseUrl));
  }
  if (others.length) emails.push(reportMessage(report, others, kind, deps.publicBaseUrl));
  return emails;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The email of a report, with its CSV and XLSX attachments. */
export function reportMessage(
  report: Report,
  to: string[],
  kind: ReportKind,
  publicBaseUrl: string,
): OutgoingEmail {
  const attachments: EmailAttachment[] = [
    {
      filename: reportFileName(report, 'csv'),
      contentType: 'text/csv; charset=utf-8',
      content: new TextEncoder().encode(reportCsv(report)),
    },
    { filename: reportFileName(report, 'xlsx'), contentType: XLSX_TYPE, content: reportXlsx(report) },
  ];
  const body = reportEmail(report, {
    kind,
    dashboardUrl: reportDashboardUrl(publicBaseUrl, report.period),
  });
  return { to, ...body, attachments };
}

export async function sendReport(
  deps: SendReportDeps,
  request: SendReportRequest,
): Promise<SendReportResult> {
  const now = deps.clock.now();
  if (request.kind === 'on-demand') return sendOnDemand(deps, request, now);

  const { schedule } = request;
  const period = resolvePeriod(request.period ?? schedule.period, now, schedule.timezone);
  const token = randomUUID();
  const staleMs = (deps.claimStaleMinutes ?? DEFAULT_CLAIM_STALE_MINUTES) * 60_000;
  const claim = await deps.runs.claim({
    schedule: schedule.name,
    period,
    token,
    at: now.toISOString(),
    staleBefore: new Date(now.getTime() - staleMs).toISOString(),
  });
  if (claim.outcome === 'sent') {
    return { outcome: 'already-sent', period, recipients: claim.run?.recipients ?? 0 };
  }
  if (claim.outcome === 'busy') {
    throw new ConflictError(
      `The ${schedule.name} report for ${period.from}..${period.to} is being sent by another run`,
      60,
    );
  }
  try {
    const to = await recipientsOf(
      deps.staff,
      schedule.recipients.roles,
      schedule.recipients.addresses,
      Boolean(deps.receivables),
    );
    if (to.length === 0) throw new NoRecipientsError(schedule.name);
    const report = await buildReport(
      { source: deps.source },
      { period, granularity: schedule.granularity, timeZone: schedule.timezone, now, rush: deps.rush },
    );
    const emails = await reportMessages(deps, report, to, schedule.name as ReportKind);
    for (const email of emails) await deps.mailer.send(email);
    await deps.runs.markSent({
      schedule: schedule.name,
      period,
      token,
      at: deps.clock.now().toISOString(),
      recipients: to.length,
    });
    return { outcome: 'sent', period, recipients: to.length, email: emails[0]!, emails, report };
  } catch (error) {
    await deps.runs.release({ schedule: schedule.name, period, token }).catch(() => {});
    throw error;
  }
}

async function sendOnDemand(
  deps: SendReportDeps,
  request: Extract<SendReportRequest, { kind: 'on-demand' }>,
  now: Date,
): Promise<SendReportResult> {
  const period = resolvePeriod(request.period, now, request.timeZone);
  const to = await recipientsOf(deps.staff, request.roles ?? [], request.to ?? [], Boolean(deps.receivables));
  if (to.length === 0) throw new NoRecipientsError('on demand');
  const report = await buildReport(
    { source: deps.source },
    { period, granularity: request.granularity ?? 'day', timeZone: request.timeZone, now, rush: deps.rush },
  );
  const emails = await reportMessages(deps, report, to, request.titleOf ?? 'on-demand');
  for (const email of emails) await deps.mailer.send(email);
  const sentAt = deps.clock.now().toISOString();
  await deps.runs.recordOnDemand({
    schedule: 'on-demand',
    from: period.from,
    to: period.to,
    status: 'sent',
    claimToken: randomUUID(),
    claimedAt: now.toISOString(),
    sentAt,
    recipients: to.length,
    attempts: 1,
  });
  return { outcome: 'sent', period, recipients: to.length, email: emails[0]!, emails, report };
}
