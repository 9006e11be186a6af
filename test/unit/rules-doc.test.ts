// docs/rules.md is the repository's own statement of every business rule. This test keeps it
// honest against the code: a rule marked built or partly is cited in the code and in a test,
// and no code cites a rule id the page does not list.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const ruleId = /R-[A-Z]+-\d+/g;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (/\.(ts|js|json|html)$/.test(name)) out.push(path);
  }
  return out;
}

function citedIn(dirs: string[]): Set<string> {
  const ids = new Set<string>();
  for (const dir of dirs) {
    for (const file of filesUnder(join(root, dir))) {
      for (const id of readFileSync(file, 'utf8').match(ruleId) ?? []) ids.add(id);
    }
  }
  return ids;
}

const rows = readFileSync(join(root, 'docs', 'rules.md'), 'utf8')
  .split('\n')
  .map((line) => /^\| (R-[A-Z]+-\d+) \|.*\| ([a-z]+)[^|]*\|$/.exec(line))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ id: m[1] as string, status: m[2] as string }));

const code = citedIn(['shared', 'functions', 'local', 'statemachines', 'infra', 'web']);
const tests = citedIn(['test']);

describe('docs/rules.md', () => {
  it('lists each rule once with a known status', () => {
    const ids = rows.map((r) => r.id);
    expect(ids.length).toBeGreaterThan(50);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of rows) expect(['built', 'partly', 'planned']).toContain(row.status);
  });

  it('marks a rule built or partly only when code and a test cite it', () => {
    const unproven = rows
      .filter((r) => r.status !== 'planned')
      .filter((r) => !code.has(r.id) || !tests.has(r.id))
      .map((r) => `${r.id}: code ${code.has(r.id)}, test ${tests.has(r.id)}`);
    expect(unproven).toEqual([]);
  });

  it('lists every rule id the code and tests cite', () => {
    const listed = new Set(rows.map((r) => r.id));
    const unlisted = [...code, ...tests].filter((id) => !listed.has(id));
    expect([...new Set(unlisted)]).toEqual([]);
  });
});
