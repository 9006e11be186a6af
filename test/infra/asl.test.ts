/**
 * Every definition in `statemachines/` is valid ASL (asl-validator, with ARN and path checks, as
 * the local runner checks them at start), and each is deployed: one STATE_MACHINES entry per file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { STATE_MACHINES } from '#functions/manifest.ts';
import { REPO_ROOT } from '#infra/order-desk-function.ts';

const DIR = 'statemachines';
const files = readdirSync(`${REPO_ROOT}${DIR}`).filter((f) => f.endsWith('.asl.json'));

describe('state machine definitions', () => {
  it('finds the definitions', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => [file]))('%s passes asl-validator', (file) => {
    const definition: unknown = JSON.parse(readFileSync(`${REPO_ROOT}${DIR}/${file}`, 'utf8'));
    const { isValid, errors, errorsText } = aslValidator(definition, { checkArn: true, checkPaths: true });
    expect(errors, errorsText('\n')).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('would catch a broken definition (a transition to a missing state)', () => {
    const broken = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } };
    expect(aslValidator(broken, { checkArn: true, checkPaths: true }).isValid).toBe(false);
  });

  it('has exactly one STATE_MACHINES entry per file', () => {
    expect(STATE_MACHINES.map((m) => m.file).sort()).toEqual(files.map((f) => `${DIR}/${f}`).sort());
  });
});
