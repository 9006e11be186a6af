/**
 * The local runtime's seams (issue 16, item 4): it never writes `process.env` — each system's
 * settings live in its own environment (shared/runtime-env.ts), so two systems share a process —
 * and it names no function: handlers are loaded by manifest name in local/functions.ts alone.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#functions/manifest.ts';

const ROOT = join(import.meta.dirname, '..', '..');

async function sources(dir: string): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(path)));
    else if (entry.name.endsWith('.ts'))
      out.push({ path: relative(ROOT, path), text: await readFile(path, 'utf8') });
  }
  return out;
}

/** `process.env.X = …`, `process.env['X'] = …` (also `??=`, `+=`…), `Object.assign(process.env…`, `delete process.env…`. */
const WRITES = [
  /process\.env(\.\w+|\[[^\]]+\])\s*(\?\?|\|\||&&|\+)?=(?!=)/,
  /Object\.assign\(\s*process\.env\b/,
  /delete\s+process\.env\b/,
  /process\.env\s*=(?!=)/,
];

describe('the local runtime', () => {
  it('writes no process.env: settings go into each system’s own environment', async () => {
    const offenders = (await sources(join(ROOT, 'local'))).flatMap(({ path, text }) =>
      text
        .split('\n')
        .map((line, i) => ({ line, at: `${path}:${i + 1}` }))
        .filter(({ line }) => WRITES.some((w) => w.test(line)))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the check itself catches each kind of write', () => {
    for (const line of [
      "process.env['TABLE_NAME'] = 'x';",
      'process.env.TABLE_NAME = x;',
      "process.env['X'] ??= 'y';",
      'Object.assign(process.env, { A: 1 });',
      "delete process.env['X'];",
    ])
      expect(WRITES.some((w) => w.test(line))).toBe(true);
    expect(WRITES.some((w) => w.test("const x = process.env['X'] === 'y';"))).toBe(false);
  });

  it('names no function: handlers are loaded by manifest name in local/functions.ts only', async () => {
    const files = await sources(join(ROOT, 'local'));
    const names = FUNCTIONS.map((f) => f.name);
    // Code, not comments (a comment may show an example, e.g. ORDERDESK_FAULT_TASKS).
    const code = (text: string) =>
      text
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join('\n');
    const named = files.flatMap(({ path, text }) =>
      names
        .filter((n) => code(text).includes(`'${n}'`) || code(text).includes(`"${n}"`))
        .map((n) => `${path}: ${n}`),
    );
    expect(named).toEqual([]);
    const loaders = files.filter(({ text }) => text.includes('../functions/${')).map(({ path }) => path);
    expect(loaders).toEqual(['local/functions.ts']);
  });
});
