/** Section 8 of bench/results.md: report figures over generated orders (bench/reports.ts). */

import { mergeSection } from './merge-section.ts';
import type { ReportResults } from './reports.ts';
import { WRITERS } from './reports.ts';
import { TARGETS } from './targets.ts';

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**');

export const REPORTS_SECTION = '## 8. Reports: figures from the by-day index';
export const REPORTS_SUMMARY_PREFIX = '| daily report computed';

export const reportsVerdict = (r: ReportResults): boolean => r.daily.ms < TARGETS.dailyReportMs;

export function reportsSummaryRow(r: ReportResults): string {
  return row([
    `daily report computed in < ${TARGETS.dailyReportMs / 1000} s (${int(r.orders)} orders over ${r.days} days)`,
    `${int(r.daily.ms)} ms (${int(r.daily.orders + r.daily.previousOrders)} orders read)`,
    verdict(reportsVerdict(r)),
  ]);
}

export function renderReports(r: ReportResults, note?: string): string[] {
  const all = [r.daily, ...r.runs];
  return [
    REPORTS_SECTION,
    '',
    ...(note ? [note, ''] : []),
    `${int(r.orders)} orders generated over ${r.days} days straight into dynalite on disk (BatchWriteItem, ` +
      `${WRITERS} in flight, items from \`orderToItem\`) in ${(r.generateMs / 1000).toFixed(0)} s. ` +
      '`buildReport` reads the period and the previous period of the same length, one `by-day` Query per ' +
      'Asia/Shanghai day (8 in flight), plus the after-sales cases 180 days back; the cost grows with the orders ' +
      'read, not with the table. The daily report is the best of 3 runs; the others ran once.',
    '',
    row([
      'report',
      'period',
      'orders in period',
      'orders in previous period',
      'ms',
      'orders read per second',
    ]),
    row(['---', '---', '---:', '---:', '---:', '---:']),
    ...all.map((x) =>
      row([
        x.label,
        `${x.period.from} … ${x.period.to}`,
        int(x.orders),
        int(x.previousOrders),
        int(x.ms),
        int(((x.orders + x.previousOrders) / x.ms) * 1000),
      ]),
    ),
    '',
    row(['target', 'measured', '']),
    row(['---', '---', '---']),
    reportsSummaryRow(r),
  ];
}

/** Puts section 8 and its summary row into an existing results.md (like `--only rush`). */
export function mergeReports(existing: string, r: ReportResults, note: string): string {
  return mergeSection(existing, {
    heading: REPORTS_SECTION,
    lines: renderReports(r, note),
    summaryPrefix: REPORTS_SUMMARY_PREFIX,
    summaryRow: reportsSummaryRow(r),
  });
}
