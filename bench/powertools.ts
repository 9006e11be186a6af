/**
 * What Powertools costs a function (`npm run bench -- --only powertools`): create-order and
 * receive-email (the largest) bundled as CDK bundles them (bench/bundles.ts), three ways —
 *  - with hand-written JSON lines in place of Powertools Logger and Metrics (bench/powertools-stub.ts),
 *  - as deployed: Powertools Logger and Metrics (shared/observability/),
 *  - as deployed plus Powertools Tracer (its middy middleware and a traced SDK client), which
 *    bundles aws-xray-sdk-core.
 * Bytes and the median cold module load of 5 fresh processes each.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { functionEntry, FUNCTIONS as MANIFEST } from '#functions/manifest.ts';
import { loadOnce, measureBundle, median } from './bundles.ts';
import { ROOT } from './children.ts';
import { mergeSection } from './merge-section.ts';
import { TARGETS } from './targets.ts';

const FUNCTIONS = ['create-order', 'receive-email'] as const;
const STUB = join(ROOT, 'bench', 'powertools-stub.ts');

export type Variant = 'hand-written JSON lines' | 'Logger + Metrics (deployed)' | 'Logger + Metrics + Tracer';

export interface PowertoolsRow {
  fn: string;
  variant: Variant;
  bytes: number;
  /** Cold module loads in fresh processes, the variants of a function interleaved run by run. */
  loadRuns: number[];
}

/** Loads per bundle: interleaved, so the machine's drift hits every variant alike. */
const LOADS = 11;

/** An entry that adds Tracer the way its documentation wires it: middleware plus a traced client. */
const tracedEntry = (handlerPath: string) => `
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handler as inner } from ${JSON.stringify(handlerPath)};
const tracer = new Tracer({ serviceName: 'order-desk' });
export const client = tracer.captureAWSv3Client(new DynamoDBClient({}));
export const handler = middy(inner).use(captureLambdaHandler(tracer));
`;

async function buildVariants(
  fn: string,
  outDir: string,
): Promise<{ variant: Variant; bytes: number; file: string }[]> {
  const entry = join(ROOT, functionEntry(MANIFEST.find((f) => f.name === fn)!));
  const stubbed = { '@aws-lambda-powertools/logger': STUB, '@aws-lambda-powertools/metrics': STUB };
  const built = async (variant: Variant, name: string, from: string, alias: Record<string, string> = {}) => {
    const figures = await measureBundle(name, from, outDir, alias, 0);
    if (figures.error) throw new Error(`${name}: ${figures.error}`);
    return { variant, bytes: figures.bytes, file: join(outDir, name, 'index.mjs') };
  };
  const variants = [
    await built('hand-written JSON lines', `${fn}-stub`, entry, stubbed),
    await built('Logger + Metrics (deployed)', fn, entry),
  ];
  // Inside the repository, so its imports resolve from node_modules; removed after the build.
  const traced = join(ROOT, 'bench', `.traced-${fn}.ts`);
  await writeFile(traced, tracedEntry(entry));
  try {
    variants.push(await built('Logger + Metrics + Tracer', `${fn}-traced`, traced));
  } finally {
    await rm(traced, { force: true });
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
const SUMMARY_PREFIX = '| Powertools Logger + Metrics';

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

const loadMs = (r: PowertoolsRow) => median(r.loadRuns);
const fastest = (r: PowertoolsRow) => Math.min(...r.loadRuns);

function delta(rows: PowertoolsRow[], fn: string, variant: Variant) {
  const base = rows.find((r) => r.fn === fn && r.variant === 'hand-written JSON lines')!;
  const x = rows.find((r) => r.fn === fn && r.variant === variant)!;
  return {
    bytes: x.bytes - base.bytes,
    loadMs: loadMs(x) - loadMs(base),
    fastestMs: fastest(x) - fastest(base),
    x,
  };
}

const signed = (n: number, digits = 0) => `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`;

export function powertoolsSummaryRow(rows: PowertoolsRow[]): string {
  const d = delta(rows, 'create-order', 'Logger + Metrics (deployed)');
  const t = delta(rows, 'create-order', 'Logger + Metrics + Tracer');
  return row([
    `Powertools Logger + Metrics keep create-order < ${TARGETS.bundleKb} KB (Tracer measured, not deployed)`,
    `${signed(d.bytes / 1024, 1)} KB → ${kb(d.x.bytes)} KB, load ${signed(d.loadMs)} ms (median); ` +
      `Tracer would add ${kb(t.bytes - d.bytes)} KB → ${kb(t.x.bytes)} KB`,
    d.x.bytes < TARGETS.bundleKb * 1024 ? '**PASS**' : '**FAIL**',
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
      'hand-written JSON lines (bench/powertools-stub.ts) in place of Powertools.',
    '',
    row([
      'function',
      'logging and metrics',
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
      const base = r.variant === 'hand-written JSON lines';
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

/** What the figures decide (docs/decisions.md explains it in words). */
function decision(rows: PowertoolsRow[]): string[] {
  const d = delta(rows, 'create-order', 'Logger + Metrics (deployed)');
  const t = delta(rows, 'create-order', 'Logger + Metrics + Tracer');
  const over = t.x.bytes >= TARGETS.bundleKb * 1024;
  return [
    `Logger + Metrics cost create-order ${signed(d.bytes / 1024, 1)} KB: deployed. Tracer (with aws-xray-sdk-core) ` +
      `would add ${kb(t.bytes - d.bytes)} KB more — create-order ${kb(t.x.bytes)} KB, ` +
      `${over ? `over the ${TARGETS.bundleKb} KB target` : `under the ${TARGETS.bundleKb} KB target`}: not deployed. ` +
      `Cold-load differences (${signed(d.loadMs)} ms and ${signed(t.loadMs)} ms median) are within this shared ` +
      "machine's run-to-run noise; size decides. The functions keep X-Ray active tracing (the invocation " +
      'segment, set in infra/order-desk-function.ts) without the Tracer library.',
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
