/**
 * Business metrics as CloudWatch embedded metric format (EMF): one JSON line per event, written
 * as it happens, so overlapping invocations in the local process never mix their counts and an
 * invocation without events writes nothing. The format is the one Powertools Metrics writes, by
 * hand for the bundle size (docs/decisions.md 15). The names are read by the dashboard in
 * infra/monitoring.ts too.
 *
 * On Lambda they are always on. Locally they are off unless `POWERTOOLS_METRICS_DISABLED=false`,
 * then they go to stdout in the same JSON.
 */
import { onLambda, SERVICE_NAME } from './logger.ts';

export const METRICS_NAMESPACE = 'OrderDesk';

/** Each business metric and its one dimension (besides `service`). */
export const BUSINESS_METRICS = {
  /** An order stored for the first time, by intake channel (R-INTAKE-1..6). */
  ordersPlaced: { name: 'OrdersPlaced', dimension: 'channel' },
  /** An approver's decision recorded, by decision (R-APPR-1). */
  approvalsDecided: { name: 'ApprovalsDecided', dimension: 'decision' },
  /** A missed deadline escalated, by workflow (R-APPR-2, R-RUSH-3). */
  escalations: { name: 'Escalations', dimension: 'workflow' },
  /** An order put on hold, by the step that held it. */
  ordersHeld: { name: 'OrdersHeld', dimension: 'step' },
  /** An inbound email quarantined unread (R-INTAKE-6). */
  emailsQuarantined: { name: 'EmailsQuarantined', dimension: 'reason' },
  /** A report run finished, by outcome (R-REPORT-1). */
  reportRuns: { name: 'ReportRuns', dimension: 'outcome' },
} as const;

export type BusinessMetric = keyof typeof BUSINESS_METRICS;

const enabled = (): boolean =>
  onLambda()
    ? process.env['POWERTOOLS_METRICS_DISABLED'] !== 'true'
    : process.env['POWERTOOLS_METRICS_DISABLED'] === 'false';

/** The EMF line of one count (exported for the tests). */
export function emfLine(metric: BusinessMetric, value: string, now = Date.now()): string {
  const { name, dimension } = BUSINESS_METRICS[metric];
  return JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [['service', dimension]],
          Metrics: [{ Name: name, Unit: 'Count' }],
        },
      ],
    },
    service: SERVICE_NAME,
    // A CloudWatch dimension value: short, never empty.
    [dimension]: value.slice(0, 64) || 'none',
    [name]: 1,
  });
}

/** Counts one event of `metric` with its dimension's value. */
export function countEvent(metric: BusinessMetric, value: string): void {
  if (enabled()) process.stdout.write(`${emfLine(metric, value)}\n`);
}
