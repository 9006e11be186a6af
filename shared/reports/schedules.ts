/**
 * The report schedules as configuration (R-REPORT-1): a daily report at 08:30 for yesterday and
 * a weekly report on Monday at 09:00 for last week, Asia/Shanghai, each with its recipients
 * (staff roles and/or addresses). `REPORT_SCHEDULES` (JSON, the same shape as CDK context
 * `reportSchedules`) overrides any part. The same five-field cron expression drives croner
 * locally and EventBridge Scheduler on AWS (converted by `toEventBridgeCron`).
 */
import * as z from 'zod';
import { BUSINESS_TIME_ZONE } from '../domain/calendar.ts';
import { STAFF_ROLES, type StaffRole } from '../domain/roles.ts';
import type { Granularity } from './report.ts';

/**
 * `monthly-statements` emails last month's statement to the customers who opted in (R-FIN-3,
 * functions/billing); `quotation-expiry` reminds sales of sent quotations about to expire and
 * expires the overdue ones (R-QUOTE-2, functions/quotations).
 */
export const SCHEDULE_NAMES = ['daily', 'weekly', 'monthly-statements', 'quotation-expiry'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];
/** The schedules that send-report sends (the others belong to other functions). */
export const REPORT_SCHEDULE_NAMES = ['daily', 'weekly'] as const;
export type ReportScheduleName = (typeof REPORT_SCHEDULE_NAMES)[number];

export interface ReportSchedule {
  name: ScheduleName;
  /** Five fields: minute hour day-of-month month day-of-week (0 or 7 = Sunday). */
  cron: string;
  /** IANA zone the cron and the report's days are read in. */
  timezone: string;
  /** Relative period the run reports on. */
  period: 'today' | 'yesterday' | 'last-week' | 'last-month';
  granularity: Granularity;
  recipients: { roles: StaffRole[]; addresses: string[] };
  /** A disabled schedule creates no job (locally) and no EventBridge schedule (AWS). */
  enabled: boolean;
}

export const DEFAULT_SCHEDULES: Readonly<Record<ScheduleName, ReportSchedule>> = {
  daily: {
    name: 'daily',
    cron: '30 8 * * *',
    timezone: BUSINESS_TIME_ZONE,
    period: 'yesterday',
    granularity: 'day',
    recipients: { roles: ['gm', 'sales_director', 'ops'], addresses: [] },
    enabled: true,
  },
  weekly: {
    name: 'weekly',
    cron: '0 9 * * 1',
    timezone: BUSINESS_TIME_ZONE,
    period: 'last-week',
    granularity: 'day',
    recipients: { roles: ['gm', 'sales_director', 'ops', 'finance'], addresses: [] },
    enabled: true,
  },
  // R-FIN-3: on the 1st at 09:00, last month's statement to each customer who opted in
  // (`invoicing.monthlyStatement`); the recipients are those customers, not staff.
  'monthly-statements': {
    name: 'monthly-statements',
    cron: '0 9 1 * *',
    timezone: BUSINESS_TIME_ZONE,
    period: 'last-month',
    granularity: 'month',
    recipients: { roles: [], addresses: [] },
    enabled: true,
  },
  // R-QUOTE-2: every morning at 08:00, sales are reminded of the quotations that expire within
  // days, and the ones past their validity become `expired` (they can no longer be accepted).
  'quotation-expiry': {
    name: 'quotation-expiry',
    cron: '0 8 * * *',
    timezone: BUSINESS_TIME_ZONE,
    period: 'today',
    granularity: 'day',
    recipients: { roles: ['sales'], addresses: [] },
    enabled: true,
  },
};

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/**
 * A cron EventBridge accepts (five fields; not day-of-month and day-of-week both). croner, which
 * runs it locally, checks it again when the local scheduler starts (`local/report-scheduler.ts`);
 * it stays out of here so the function bundle does not carry it.
 */
const cronSchema = z.string().superRefine((cron, ctx) => {
  try {
    toEventBridgeCron(cron);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const overrideSchema = z.strictObject({
  cron: cronSchema.optional(),
  timezone: z.string().refine(isTimeZone, 'not a known IANA time zone').optional(),
  period: z.enum(['today', 'yesterday', 'last-week', 'last-month']).optional(),
  granularity: z.enum(['day', 'week', 'month']).optional(),
  roles: z.array(z.enum(STAFF_ROLES)).optional(),
  addresses: z.array(z.email()).optional(),
  enabled: z.boolean().optional(),
});
export const reportSchedulesSchema = z.partialRecord(z.enum(SCHEDULE_NAMES), overrideSchema);
export type ReportSchedulesOverride = z.infer<typeof reportSchedulesSchema>;

/**
 * The schedules: the defaults with `json` (REPORT_SCHEDULES) laid over them, e.g.
 * `{"daily":{"cron":"0 8 * * 1-5","roles":["gm"],"addresses":["boss@example.com"]},"weekly":{"enabled":false}}`.
 * Throws one error naming every wrong field.
 */
export function parseReportSchedules(json: string | undefined): Record<ScheduleName, ReportSchedule> {
  const result = structuredClone(DEFAULT_SCHEDULES) as Record<ScheduleName, ReportSchedule>;
  if (json === undefined || json.trim() === '') return result;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`REPORT_SCHEDULES is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = reportSchedulesSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`REPORT_SCHEDULES is invalid: ${issues.join('; ')}`);
  }
  for (const name of SCHEDULE_NAMES) {
    const o = parsed.data[name];
    if (!o) continue;
    const s = result[name];
    result[name] = {
      ...s,
      ...(o.cron !== undefined ? { cron: o.cron } : {}),
      ...(o.timezone !== undefined ? { timezone: o.timezone } : {}),
      ...(o.period !== undefined ? { period: o.period } : {}),
      ...(o.granularity !== undefined ? { granularity: o.granularity } : {}),
      ...(o.enabled !== undefined ? { enabled: o.enabled } : {}),
      recipients: { roles: o.roles ?? s.recipients.roles, addresses: o.addresses ?? s.recipients.addresses },
    };
  }
  return result;
}

/** Every number of a numeric cron field (lists, ranges, steps) within its bounds; names pass. */
function inRange(name: string, field: string, min: number, max: number): void {
  for (const item of field.split(',')) {
    const [range = '', step] = item.split('/');
    if (step !== undefined && !/^\d+$/.test(step)) throw new Error(`${name} step "${item}" is not a number`);
    if (range === '*' || range === '?' || /^[A-Za-z]{3}(-[A-Za-z]{3})?$/.test(range)) continue;
    for (const part of range.split('-')) {
      if (!/^\d+$/.test(part) || Number(part) < min || Number(part) > max) {
        throw new Error(`${name} "${item}" is not within ${min}–${max}`);
      }
    }
  }
}

/** Cron day-of-week (0–7, 0 and 7 Sunday) → EventBridge (1–7, 1 Sunday). */
function eventBridgeWeekday(field: string): string {
  if (field === '*' || field === '?') return '?';
  const day = (s: string): number => {
    if (!/^\d$/.test(s) || Number(s) > 7) throw new Error(`day of week "${s}" is not 0–7`);
    return (Number(s) % 7) + 1;
  };
  return field
    .split(',')
    .map((item) => {
      if (/^[A-Za-z]{3}(-[A-Za-z]{3})?$/.test(item)) return item.toUpperCase();
      const m = /^(\d)(?:-(\d))?(?:\/(\d+))?$/.exec(item);
      if (!m) throw new Error(`day of week "${item}" is not supported (use numbers, names or ranges)`);
      const [, a, b, step] = m;
      if (b === undefined) {
        if (step) throw new Error(`day of week "${item}": a step needs a range`);
        return String(day(a!));
      }
      if (Number(a) > Number(b)) throw new Error(`day of week range "${item}" runs backwards`);
      const suffix = step ? `/${step}` : '';
      // 7 is Sunday at the end of the week; EventBridge's Sunday (1) starts it.
      if (b === '7' && a !== '0') {
        if (step) throw new Error(`day of week "${item}": a step over Sunday is not supported`);
        return a === '7' ? '1' : `${day(a!)}-7,1`;
      }
      return `${day(a!)}-${day(b)}${suffix}`;
    })
    .join(',');
}

/**
 * A five-field cron (croner, Unix) as EventBridge Scheduler's six-field `cron(...)`: a year field
 * is added, day-of-week is renumbered (Sunday 0 → 1) and the unused day field becomes `?`.
 * `30 8 * * *` → `cron(30 8 * * ? *)`; `0 9 * * 1` → `cron(0 9 ? * 2 *)`.
 */
export function toEventBridgeCron(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new Error(`cron "${cron}" must have 5 fields (minute hour day-of-month month day-of-week)`);
  }
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  inRange('minute', minute, 0, 59);
  inRange('hour', hour, 0, 23);
  inRange('day of month', dom, 1, 31);
  inRange('month', month, 1, 12);
  const domSet = dom !== '*' && dom !== '?';
  const dowSet = dow !== '*' && dow !== '?';
  if (domSet && dowSet) {
    throw new Error(`cron "${cron}" sets both day-of-month and day-of-week, which EventBridge refuses`);
  }
  const weekday = dowSet ? eventBridgeWeekday(dow) : '?';
  return `cron(${minute} ${hour} ${dowSet ? '?' : dom} ${month} ${weekday} *)`;
}
