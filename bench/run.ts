/**
 * `npm run bench`: the benchmarks of ARCHITECTURE.md's targets, run one after the other (the
 * machine has 2 cores; nothing else of ours runs meanwhile) and written to bench/results.md.
 *  1. intake throughput against a one-write baseline (32 connections, closed loop), with the
 *     background consumer on (as the local system runs) and held back (intake alone, as on AWS)
 *  2. intake at a fixed 100 orders/s: a steady open-loop pace and autocannon's overallRate, both ways
 *  3. the background consumer's own throughput (orders handed to order-received per second)
 *  4. each deployed function's bundle size and cold module load
 *  5. DynamoDB write units per order at intake and per later write, on the AWS table
 *  6. state transitions and cost of each approval-workflow path
 *  7. state transitions, cost and history size of a rush order's progress loop
 *  8. report figures over 100,000 generated orders: the daily report and 1/7/30/90-day periods
 *
 * `npm run bench -- --only rush` runs phase 7 alone and merges its section and summary row into
 * the existing results.md (the rest of the report stays as the last full run wrote it);
 * `--only reports` does the same with phase 8; `--only xlsx` with the emailed order sheet (a
 * 1,000-line XLSX through extractOrder), which a full run measures last but one; `--only email`
 * with email intake (SMTP accept → registered order, bench/email.ts), measured last;
 * `--only powertools` with what Powertools Logger, Metrics and Tracer cost a bundle (bench/powertools.ts).
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureBundles, zodImportStyles } from './bundles.ts';
import { ROOT } from './children.ts';
import { emailVerdict, measureEmail, mergeEmail } from './email.ts';
import { type LoadFigures, loadBaseline, loadSystem, measureBackground } from './load.ts';
import { importVerdict, measureImport, mergeImport } from './master-import.ts';
import { mergeSection } from './merge-section.ts';
import { listVerdict, measureOrderList, mergeOrderList } from './order-list.ts';
import { measurePowertools, mergePowertools, powertoolsSummaryRow } from './powertools.ts';
import { renderResults, verdicts } from './report.ts';
import { mergeReports, reportsVerdict } from './report-reports.ts';
import { mergeRush } from './report-rush.ts';
import { renderWriteUnits } from './report-write-units.ts';
import { measureReports } from './reports.ts';
import { measureRush, type RushResults, rushFigures } from './rush.ts';
import { TARGETS } from './targets.ts';
import { measureWorkflows, PRICE_PER_1000_TRANSITIONS } from './workflows.ts';
import { measureWriteUnits } from './write-units.ts';
import { measureSheetParse, mergeSheetParse, sheetParseVerdict } from './xlsx-parse.ts';

const THROUGHPUT = { connections: 32, durationS: 10, warmupS: 2 };
const FIXED = { connections: 25, durationS: 10, warmupS: 2, overallRate: 100 };
const STEADY = { ...FIXED, paced: true };
const BACKGROUND_ORDERS = 150;

const BASELINE_LABEL = 'baseline: parse + safeParse + 1 PutItem';

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const show = (l: LoadFigures) =>
  log(`    ${l.reqPerSec.toFixed(0)} req/s, p99 ${l.p99} ms, ${l.errors} errors, ${l.non2xx} non-2xx`);

const RESULTS = join(ROOT, 'bench', 'results.md');

function onlyPhase(): string | undefined {
  const i = process.argv.indexOf('--only');
  const value = i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  if (value !== undefined && !(value in ONLY_PHASES))
    throw new Error(`--only: unknown phase ${value} (known: ${Object.keys(ONLY_PHASES).join(', ')})`);
  return value;
}

async function runRush(work: string, phase: string): Promise<RushResults> {
  log(`${phase} rush order progress loop: 1 day and 7 days of 2-hour windows`);
  const rush = await measureRush(join(work, 'rush'));
  for (const x of rush.runs)
    log(
      `    ${x.days} d: ${x.windows} windows, ${x.transitions} transitions, ${x.events} events${x.error ? ` (${x.error})` : ''}`,
    );
  return rush;
}

/** One phase measured alone and merged into the results of the last full run. */
interface OnlyPhase<R> {
  title: string;
  measure(work: string): Promise<R>;
  merge(existing: string, r: R, note: string): string;
  /** What is said at the end: the merged section and the verdict. */
  done(r: R): string;
  /** How the note describes the rest of results.md. */
  rest: string;
}

const FROM_FULL_RUN = 'and merged into the report of the full run above';
const OTHER_SECTIONS = `${FROM_FULL_RUN} (its other sections are from that run)`;
const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** A phase with its own result type, kept in one table. */
const phase = <R>(p: OnlyPhase<R>): OnlyPhase<unknown> => p as unknown as OnlyPhase<unknown>;

const ONLY_PHASES: Record<string, OnlyPhase<unknown>> = {
  email: phase({
    title: '(only) email intake: SMTP accept → registered order, 300 messages',
    measure: (work) => measureEmail(join(work, 'email')),
    merge: mergeEmail,
    done: (r) => `(email intake merged): emailIntake ${pass(emailVerdict(r))}`,
    rest: FROM_FULL_RUN,
  }),
  xlsx: phase({
    title: '(only) emailed order sheet: a 1,000-line XLSX through extractOrder',
    measure: () => measureSheetParse(),
    merge: mergeSheetParse,
    done: (r) => `(order sheet merged): orderSheet ${pass(sheetParseVerdict(r))}`,
    rest: FROM_FULL_RUN,
  }),
  reports: phase({
    title: '8/8 (only) reports: 100,000 orders over 90 days, then buildReport',
    measure: (work) => measureReports(join(work, 'reports'), undefined, undefined, log),
    merge: mergeReports,
    done: (r) => `(section 8 merged): dailyReport ${pass(reportsVerdict(r))}`,
    rest: OTHER_SECTIONS,
  }),
  powertools: phase({
    title:
      '(only) Powertools: create-order and receive-email bundled with and without Logger, Metrics, Tracer',
    measure: (work) => measurePowertools(join(work, 'powertools')),
    merge: mergePowertools,
    done: (r) => `(Powertools merged): ${powertoolsSummaryRow(r)}`,
    rest: FROM_FULL_RUN,
  }),
  writeunits: phase({
    title: '(only) DynamoDB write units per order at intake and through approval',
    measure: (work) => measureWriteUnits(join(work, 'write-units')),
    merge: (existing, r, note) => {
      const pass = r.orders[0]!.total <= TARGETS.writeUnitsPerOrder;
      const lines = renderWriteUnits(r, pass);
      return mergeSection(existing, {
        heading: lines[0]!,
        lines: [lines[0]!, '', note, ...lines.slice(1)],
        summaryPrefix: `| ≤ `,
        summaryRow: `| ≤ ${TARGETS.writeUnitsPerOrder} write units per normal order at intake (AWS table: base + AWS_INDEXES) | ${r.orders.map((o) => `${o.lines}-line ${o.total}`).join(', ')} | ${pass ? '**PASS**' : '**FAIL**'} |`,
      });
    },
    done: (r) => `(section 5 merged): writeUnits ${pass(r.orders[0]!.total <= TARGETS.writeUnitsPerOrder)}`,
    rest: FROM_FULL_RUN,
  }),
  import: phase({
    title: '(only) master data: importing 10,000 products',
    measure: (work) => measureImport(join(work, 'import'), undefined, log),
    merge: mergeImport,
    done: (r) => `(product import merged): productImport ${pass(importVerdict(r))}`,
    rest: FROM_FULL_RUN,
  }),
  list: phase({
    title: '(only) order list: 100,000 orders, filtered pages',
    measure: (work) => measureOrderList(join(work, 'list'), undefined, log),
    merge: mergeOrderList,
    done: (r) => `(order list merged): orderList ${pass(listVerdict(r))}`,
    rest: FROM_FULL_RUN,
  }),
  rush: phase({
    title: '7/7 (only) rush orders: the progress loop',
    measure: (work) => runRush(work, '7/7 (only)'),
    merge: mergeRush,
    done: (r) =>
      `(section 7 merged): rushTransitions ${pass(rushFigures(r, PRICE_PER_1000_TRANSITIONS, TARGETS.rushTransitionsPerWindow).pass)}`,
    rest: OTHER_SECTIONS,
  }),
};

async function runOnly(name: string, work: string, started: number): Promise<void> {
  const only = ONLY_PHASES[name]!;
  log(only.title);
  const result = await only.measure(work);
  const cpu = cpus();
  const note =
    `Measured by \`npm run bench -- --only ${name}\` on ${new Date().toISOString()} — Node ${process.version}, ` +
    `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length} cores, in ${((performance.now() - started) / 1000).toFixed(0)} s — ` +
    `${only.rest}.`;
  await writeFile(RESULTS, only.merge(await readFile(RESULTS, 'utf8'), result, note));
  log(`done → bench/results.md ${only.done(result)}`);
}

async function main(): Promise<void> {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const only = onlyPhase();
  const started = performance.now();
  const work = await mkdtemp(join(tmpdir(), 'orderdesk-bench-'));
  try {
    if (only) {
      await runOnly(only, work, started);
      return;
    }
    log('1/7 baseline: node:http + safeParse + one PutItem, 32 connections');
    const before = await loadBaseline(BASELINE_LABEL, join(work, 'baseline-1'), THROUGHPUT);
    show(before);
    log('1/7 intake (a), background on: POST /api/orders on a fresh system, 32 connections');
    const intake = await loadSystem('intake (a), background on', join(work, 'intake-a'), THROUGHPUT, 0);
    show(intake.load);
    log('1/7 intake (b), background held back (startSystem background: false)');
    const intakeAlone = await loadSystem(
      'intake (b), background held back',
      join(work, 'intake-b'),
      THROUGHPUT,
      0,
      false,
    );
    show(intakeAlone.load);
    log('1/7 baseline again (brackets the intake runs)');
    const after = await loadBaseline(`${BASELINE_LABEL} (again)`, join(work, 'baseline-2'), THROUGHPUT);
    show(after);

    log('2/7 intake (a) at a steady 100 orders/s (open loop)');
    const steady = await loadSystem('intake (a), steady 100/s', join(work, 'steady-a'), STEADY, 5);
    show(steady.load);
    log('2/7 intake (b) at a steady 100 orders/s, background held back');
    const steadyAlone = await loadSystem(
      'intake (b), steady 100/s',
      join(work, 'steady-b'),
      STEADY,
      0,
      false,
    );
    show(steadyAlone.load);
    log('2/7 baseline at a steady 100 orders/s');
    const steadyBaseline = await loadBaseline('baseline, steady 100/s', join(work, 'b-steady'), STEADY);
    show(steadyBaseline);
    log('2/7 intake (a) at 100 orders/s, autocannon overallRate');
    const fixed = await loadSystem('intake (a), autocannon overallRate 100', join(work, 'fixed-a'), FIXED, 5);
    show(fixed.load);
    log('2/7 intake (b) at 100 orders/s, autocannon overallRate, background held back');
    const fixedAlone = await loadSystem(
      'intake (b), autocannon overallRate 100',
      join(work, 'fixed-b'),
      FIXED,
      0,
      false,
    );
    show(fixedAlone.load);

    log(`3/7 background consumer: ${BACKGROUND_ORDERS} waiting orders handed to order-received`);
    const background = await measureBackground(join(work, 'background'), BACKGROUND_ORDERS);
    log(
      `    ${background.ordersPerSecond.toFixed(1)} orders/s, ${background.cpuMsPerOrder.toFixed(0)} ms CPU each`,
    );

    log('4/7 bundles: esbuild with infra/bundling.ts, then 5 cold imports each');
    const bundles = await measureBundles(join(work, 'bundles'));
    const zodStyles = await zodImportStyles();
    for (const b of bundles)
      log(`    ${b.name}: ${(b.bytes / 1024).toFixed(0)} KB, load ${b.loadMs.toFixed(0)} ms`);

    log('5/7 write units: 1-, 3- and 8-line orders, and the 1-line order through approval');
    const writeUnits = await measureWriteUnits(join(work, 'write-units'));
    for (const o of writeUnits.orders) log(`    ${o.label}: ${o.itemBytes} bytes, ${o.total} WU`);

    log('6/7 workflow paths: state transitions');
    const workflows = await measureWorkflows(work);
    for (const p of workflows)
      log(
        `    ${p.key}: ${p.approvalTransitions} + ${p.slaTransitions} transitions${p.error ? ` (${p.error})` : ''}`,
      );

    const rush = await runRush(work, '7/7');

    const cpu = cpus();
    const results = {
      env: {
        date: new Date().toISOString(),
        node: process.version,
        cpu: cpu[0]?.model.trim() ?? 'unknown CPU',
        cores: cpu.length,
        platform: `${platform()} ${release()}`,
        benchSeconds: (performance.now() - started) / 1000,
      },
      baselines: [before, after],
      intake,
      intakeAlone,
      steady,
      steadyAlone,
      steadyBaseline,
      fixed,
      fixedAlone,
      background,
      bundles,
      zodStyles,
      writeUnits,
      workflows,
      rush,
    };
    log('8/8 reports: 100,000 orders over 90 days, then buildReport');
    const reports = await measureReports(join(work, 'reports'), undefined, undefined, log);
    log('emailed order sheet: a 1,000-line XLSX through extractOrder');
    const sheet = await measureSheetParse();
    log('email intake: SMTP accept → registered order, 300 messages');
    const email = await measureEmail(join(work, 'email'));
    await writeFile(
      RESULTS,
      mergeEmail(mergeSheetParse(mergeReports(renderResults(results), reports, ''), sheet, ''), email, ''),
    );
    const v = verdicts(results);
    log(
      `done in ${results.env.benchSeconds.toFixed(0)} s → bench/results.md: ` +
        Object.entries(v.checks)
          .map(([k, ok]) => `${k} ${ok ? 'PASS' : 'FAIL'}`)
          .join(', ') +
        `, dailyReport ${reportsVerdict(reports) ? 'PASS' : 'FAIL'}` +
        `, orderSheet ${sheetParseVerdict(sheet) ? 'PASS' : 'FAIL'}` +
        `, emailIntake ${emailVerdict(email) ? 'PASS' : 'FAIL'}`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exitCode = 1;
});
