/** Section 4 of bench/results.md: bundle sizes, cold module load, and what fills the largest. */
import type { BundleFigures } from './bundles.ts';
import { TARGETS } from './targets.ts';

const verdict = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**');
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const f0 = (n: number) => n.toFixed(0);
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const sizes = (xs: { path: string; bytes: number }[]) =>
  xs.map((x) => `\`${x.path.replace(/^node_modules\//, '')}\` ${kb(x.bytes)}`).join(', ');

export function renderBundles(
  bundles: BundleFigures[],
  zodStyles: { style: string; bytes: number }[],
): string[] {
  const chains = bundles.filter((b) => b.credentialProvider === 'default chain').map((b) => b.name);
  return [
    '## 4. Function bundles (as CDK builds them) and cold module load',
    '',
    'Built with the settings CDK uses, imported from `infra/bundling.ts`: `MAIN_FIELDS`, `ESM_REQUIRE_BANNER` and ' +
      '`BUNDLE_ALIASES` (`@aws-sdk/credential-provider-node` → the env-only provider ' +
      '`shared/adapters/lambda-credentials.ts`), so measured = deployed. "credentials" shows what the bundle ' +
      'holds: `env-only` = the alias applied; `default chain` would mean it did not.' +
      (chains.length ? ` **The alias did not apply to: ${chains.join(', ')}.**` : ''),
    '',
    row([
      'function',
      'minified KB',
      'module load ms (median of 5)',
      'process start → loaded ms',
      'process wall ms',
      'credentials',
      'size',
      'load',
    ]),
    row(['---', '--:', '--:', '--:', '--:', '---', '---', '---']),
    ...bundles.map((b) =>
      b.error
        ? row([
            b.name,
            `failed: ${b.error.replaceAll('|', '\\|')}`,
            '',
            '',
            '',
            '',
            verdict(false),
            verdict(false),
          ])
        : row([
            b.name,
            kb(b.bytes),
            f0(b.loadMs),
            f0(b.startToLoadedMs),
            f0(b.processMs),
            b.credentialProvider,
            verdict(b.bytes < TARGETS.bundleKb * 1024),
            verdict(b.loadMs < TARGETS.moduleLoadMs),
          ]),
    ),
    '',
    ...renderOversize(bundles, zodStyles),
  ];
}

function renderOversize(bundles: BundleFigures[], zodStyles: { style: string; bytes: number }[]): string[] {
  const over = bundles.filter((b) => !b.error && b.bytes >= TARGETS.bundleKb * 1024);
  const largest = bundles.filter((b) => !b.error).sort((a, b) => b.bytes - a.bytes)[0];
  const shown = over.length ? over : largest ? [largest] : [];
  const importers = new Map<string, Set<string>>();
  for (const b of shown) {
    for (const [pkg, files] of Object.entries(b.importers)) {
      const set = importers.get(pkg) ?? new Set<string>();
      for (const f of files) set.add(f);
      importers.set(pkg, set);
    }
  }
  return [
    over.length
      ? `Over ${TARGETS.bundleKb} KB: ${over.map((b) => b.name).join(', ')}. What fills them (KB, from the esbuild metafile):`
      : `No bundle is over ${TARGETS.bundleKb} KB; the largest, for reference (KB, from the esbuild metafile):`,
    '',
    row(['function', 'KB', 'top 5 inputs', 'top 5 packages', 'AWS SDK clients']),
    row(['---', '--:', '---', '---', '---']),
    ...shown.map((b) =>
      row([b.name, kb(b.bytes), sizes(b.topInputs), sizes(b.topPackages), sizes(b.sdkClients)]),
    ),
    '',
    `Project files that import each SDK client and zod directly (who pulls them into ${over.length ? 'these bundles' : 'it'}):`,
    '',
    ...[...importers]
      .filter(([, files]) => files.size > 0)
      .map(([pkg, files]) => `- \`${pkg}\`: ${[...files].map((f) => `\`${f}\``).join(', ')}`),
    '',
    ...(bundles.some((b) => b.zodLocalesBytes > 50 * 1024)
      ? [
          "zod's locales end up in a bundle when a module imports the `z` namespace. The same one-field " +
            `schema, bundled the same way: ${zodStyles.map((z) => `\`${z.style}\` ${kb(z.bytes)} KB`).join(', ')}.`,
          '',
        ]
      : []),
  ];
}
