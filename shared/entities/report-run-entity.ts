/**
 * A run of a report schedule (R-REPORT-1): one item per schedule and period, written with a
 * condition so that a re-run of a sent period sends nothing (idempotent by schedule and
 * period), and a claim left by a crashed run can be taken over once it is stale. On-demand
 * sends are recorded under their own partition, one item per send.
 */

/** `claimed` while a run builds and sends; `sent` once the email went out. */
export type ReportRunStatus = 'claimed' | 'sent';

export interface ReportRun {
  /** `daily`, `weekly` or `on-demand`. */
  schedule: string;
  from: string;
  to: string;
  status: ReportRunStatus;
  /** Random per attempt: only the attempt that claimed may mark sent or release. */
  claimToken: string;
  claimedAt: string;
  sentAt?: string;
  /** How many addresses the email went to (the addresses are not stored). */
  recipients?: number;
  /** Attempts that claimed this run (takeovers included). */
  attempts: number;
}

export const reportRunKey = (schedule: string, period: { from: string; to: string }) => ({
  pk: `REPORT#${schedule}`,
  sk: `RUN#${period.from}..${period.to}`,
});

/** An on-demand send: never deduplicated, so the instant and a token make the key unique. */
export const onDemandRunKey = (period: { from: string; to: string }, at: string, token: string) => ({
  pk: 'REPORT#on-demand',
  sk: `RUN#${period.from}..${period.to}#${at}#${token}`,
});
