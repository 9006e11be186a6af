/**
 * `npm run bench`: the benchmarks of ARCHITECTURE.md's targets, run one after the other (the
 * machine has 2 cores; nothing else of ours runs meanwhile) and written to bench/results.md.
 *  1. intake throughput against a one-write baseline (32 connections, closed loop)
 *  2. intake at a fixed 100 orders/s: autocannon's overallRate and a steady open-loop pace
 *  3. each deployed function's bundle size and cold module load
 *  4. DynamoDB write units per order at intake
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureBundles, zodImportStyles } from './bundles.ts';
import { ROOT } from './children.ts';
import { loadBaseline, loadSystem } from './load.ts';
import { renderResults, verdicts } from './report.ts';
import { measureWriteUnits } from './write-units.ts';

const THROUGHPUT = { connections: 32, durationS: 10, warmupS: 3 };
const FIXED = { connections: 25, durationS: 10, warmupS: 2, overallRate: 100 };
const STEADY = { ...FIXED, paced: true };

const BASELINE_LABEL = 'baseline: parse + safeParse + 1 PutItem';

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<void> {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const started = performance.now();
  const work = await mkdtemp(join(tmpdir(), 'orderdesk-bench-'));
  try {
    log('1/4 baseline: node:http + safeParse + one PutItem, 32 connections');
    const before = await loadBaseline(BASELINE_LABEL, join(work, 'baseline-1'), THROUGHPUT);
    log(`    ${before.reqPerSec.toFixed(0)} req/s, p99 ${before.p99} ms`);

    log('1/4 intake: POST /api/orders on a fresh system, 32 connections');
    const intake = await loadSystem('intake: POST /api/orders', join(work, 'intake'), THROUGHPUT, 0);
    log(`    ${intake.load.reqPerSec.toFixed(0)} req/s, p99 ${intake.load.p99} ms`);

    log('1/4 baseline again (brackets the intake run)');
    const after = await loadBaseline(`${BASELINE_LABEL} (again)`, join(work, 'baseline-2'), THROUGHPUT);
    log(`    ${after.reqPerSec.toFixed(0)} req/s, p99 ${after.p99} ms`);

    const show = (l: { reqPerSec: number; p99: number; non2xx: number; errors: number }) =>
      log(`    ${l.reqPerSec.toFixed(0)} req/s, p99 ${l.p99} ms, ${l.errors} errors, ${l.non2xx} non-2xx`);
    log('2/4 intake at 100 orders/s (autocannon overallRate) on a fresh system');
    const fixed = await loadSystem('intake, autocannon overallRate 100', join(work, 'fixed'), FIXED, 5);
    show(fixed.load);
    log('2/4 baseline at 100 orders/s (autocannon overallRate)');
    const fixedBaseline = await loadBaseline('baseline, autocannon overallRate 100', join(work, 'b3'), FIXED);
    show(fixedBaseline);
    log('2/4 intake at a steady 100 orders/s (open loop) on a fresh system');
    const steady = await loadSystem('intake, steady 100/s (open loop)', join(work, 'steady'), STEADY, 5);
    show(steady.load);
    log('2/4 baseline at a steady 100 orders/s (open loop)');
    const steadyBaseline = await loadBaseline('baseline, steady 100/s (open loop)', join(work, 'b4'), STEADY);
    show(steadyBaseline);

    log('3/4 bundles: esbuild as CDK, then 5 cold imports each');
    const bundles = await measureBundles(join(work, 'bundles'));
    const zodStyles = await zodImportStyles();
    for (const b of bundles)
      log(`    ${b.name}: ${(b.bytes / 1024).toFixed(0)} KB, load ${b.loadMs.toFixed(0)} ms`);

    log('4/4 write units of a 1-line and an 8-line order');
    const writeUnits = await measureWriteUnits(join(work, 'write-units'));
    for (const o of writeUnits) log(`    ${o.label}: ${o.itemBytes} bytes, ${o.total} WCU`);

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
      fixed,
      fixedBaseline,
      steady,
      steadyBaseline,
      bundles,
      zodStyles,
      writeUnits,
    };
    await writeFile(join(ROOT, 'bench', 'results.md'), renderResults(results));
    const v = verdicts(results);
    log(
      `done in ${results.env.benchSeconds.toFixed(0)} s → bench/results.md: ` +
        Object.entries(v)
          .filter(([k]) => k !== 'share')
          .map(([k, ok]) => `${k} ${ok ? 'PASS' : 'FAIL'}`)
          .join(', '),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exitCode = 1;
});
