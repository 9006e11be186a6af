/**
 * What Powertools would cost a function (`npm run bench -- --only powertools`): create-order and
 * request-approval (a workflow task, among the largest bundles) bundled as CDK bundles them
 * (bench/bundles.ts), three ways —
 *  - as deployed: the project's own JSON log lines and EMF metrics (shared/observability/),
 *  - plus Powertools Logger and Metrics wired as their documentation shows (middy middlewares),
 *  - plus Powertools Tracer too (its middleware and a traced SDK client; aws-xray-sdk-core).
 * Bytes and the cold module load of fresh processes, the variants taking turns.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { functionEntry, FUNCTIONS as MANIFEST } from '#functions/manifest.ts';
import { loadOnce, measureBundle, median } from './bundles.ts';
import { ROOT } from './children.ts';
import { mergeSection } from './merge-section.ts';
import { TARGETS } from './targets.ts';

const FUNCTIONS = ['create-order', 'request-approval'] as const;

export type Variant =
  | 'own JSON lines (deployed)'
  | '+ Powertools Logger + Metrics'
  | '+ Logger + Metrics + Tracer';
const BASE: Variant = 'own JSON lines (deployed)';

export interface PowertoolsRow {
  fn: string;
  variant: Variant;
  bytes: number;
  /** Cold module loads in fresh processes, the variants of a function interleaved run by run. */
  loadRuns: number[];
}

/** Loads per bundle: interleaved, so the machine's drift hits every variant alike. */
const LOADS = 11;

/** The handler wrapped as Powertools' documentation wires Logger and Metrics (and Tracer). */
const poweredEntry = (handlerPath: string, tracer: boolean) => `
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { handler as inner } from ${JSON.stringify(handlerPath)};
const logger = new Logger({ serviceName: 'order-desk' });
const metrics = new Metrics({ namespace: 'OrderDesk', serviceName: 'order-desk' });
${
  tracer
    ? `import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const tracer = new Tracer({ serviceName: 'order-desk' });
export const client = tracer.captureAWSv3Client(new DynamoDBClient({}));
export const handler = middy(inner).use(captureLambdaHandler(tracer)).use(injectLambdaContext(logger)).use(logMetrics(metrics));`
    : 'export const handler = middy(inner).use(injectLambdaContext(logger)).use(logMetrics(metrics));'
}
`;

async function buildVariants(
  fn: string,
  outDir: string,
): Promise<{ variant: Variant; bytes: number; file: string }[]> {
  const entry = join(ROOT, functionEntry(MANIFEST.find((f) => f.name === fn)!));
  const built = async (variant: Variant, name: string, from: string) => {
    const figures = await measureBundle(name, from, outDir, {}, 0);
    if (figures.error) throw new Error(`${name}: ${figures.error}`);
    return { variant, bytes: figures.bytes, file: join(outDir, name, 'index.mjs') };
  };
  const variants = [await built(BASE, fn, entry)];
  for (const [variant, tracer] of [
    ['+ Powertools Logger + Metrics', false],
    ['+ Logger + Metrics + Tracer', true],
  ] as const) {
    // Inside the repository, so its imports resolve from node_modules; removed after the build.
    const file = join(ROOT, 'bench', `.powered-${fn}-${tracer ? 'traced' : 'plain'}.ts`);
    await writeFile(file, poweredEntry(entry, tracer));
    try {
      variants.push(await built(variant, `${fn}-${tracer ? 'traced' : 'powered'}`, file));
    } finally {
      await rm(file, { force: true });
    }
  }
  return variants;
}

export async function measurePowertools(outDir: string): Promise<PowertoolsRow[]> {
  const rows: PowertoolsRow[] = [];
  for (const fn of FUNCTIONS) {
    const variants = await buildVariants(fn, outDir);
    const loads = variants.map(() => [] as number[]);
    for (let i = 0; i < LOADS; i++) {
      for (const [v, variant] of variants.entries()) loads[v]!.push((await loadOnce(variant.file)).load);
    }
    for (const [v, variant] of variants.entries()) {
      rows.push({ fn, variant: variant.variant, bytes: variant.bytes, loadRuns: loads[v]! });
    }
  }
  return rows;
}

export const POWERTOOLS_SECTION = '## Powertools: bundle size and cold load';
const SUMMARY_PREFIX = '| Powertools';

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

const loadMs = (r: PowertoolsRow) => median(r.loadRuns);
const fastest = (r: PowertoolsRow) => Math.min(...r.loadRuns);

function delta(rows: PowertoolsRow[], fn: string, variant: Variant) {
  const base = rows.find((r) => r.fn === fn && r.variant === BASE)!;
  const x = rows.find((r) => r.fn === fn && r.variant === variant)!;
  return {
    bytes: x.bytes - base.bytes,
    loadMs: loadMs(x) - loadMs(base),
    fastestMs: fastest(x) - fastest(base),
    x,
  };
}

const signed = (n: number, digits = 0) => `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`;

/** The task bundle: the largest kind, the one the 500 KB target binds. */
const TASK = 'request-approval';

export function powertoolsSummaryRow(rows: PowertoolsRow[]): string {
  const base = rows.find((r) => r.fn === TASK && r.variant === BASE)!;
  const p = delta(rows, TASK, '+ Powertools Logger + Metrics');
  const t = delta(rows, TASK, '+ Logger + Metrics + Tracer');
  return row([
    `Powertools measured (${TASK}): own JSON logs and EMF keep it < ${TARGETS.bundleKb} KB`,
    `${kb(base.bytes)} KB deployed; Logger + Metrics ${signed(p.bytes / 1024, 1)} KB → ${kb(p.x.bytes)} KB, ` +
      `+ Tracer → ${kb(t.x.bytes)} KB`,
    base.bytes < TARGETS.bundleKb * 1024 ? '**PASS**' : '**FAIL**',
  ]);
}

export function renderPowertools(rows: PowertoolsRow[], note: string): string[] {
  return [
    POWERTOOLS_SECTION,
    '',
    note,
    '',
    `Each bundle is built as CDK builds it; then ${LOADS} cold module loads per bundle in fresh processes, the ` +
      "three variants of a function taking turns, so the machine's drift hits them alike. Δ is against the " +
      'deployed bundle (logs and metrics written by shared/observability/, no Powertools).',
    '',
    row([
      'function',
      'logs and metrics',
      'minified KB',
      'Δ KB',
      'load ms median',
      'Δ median',
      'load ms fastest',
      'Δ fastest',
    ]),
    row(['---', '---', '--:', '--:', '--:', '--:', '--:', '--:']),
    ...rows.map((r) => {
      const d = delta(rows, r.fn, r.variant);
      const base = r.variant === BASE;
      return row([
        r.fn,
        r.variant,
        kb(r.bytes),
        base ? '' : signed(d.bytes / 1024, 1),
        loadMs(r).toFixed(0),
        base ? '' : signed(d.loadMs),
        fastest(r).toFixed(0),
        base ? '' : signed(d.fastestMs),
      ]);
    }),
    '',
    ...decision(rows),
  ];
}

/** What the figures decide (docs/decisions.md 15 explains it in words). */
function decision(rows: PowertoolsRow[]): string[] {
  const base = rows.find((r) => r.fn === TASK && r.variant === BASE)!;
  const p = delta(rows, TASK, '+ Powertools Logger + Metrics');
  const t = delta(rows, TASK, '+ Logger + Metrics + Tracer');
  const over = (bytes: number) => (bytes >= TARGETS.bundleKb * 1024 ? 'over' : 'under');
  return [
    `${TASK} (a workflow task; the tasks are the largest bundles after email intake) is ${kb(base.bytes)} KB as ` +
      `deployed. Powertools Logger + Metrics would add ${kb(p.bytes)} KB (${kb(p.x.bytes)} KB, ${over(p.x.bytes)} ` +
      `the ${TARGETS.bundleKb} KB target), Tracer with aws-xray-sdk-core ${kb(t.bytes - p.bytes)} KB more ` +
      `(${kb(t.x.bytes)} KB). So the functions write the same JSON log fields and EMF lines themselves ` +
      '(shared/observability/, a few KB) and keep X-Ray active tracing (the invocation segment) without ' +
      `the Tracer library. Cold module load: ${signed(p.loadMs)} ms with Logger + Metrics, ${signed(t.loadMs)} ms ` +
      `with Tracer (median; fastest ${signed(p.fastestMs)} and ${signed(t.fastestMs)} ms) — noisy on this shared ` +
      'machine, pointing the same way.',
    '',
  ];
}

export const mergePowertools = (existing: string, rows: PowertoolsRow[], note: string): string =>
  mergeSection(existing, {
    heading: POWERTOOLS_SECTION,
    lines: renderPowertools(rows, note),
    summaryPrefix: SUMMARY_PREFIX,
    summaryRow: powertoolsSummaryRow(rows),
  });
