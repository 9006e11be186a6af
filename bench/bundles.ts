/**
 * Every deployed function's bundle, built as CDK's NodejsFunction builds it (infra/
 * order-desk-function.ts) with the settings of infra/bundling.ts, which CDK uses too: esbuild,
 * bundle + minify, platform node, target node22, ESM, `MAIN_FIELDS`, `ESM_REQUIRE_BANNER`,
 * `BUNDLE_ALIASES` (the env-only credential provider), nothing external (the SDK is bundled),
 * external source map. Then the cold module load: a fresh `node` process imports the bundle,
 * 5 times, medians reported.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { FUNCTIONS, functionEntry } from '#functions/manifest.ts';
import { BUNDLE_ALIASES, ESM_REQUIRE_BANNER, MAIN_FIELDS } from '#infra/bundling.ts';
import { ROOT } from './children.ts';

const RUNS = 5;

export interface BundleFigures {
  name: string;
  bytes: number;
  /** Median ms of `await import(bundle)` in a fresh process. */
  loadMs: number;
  /** Median ms from process start (performance.timeOrigin) to the bundle loaded. */
  startToLoadedMs: number;
  /** Median wall time of the whole `node` process, spawn to exit. */
  processMs: number;
  loadRuns: number[];
  /** Largest inputs by bytes in the output (listed for bundles over the size target). */
  topInputs: { path: string; bytes: number }[];
  /** The same bytes grouped by npm package (project files by top folder). */
  topPackages: { path: string; bytes: number }[];
  /** The AWS SDK clients in the bundle and their bytes. */
  sdkClients: { path: string; bytes: number }[];
  /** Project files that import each SDK client and zod directly: who pulls them in. */
  importers: Record<string, string[]>;
  /** Bytes of zod's locales in the output (the `z` namespace keeps them all reachable). */
  zodLocalesBytes: number;
  /**
   * Which credential provider the bundle holds: the env-only one BUNDLE_ALIASES substitutes,
   * the SDK's whole default chain (the alias did not apply), or none (no AWS client).
   */
  credentialProvider: 'env-only' | 'default chain' | 'none';
  /** Set when the bundle could not be built or loaded; the other figures are then NaN/empty. */
  error?: string;
}

type Metafile = import('esbuild').Metafile;

const packageOf = (path: string) => path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];

/** node_modules/zod/v4/locales/fr.js → zod; project files → their top folder (`shared/`). */
const groupOf = (path: string): string => packageOf(path) ?? `${path.split('/')[0]}/`;

function analyse(metafile: Metafile, output: string) {
  const inputs = Object.entries(metafile.outputs[output]?.inputs ?? {}).map(([path, i]) => ({
    path,
    bytes: i.bytesInOutput,
  }));
  const top = <T extends { bytes: number }>(xs: T[]) => xs.sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  const groups = new Map<string, number>();
  for (const i of inputs) groups.set(groupOf(i.path), (groups.get(groupOf(i.path)) ?? 0) + i.bytes);
  const packages = [...groups].map(([path, bytes]) => ({ path, bytes }));
  const sdkClients = packages.filter((p) => p.path.startsWith('@aws-sdk/client-'));
  const importers: Record<string, string[]> = {};
  for (const pkg of [...sdkClients.map((p) => p.path), 'zod']) {
    importers[pkg] = Object.entries(metafile.inputs)
      .filter(([path, i]) => !packageOf(path) && i.imports.some((imp) => packageOf(imp.path) === pkg))
      .map(([path]) => path);
  }
  const has = (part: string) => inputs.some((i) => i.path.includes(part));
  return {
    credentialProvider: has('credential-provider-node')
      ? ('default chain' as const)
      : has('shared/adapters/lambda-credentials.ts')
        ? ('env-only' as const)
        : ('none' as const),
    zodLocalesBytes: inputs
      .filter((i) => i.path.includes('zod/v4/locales/'))
      .reduce((n, i) => n + i.bytes, 0),
    topInputs: top(inputs),
    topPackages: top([...packages]),
    sdkClients: sdkClients.sort((a, b) => b.bytes - a.bytes),
    importers,
  };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/** Module loading reads no configuration, but give it what Lambda would have anyway. */
const LAMBDA_ENV = {
  AWS_REGION: 'cn-north-1',
  TABLE_NAME: 'orderdesk',
  PUBLIC_BASE_URL: 'https://orders.example',
  MAIL_FROM: 'orders@orders.example',
  TRACKING_SECRET_ARN: 'arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:tracking',
  JWT_ISSUER: 'https://issuer.example',
};

export function loadOnce(bundle: string): Promise<{ load: number; loaded: number; wall: number }> {
  const code = [
    'const t0 = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
    'const t1 = performance.now();',
    'process.stdout.write(JSON.stringify({ load: t1 - t0, loaded: t1 }));',
  ].join('\n');
  const env: NodeJS.ProcessEnv = { ...process.env, ...LAMBDA_ENV };
  delete env['NODE_OPTIONS'];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { env, stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - started;
      if (code !== 0) return reject(new Error(`import of ${bundle} failed (${code}): ${err.slice(0, 500)}`));
      resolve({ ...(JSON.parse(out) as { load: number; loaded: number }), wall });
    });
  });
}

export async function measureBundles(outDir: string): Promise<BundleFigures[]> {
  const figures: BundleFigures[] = [];
  for (const spec of FUNCTIONS.filter((f) => !f.localOnly)) {
    try {
      figures.push(await measureBundle(spec.name, join(ROOT, functionEntry(spec)), outDir));
    } catch (error) {
      figures.push({
        name: spec.name,
        bytes: Number.NaN,
        loadMs: Number.NaN,
        startToLoadedMs: Number.NaN,
        processMs: Number.NaN,
        loadRuns: [],
        topInputs: [],
        topPackages: [],
        sdkClients: [],
        importers: {},
        zodLocalesBytes: 0,
        credentialProvider: 'none',
        error: (
          (error as Error).message.split('\n').find((l) => l.startsWith('error:')) ?? (error as Error).message
        ).slice(0, 200),
      });
    }
  }
  return figures;
}

/** One entry bundled as CDK bundles it; `alias` adds module substitutions (the Powertools variants). */
export async function measureBundle(
  name: string,
  entry: string,
  outDir: string,
  alias: Record<string, string> = {},
  loads = RUNS,
): Promise<BundleFigures> {
  const outfile = join(outDir, name, 'index.mjs');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    alias: { ...BUNDLE_ALIASES, ...alias },
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
  });
  const runs = [];
  for (let i = 0; i < loads; i++) runs.push(await loadOnce(outfile));
  return {
    name,
    bytes: (await stat(outfile)).size,
    loadMs: median(runs.map((r) => r.load)),
    startToLoadedMs: median(runs.map((r) => r.loaded)),
    processMs: median(runs.map((r) => r.wall)),
    loadRuns: runs.map((r) => r.load),
    ...analyse(result.metafile, relative(ROOT, outfile)),
  };
}

/**
 * Why zod can dominate a bundle: the same small schema bundled with each import style.
 * `import { z } from 'zod'` keeps the whole `z` namespace (every locale included) reachable.
 */
export async function zodImportStyles(): Promise<{ style: string; bytes: number }[]> {
  const styles = {
    "import { z } from 'zod'":
      "import { z } from 'zod'; export const s = z.object({ a: z.string().min(1) });",
    "import * as z from 'zod'":
      "import * as z from 'zod'; export const s = z.object({ a: z.string().min(1) });",
    "import { object, string } from 'zod'":
      "import { object, string } from 'zod'; export const s = object({ a: string().min(1) });",
    "import * as z from 'zod/mini'":
      "import * as z from 'zod/mini'; export const s = z.object({ a: z.string().check(z.minLength(1)) });",
  };
  const sizes = [];
  for (const [style, contents] of Object.entries(styles)) {
    const out = await build({
      stdin: { contents, resolveDir: ROOT, loader: 'ts' },
      write: false,
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      mainFields: MAIN_FIELDS,
      logLevel: 'silent',
    });
    sizes.push({ style, bytes: out.outputFiles[0]!.contents.length });
  }
  return sizes;
}
