/** Part of section 3 of bench/results.md: what fills the bundles over the size target. */
import type { BundleFigures } from './bundles.ts';
import { TARGETS } from './targets.ts';

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const sizes = (xs: { path: string; bytes: number }[]) =>
  xs.map((x) => `\`${x.path.replace(/^node_modules\//, '')}\` ${kb(x.bytes)}`).join(', ');

export function renderOversize(
  bundles: BundleFigures[],
  zodStyles: { style: string; bytes: number }[],
): string[] {
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
    'Project files that import each SDK client and zod directly (who pulls them into these bundles):',
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
