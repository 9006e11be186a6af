/**
 * The query of `GET /api/reports/summary` (R-REPORT-2), validated field by field: a period as
 * `from`/`to` days or as `period` (`today`, `yesterday`, `last-week`, `YYYY-MM-DD..YYYY-MM-DD`),
 * the granularity of the series and the answer's format. Unknown parameters are refused, not
 * ignored. Without a period, the report is for yesterday (as the daily email).
 */
import * as z from 'zod';
import { type FieldIssue, ValidationError } from '../domain/errors.ts';
import { toFieldIssues } from '../domain/validate.ts';
import { GRANULARITIES, isDay, periodIssues, resolvePeriod } from './period.ts';
import type { Granularity, ReportPeriod } from './report.ts';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const day = z.string().refine(isDay, 'Must be a real date YYYY-MM-DD');

export const reportQuerySchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    period: z.string().max(40).optional(),
    granularity: z.enum(GRANULARITIES).default('day'),
    format: z.enum(REPORT_FORMATS).default('json'),
  })
  .strict();

export interface ReportQuery {
  period: ReportPeriod;
  granularity: Granularity;
  format: ReportFormat;
}

/** Parses the query string; throws ValidationError with every problem, field by field. */
export function parseReportQuery(
  query: Record<string, string | undefined>,
  now: Date,
  timeZone: string,
): ReportQuery {
  const parsed = reportQuerySchema.safeParse(query);
  if (!parsed.success) throw new ValidationError('Invalid query', toFieldIssues(parsed.error));
  const { from, to, period, granularity, format } = parsed.data;
  const issues: FieldIssue[] = [];
  if (period !== undefined && (from !== undefined || to !== undefined))
    issues.push({ path: 'period', message: 'Give either period or from/to, not both' });
  if ((from === undefined) !== (to === undefined))
    issues.push({
      path: from === undefined ? 'from' : 'to',
      message: 'Required with the other end of the period',
    });
  if (issues.length) throw new ValidationError('Invalid query', issues);
  if (from !== undefined && to !== undefined) {
    const range = periodIssues(from, to);
    if (range.length) throw new ValidationError('Invalid period', range);
    return { period: { from, to }, granularity, format };
  }
  return { period: resolvePeriod(period ?? 'yesterday', now, timeZone), granularity, format };
}
