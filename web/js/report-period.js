// @ts-check
/**
 * The period of the reports dashboard (R-REPORT-2): the presets of the picker, worked out as
 * `YYYY-MM-DD` days in Asia/Shanghai whatever the device's zone (the report's clock), and the
 * period's place in the page URL (`?from=&to=&granularity=`) so a link from the report email
 * opens that period and back/forward walk through the periods looked at.
 */
import { todayInShanghai } from './format.js';

export const GRANULARITIES = ['day', 'week', 'month'];
export const PRESETS = ['yesterday', 'today', 'lastWeek', 'thisMonth', 'last30'];
/** The roles `GET /api/reports/summary` answers (functions/manifest.ts). */
export const REPORT_ROLES = ['gm', 'sales_director', 'ops', 'finance'];
/** R-SEC-2: who sees balances (GET /api/reports/receivables; RECEIVABLES_READERS of shared/domain/roles.ts). */
export const RECEIVABLES_ROLES = ['finance', 'ops', 'gm'];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** "2026-03-01" + 3 → "2026-03-04", on the calendar (no time zone involved). */
export function addDays(day, days) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 for Monday … 6 for Sunday: report weeks start on Monday. */
function weekdayFromMonday(day) {
  const [y, m, d] = day.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** The days of a preset, `today` being the Beijing date. */
export function presetPeriod(preset, today = todayInShanghai()) {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const day = addDays(today, -1);
      return { from: day, to: day };
    }
    case 'lastWeek': {
      const monday = addDays(today, -weekdayFromMonday(today));
      return { from: addDays(monday, -7), to: addDays(monday, -1) };
    }
    case 'thisMonth':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    default:
      throw new Error(`unknown preset ${preset}`);
  }
}

export const DEFAULT_PRESET = 'last30';

/**
 * The period in `search` (a query string). Values are kept as written, even when wrong, so
 * the API's answer says field by field what is wrong with a hand-edited link; only missing
 * parts fall back to the default (the last 30 days, by day).
 */
export function periodFromQuery(search, today = todayInShanghai()) {
  const query = new URLSearchParams(search);
  const fallback = presetPeriod(DEFAULT_PRESET, today);
  const from = query.get('from');
  const to = query.get('to');
  return {
    from: from ?? (to && DAY.test(to) ? to : fallback.from),
    to: to ?? (from && DAY.test(from) ? from : fallback.to),
    granularity: query.get('granularity') || 'day',
  };
}

/** `?from=…&to=…&granularity=…` of a period. */
export const periodQuery = ({ from, to, granularity }) =>
  `?${new URLSearchParams({ from, to, granularity }).toString()}`;

/** Issues of a custom period before it is sent; the API checks again. */
export function checkPeriod({ from, to }) {
  const issues = [];
  if (!DAY.test(from ?? '')) issues.push({ path: 'from', key: 'reports.dateRequired' });
  if (!DAY.test(to ?? '')) issues.push({ path: 'to', key: 'reports.dateRequired' });
  if (!issues.length && from > to) issues.push({ path: 'to', key: 'reports.toBeforeFrom' });
  return issues;
}
