/** Section 7 of bench/results.md: the rush-order progress loop's transitions, cost and history size. */

import { mergeSection } from './merge-section.ts';
import { HISTORY_EVENT_LIMIT, type RushResults, type RushRun, rushFigures, WINDOWS_PER_DAY } from './rush.ts';
import { TARGETS } from './targets.ts';
import { PRICE_PER_1000_TRANSITIONS } from './workflows.ts';

const verdict = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '—');
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
/** Cost of 1,000 orders: transitions per order × $0.025 per 1,000 transitions × 1,000. */
const per1000 = (transitions: number) => `$${(transitions * PRICE_PER_1000_TRANSITIONS).toFixed(3)}`;

export const RUSH_SECTION = '## 7. Rush orders: the progress loop';
export const RUSH_SUMMARY_PREFIX = '| rush order progress loop';

export const rushVerdict = (r: RushResults): boolean =>
  rushFigures(r, PRICE_PER_1000_TRANSITIONS, TARGETS.rushTransitionsPerWindow).pass;

export function rushSummaryRow(r: RushResults): string {
  const f = rushFigures(r, PRICE_PER_1000_TRANSITIONS, TARGETS.rushTransitionsPerWindow);
  const errors = r.runs.filter((x) => x.error);
  const measured = errors.length
    ? `failed: ${errors.map((x) => `${x.days} d: ${x.error}`).join('; ')}`
    : `${f2(f.marginalTransitions)} per window in the loop; all in ${f.ok
        .map(
          (x) =>
            `${f2(f.perWindow(x))} (${x.days} d, ${x.windows} windows, ${x.transitions} per order, ${per1000(x.transitions)} per 1,000)`,
        )
        .join(
          ', ',
        )}; ${int(f.eventsPerDay)} history events per day → ${HISTORY_EVENT_LIMIT.toLocaleString('en-US')} after ${f1(f.daysToLimit)} days`;
  return row([
    `rush order progress loop ≤ ${TARGETS.rushTransitionsPerWindow} state transitions per ${r.intervalMinutes}-minute window`,
    measured,
    verdict(f.pass),
  ]);
}

const runRow = (x: RushRun) =>
  row([
    `${x.days} day${x.days === 1 ? '' : 's'} (${x.targetWindows} windows asked)`,
    x.error ? `failed: ${x.error}` : `${x.orderStatus}, execution ${x.executionStatus}`,
    x.windows,
    `${x.productionReported} / ${x.salesReported} / ${x.bothReported} / ${x.noneReported}`,
    x.transitions,
    x.loopTransitions,
    `**${f2(x.transitions / x.windows)}**`,
    x.events,
    f2(x.events / x.windows),
    per1000(x.transitions),
    x.taskFailures,
    f2(x.realSecondsPerWindow),
    f1(x.seconds),
  ]);

export function renderRush(r: RushResults, note?: string): string[] {
  const f = rushFigures(r, PRICE_PER_1000_TRANSITIONS, TARGETS.rushTransitionsPerWindow);
  const waitSeconds = (r.intervalMinutes * 60) / r.timeScale;
  const long = f.ok[f.ok.length - 1];
  const fixedStates = long?.states.filter(
    ([s]) => !['WaitWindow', 'CheckWindow', 'WindowOutcome'].includes(s),
  );
  const loopStates = long?.states.filter(([s]) => ['WaitWindow', 'CheckWindow', 'WindowOutcome'].includes(s));
  const loopEvents = long
    ? `${long.eventTypes.map(([t, n]) => `${t} ${n}`).join(', ')} (${long.events} in all)`
    : '—';
  return [
    RUSH_SECTION,
    '',
    ...(note ? [note, ''] : []),
    'A rush order filed through the API (`POST /api/rush-orders` as sales), accepted by the sales director in ' +
      'the staff console (`POST /api/orders/{id}/decision`), then left in production while the `rush-order` ' +
      'execution ran its progress loop (WaitWindow → CheckWindow → WindowOutcome, one round per report window) ' +
      `for the equivalent of ${r.runs.map((x) => `${x.days} day${x.days === 1 ? '' : 's'}`).join(' and ')} of ` +
      `${r.intervalMinutes}-minute windows (${WINDOWS_PER_DAY} per day); production reported in every 2nd window, ` +
      'sales in every 3rd (`POST /api/rush-orders/{id}/progress`); once the order showed the windows asked for, ' +
      'logistics shipped and delivered it (`/ship`, `/deliver`) and the next CheckWindow ended the loop. ' +
      `\`RUSH_REPORT_INTERVAL_MINUTES=${r.intervalMinutes}\`, \`RUSH_DECISION_MINUTES=${r.decisionMinutes}\` ` +
      `(the decision never times out), \`timeScale\` ${r.timeScale.toLocaleString('en-US')}: each window's Wait ` +
      `is ${waitSeconds.toFixed(2)} s real. Both orders ran one after the other on one fresh system. ` +
      '"windows" is what the order recorded (`rush.windows` of `GET /api/orders/{id}`), and every per-window ' +
      'figure divides by it. `GET /api/orders/{id}/workflow` lists the approval and SLA executions only, so the ' +
      "rush execution's history was read from the local Step Functions API (GetExecutionHistory, as the " +
      "functions' client reads it) and counted with `countStateTransitions` (each `…StateEntered` event is one " +
      `billed transition, $${PRICE_PER_1000_TRANSITIONS} per 1,000).`,
    '',
    row([
      'loop',
      'order ends',
      'windows',
      'reported: production / sales / both / none',
      'transitions per order',
      'of them in the loop',
      'transitions per window',
      'history events',
      'events per window',
      'cost per 1,000 orders',
      'task failures',
      'real s per window',
      's',
    ]),
    row(['---', '---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:']),
    ...r.runs.map(runRow),
    '',
    `Per window in the loop (7-day order − 1-day order, per extra window): **${f2(f.marginalTransitions)} ` +
      `transitions** and ${f2(f.marginalEvents)} history events; per order, besides the windows, ` +
      `${f1(f.fixedTransitions)} transitions and ${f1(f.fixedEvents)} events (filing, decision, acceptance, the ` +
      'last CheckWindow that finds the order delivered, Delivered). Target at most ' +
      `${TARGETS.rushTransitionsPerWindow} transitions per ${r.intervalMinutes}-minute window, judged on the loop's ` +
      `figure and on each order's all-in figure (worst ${f2(f.worst)}): ${verdict(f.pass)}.`,
    '',
    `- **Cost**: a day of loop is ${f1(f.marginalTransitions * WINDOWS_PER_DAY)} transitions, ` +
      `${per1000(f.marginalTransitions * WINDOWS_PER_DAY)} per 1,000 rush orders per day in production; ` +
      `the orders above: ${f.ok.map((x) => `${x.days} d ${per1000(x.transitions)}`).join(', ')} per 1,000 ` +
      'rush orders (price as given, no free tier; Lambda invocations of CheckWindow and the DynamoDB/SES writes ' +
      'of each window not included).',
    `- **History limit**: Step Functions keeps at most ${HISTORY_EVENT_LIMIT.toLocaleString('en-US')} events ` +
      `per execution. The loop writes ${f2(f.marginalEvents)} per window, ${int(f.eventsPerDay)} per day of ` +
      `loop, so an order still in production after **${f1(f.daysToLimit)} days** ` +
      `(window ${int(Math.floor((HISTORY_EVENT_LIMIT - f.fixedEvents) / f.marginalEvents) + 1)}) would exceed it and the ` +
      'execution would fail. The local runner writes the events AWS does for a Lambda function ARN task ' +
      '(TaskStateEntered, LambdaFunctionScheduled, LambdaFunctionStarted, LambdaFunctionSucceeded, ' +
      'TaskStateExited).',
    `- States entered by the ${long?.days ?? '?'}-day order: outside the loop ` +
      `${fixedStates?.map(([s, n]) => `${s} ${n}`).join(', ') ?? '—'}; in the loop ` +
      `${loopStates?.map(([s, n]) => `${s} ${n}`).join(', ') ?? '—'} (CheckWindow runs once per recorded window ` +
      `plus the last one: ${long?.checks ?? '?'} for ${long?.windows ?? '?'} windows). Its history, by type: ` +
      `${loopEvents}.`,
    '- Progress reports, reminders and escalation emails are API calls and task work, not states: they cost ' +
      'no transition; a window with both reports costs what a missed one does.',
    '- "real s per window": wall time from production start to the last window asked for, per window — the ' +
      `${waitSeconds.toFixed(2)} s Wait plus the real time of each check on this machine (which is why the window ` +
      'count is read from the order, not computed from the elapsed time).',
    '',
  ];
}

/**
 * `npm run bench -- --only rush`: puts this run's section 7 and summary row into an existing
 * results.md (replacing earlier ones), leaving the rest of the full run's report as it was.
 */
export function mergeRush(existing: string, r: RushResults, note: string): string {
  return mergeSection(existing, {
    heading: RUSH_SECTION,
    lines: renderRush(r, note),
    summaryPrefix: RUSH_SUMMARY_PREFIX,
    summaryRow: rushSummaryRow(r),
    before: '| background consumer',
  });
}
