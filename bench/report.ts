/** bench/results.md: the figures of one run, each target with PASS/FAIL. */
import type { BundleFigures } from './bundles.ts';
import type { BackgroundThroughput, IntakeRun, LoadFigures } from './load.ts';
import { renderBundles } from './report-bundles.ts';
import { backgroundSection, backlog, closedLoop, cpuSplit } from './report-notes.ts';
import { renderRush, rushSummaryRow, rushVerdict } from './report-rush.ts';
import { renderWorkflows } from './report-workflows.ts';
import { renderWriteUnits } from './report-write-units.ts';
import type { RushResults } from './rush.ts';
import { TARGETS } from './targets.ts';
import type { PathResult } from './workflows.ts';
import type { WriteUnitResults } from './write-units.ts';

export interface Environment {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  platform: string;
  benchSeconds: number;
}

export interface Results {
  env: Environment;
  /** The baseline before and after the intake runs; the reference is their mean. */
  baselines: LoadFigures[];
  /** (a) the system as it runs by default: the background consumer on. */
  intake: IntakeRun;
  /** (b) the background consumer held back (`startSystem({ background: false })`). */
  intakeAlone: IntakeRun;
  /** 100/s offered at a steady pace (paced.ts, open loop), (a) and (b). */
  steady: IntakeRun;
  steadyAlone: IntakeRun;
  /** The baseline server at the same steady rate: what one write per order costs at 100/s. */
  steadyBaseline: LoadFigures;
  /** 100/s offered with autocannon's overallRate (per-second bursts), (a) and (b). */
  fixed: IntakeRun;
  fixedAlone: IntakeRun;
  background: BackgroundThroughput;
  bundles: BundleFigures[];
  zodStyles: { style: string; bytes: number }[];
  writeUnits: WriteUnitResults;
  workflows: PathResult[];
  rush: RushResults;
}

const verdict = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**');
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const f0 = (n: number) => n.toFixed(0);
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

export const baselineReqPerSec = (r: Results): number =>
  r.baselines.reduce((n, b) => n + b.reqPerSec, 0) / r.baselines.length;

const fixedRateOk = (l: LoadFigures) =>
  l.p99 < TARGETS.fixedP99Ms && l.errors === 0 && l.timeouts === 0 && l.non2xx === 0;

export function verdicts(r: Results) {
  const share = r.intake.load.reqPerSec / baselineReqPerSec(r);
  const shareAlone = r.intakeAlone.load.reqPerSec / baselineReqPerSec(r);
  const intakeOk = (s: number, l: LoadFigures) =>
    s >= TARGETS.intakeShareOfBaseline && l.p99 < TARGETS.intakeP99Ms;
  const normal = r.writeUnits.orders[0]!;
  const tier1 = r.workflows.find((p) => p.key === 'tier1');
  return {
    share,
    shareAlone,
    checks: {
      intakeA: intakeOk(share, r.intake.load),
      intakeB: intakeOk(shareAlone, r.intakeAlone.load),
      steadyA: fixedRateOk(r.steady.load),
      steadyB: fixedRateOk(r.steadyAlone.load),
      autocannonA: fixedRateOk(r.fixed.load),
      autocannonB: fixedRateOk(r.fixedAlone.load),
      bundleSize: r.bundles.every((b) => b.bytes < TARGETS.bundleKb * 1024),
      moduleLoad: r.bundles.every((b) => b.loadMs < TARGETS.moduleLoadMs),
      writeUnits: normal.total <= TARGETS.writeUnitsPerOrder,
      tier1Transitions: !!tier1 && tier1.approvalTransitions <= TARGETS.tier1Transitions,
      rushTransitions: rushVerdict(r.rush),
    },
  };
}

const loadHeader = [
  row([
    'server',
    'req/s',
    'p50 ms',
    'p90 ms',
    'p99 ms',
    'max ms',
    'responses',
    'errors',
    'non-2xx',
    'server CPU ms/req',
    'event loop busy',
    'load avg',
    'CPU pressure',
  ]),
  row(['---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:']),
];
const loadRow = (l: LoadFigures) =>
  row([
    l.label,
    f0(l.reqPerSec),
    l.p50,
    l.p90,
    l.p99,
    l.max,
    l.requests,
    l.errors + (l.timeouts ? ` (${l.timeouts} timeouts)` : ''),
    l.non2xx ? `${l.non2xx} ${JSON.stringify(l.statusCodes)}` : 0,
    l.serverCpuMsPerRequest.toFixed(2),
    `${f0(l.serverEventLoopBusy * 100)}%`,
    l.loadAvgAtStart.toFixed(1),
    l.cpuPressure === undefined ? 'n/a' : `${f0(l.cpuPressure * 100)}%`,
  ]);

function summary(r: Results): string[] {
  const v = verdicts(r);
  const c = v.checks;
  const built = r.bundles.filter((b) => !b.error);
  const failed = r.bundles.filter((b) => b.error).map((b) => b.name);
  const worstBundle = built.reduce((a, b) => (b.bytes > a.bytes ? b : a), built[0]!);
  const slowestLoad = built.reduce((a, b) => (b.loadMs > a.loadMs ? b : a), built[0]!);
  const failedNote = failed.length ? `; ${failed.join(', ')} failed to build/load` : '';
  const normal = r.writeUnits.orders[0]!;
  const tier1 = r.workflows.find((p) => p.key === 'tier1');
  const intakeTarget = `intake ≥ ${TARGETS.intakeShareOfBaseline * 100}% of baseline req/s, p99 < ${TARGETS.intakeP99Ms} ms (32 connections)`;
  const rateTarget = (how: string) =>
    `${TARGETS.fixedRate} orders/s (${how}): p99 < ${TARGETS.fixedP99Ms} ms, no errors/non-2xx`;
  const rate = (l: LoadFigures) => `p99 ${l.p99} ms, ${l.errors} errors, ${l.non2xx} non-2xx`;
  return [
    row(['target', 'measured', 'result']),
    row(['---', '---', '---']),
    row([
      `${intakeTarget} — (a) background on`,
      `${f0(r.intake.load.reqPerSec)} vs ${f0(baselineReqPerSec(r))} req/s = ${f0(v.share * 100)}%, p99 ${r.intake.load.p99} ms`,
      verdict(c.intakeA),
    ]),
    row([
      `${intakeTarget} — (b) background held back`,
      `${f0(r.intakeAlone.load.reqPerSec)} vs ${f0(baselineReqPerSec(r))} req/s = ${f0(v.shareAlone * 100)}%, p99 ${r.intakeAlone.load.p99} ms`,
      verdict(c.intakeB),
    ]),
    row([
      `${rateTarget('steady, open loop: the main figure')} — (a) background on`,
      rate(r.steady.load),
      verdict(c.steadyA),
    ]),
    row([
      `${rateTarget('steady, open loop: the main figure')} — (b) background held back`,
      rate(r.steadyAlone.load),
      verdict(c.steadyB),
    ]),
    row([
      `${rateTarget('autocannon `overallRate`, per-second bursts')} — (a) background on`,
      rate(r.fixed.load),
      verdict(c.autocannonA),
    ]),
    row([
      `${rateTarget('autocannon `overallRate`, per-second bursts')} — (b) background held back`,
      rate(r.fixedAlone.load),
      verdict(c.autocannonB),
    ]),
    row([
      `every bundle < ${TARGETS.bundleKb} KB (infra/bundling.ts, alias included)`,
      `largest ${worstBundle.name} ${kb(worstBundle.bytes)} KB${failedNote}`,
      verdict(c.bundleSize),
    ]),
    row([
      `module load < ${TARGETS.moduleLoadMs} ms`,
      `slowest ${slowestLoad.name} ${f0(slowestLoad.loadMs)} ms${failedNote}`,
      verdict(c.moduleLoad),
    ]),
    row([
      `≤ ${TARGETS.writeUnitsPerOrder} write units per normal order at intake (AWS table: base + AWS_INDEXES)`,
      `${normal.total} (table ${normal.baseWcu} + work-queue ${normal.total - normal.baseWcu}); 3-line ${r.writeUnits.orders[1]?.total}, 8-line ${r.writeUnits.orders[2]?.total}`,
      verdict(c.writeUnits),
    ]),
    row([
      `tier-1 path ≤ ${TARGETS.tier1Transitions} state transitions (approval machine)`,
      tier1
        ? tier1.error
          ? `failed: ${tier1.error}`
          : `${tier1.approvalTransitions} (+ ${tier1.slaTransitions} SLA machine = ${tier1.total}, $${(tier1.total * 0.025).toFixed(3)} per 1,000 orders)`
        : 'not run',
      verdict(c.tier1Transitions),
    ]),
    rushSummaryRow(r.rush),
    row([
      'background consumer (no target): orders handed to order-received per second, one process',
      `${r.background.ordersPerSecond.toFixed(1)}/s, ${f0(r.background.cpuMsPerOrder)} ms CPU per order`,
      '—',
    ]),
  ];
}

export function renderResults(r: Results): string {
  const v = verdicts(r);
  const out: string[] = [
    '# Benchmark results',
    '',
    `Generated by \`npm run bench\` on ${r.env.date} — Node ${r.env.node}, ${r.env.cpu} × ${r.env.cores} ` +
      `cores, ${r.env.platform}; the whole bench took ${f0(r.env.benchSeconds)} s. Figures drift from run to ` +
      'run on this machine: compare within one run. What each figure means: bench/README.md.',
    '',
    '## Summary',
    '',
    ...summary(r),
    '',
    '(a) = the local system as it runs by default: intake shares its one event loop with the background ' +
      'consumer (stream poller → `order-received` → the two workflows on the in-process runner). ' +
      '(b) = the same system started with `startSystem({ background: false })`: intake alone, as on AWS, ' +
      'where that work runs in other Lambdas and Step Functions.',
    '',
    '## 1. Intake throughput (closed loop, 32 connections)',
    '',
    `${r.intake.load.durationS} s measured after a warm-up; each phase on its own fresh data dir, dynalite on disk, ` +
      'rate limit off. Order of runs: baseline, intake (a), intake (b), baseline again (the reference is the mean ' +
      'of the two baselines, which brackets the intake runs against drift). "load avg" is the machine\'s ' +
      '1-minute load average when the measured run started; "CPU pressure" the share of the run during which ' +
      'some task waited for a CPU (Linux PSI): both show other work on the machine. "server CPU ms/req" is the ' +
      'server process\'s CPU time per answered request; "event loop busy" the share of the run its event loop ' +
      'was busy (100% = saturated).',
    '',
    ...loadHeader,
    loadRow(r.baselines[0]!),
    loadRow(r.intake.load),
    loadRow(r.intakeAlone.load),
    ...r.baselines.slice(1).map(loadRow),
    '',
    `Intake (a) reaches **${f0(v.share * 100)}%** of the baseline's ${f0(baselineReqPerSec(r))} req/s with p99 ` +
      `${r.intake.load.p99} ms: ${verdict(v.checks.intakeA)}. Intake (b) reaches **${f0(v.shareAlone * 100)}%** ` +
      `with p99 ${r.intakeAlone.load.p99} ms: ${verdict(v.checks.intakeB)} (targets ≥ ` +
      `${TARGETS.intakeShareOfBaseline * 100}%, p99 < ${TARGETS.intakeP99Ms} ms).`,
    '',
    closedLoop(r),
    '',
    backlog(r.intake),
    '',
    backlog(r.intakeAlone),
    '',
    `## 2. Fixed rate: ${TARGETS.fixedRate} orders/s offered`,
    '',
    ...loadHeader,
    loadRow(r.steady.load),
    loadRow(r.steadyAlone.load),
    loadRow(r.steadyBaseline),
    loadRow(r.fixed.load),
    loadRow(r.fixedAlone.load),
    '',
    `Each intake row ran on its own fresh system, ~${r.steady.load.durationS.toFixed(0)} s after a warm-up; the ` +
      'baseline row is the one-write server at the same steady rate, for scale. Target p99 < ' +
      `${TARGETS.fixedP99Ms} ms and zero errors/non-2xx: steady (a) ${verdict(v.checks.steadyA)}, steady (b) ` +
      `${verdict(v.checks.steadyB)}; autocannon (a) ${verdict(v.checks.autocannonA)}, autocannon (b) ` +
      `${verdict(v.checks.autocannonB)}.`,
    '',
    '- **steady** (bench/paced.ts) is the main figure: one order every 10 ms whatever the server does, ' +
      'latency from the scheduled send time to the end of the answer (no coordinated omission) — what ' +
      '"100 orders/s" of real traffic looks like.',
    `- **autocannon \`overallRate: ${TARGETS.fixedRate}\`** (${r.fixed.load.connections} connections) rate-limits ` +
      'per second: each connection sends its share for the second back to back, then waits for the next 1 s ' +
      'tick, so the server gets a burst of ~100 orders at the start of every second and the tail is that burst ' +
      'queueing (latencies corrected for coordinated omission, its default). Same server, same orders, same ' +
      `average rate: (b) steady p99 ${r.steadyAlone.load.p99} ms vs (b) autocannon p99 ${r.fixedAlone.load.p99} ms — ` +
      'the difference is the arrival pattern, not the system.',
    ...(r.steadyBaseline.p99 >= TARGETS.fixedP99Ms
      ? [
          `- The one-write baseline misses the p99 target at a steady rate too (${r.steadyBaseline.p99} ms): in ` +
            'this run the machine itself (shared CPUs, see CPU pressure) puts it out of reach.',
        ]
      : []),
    '',
    cpuSplit(r),
    '',
    backlog(r.steady),
    '',
    backlog(r.fixed),
    '',
    ...backgroundSection(r.background),
    ...renderBundles(r.bundles, r.zodStyles),
    ...renderWriteUnits(r.writeUnits, v.checks.writeUnits),
    ...renderWorkflows(r.workflows, v.checks.tier1Transitions),
    ...renderRush(r.rush),
  ];
  return `${out.join('\n')}\n`;
}
