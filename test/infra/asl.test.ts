/**
 * Every definition in `statemachines/` is valid ASL (asl-validator, with ARN and path checks, as
 * the local runner checks them at start), and each is deployed: one STATE_MACHINES entry per file.
 * Failures are retried and caught: every Task retries Lambda's transient errors with jittered
 * back-off, and every terminal Task (one that ends the execution) catches into RecordFailure.
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

  const TRANSIENT = [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
  ];
  interface State {
    Type: string;
    Resource?: string;
    End?: boolean;
    Next?: string;
    Retry?: { ErrorEquals: string[]; BackoffRate?: number; MaxAttempts?: number; JitterStrategy?: string }[];
    Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  }
  const statesOf = (file: string): Record<string, State> =>
    JSON.parse(readFileSync(`${REPO_ROOT}${DIR}/${file}`, 'utf8')).States;

  it.each(files.map((file) => [file]))(
    "%s: every Lambda Task retries Lambda's transient errors with back-off and full jitter",
    (file) => {
      const lambdaTasks = Object.entries(statesOf(file)).filter(
        ([, s]) => s.Type === 'Task' && (s.Resource?.startsWith('${') || s.Resource?.includes(':lambda:')),
      );
      expect(lambdaTasks.length).toBeGreaterThan(0);
      for (const [name, state] of lambdaTasks) {
        const retrier = state.Retry?.find((r) => TRANSIENT.every((e) => r.ErrorEquals.includes(e)));
        expect(retrier, `${name} retries ${TRANSIENT.join(', ')}`).toBeDefined();
        expect(retrier!.JitterStrategy, name).toBe('FULL');
        expect(retrier!.BackoffRate, name).toBeGreaterThan(1);
        expect(retrier!.MaxAttempts, name).toBeGreaterThanOrEqual(3);
        // The first matching retrier decides: the transient one must come before any catch-all.
        expect(state.Retry![0], name).toBe(retrier);
      }
    },
  );

  it('retries the waitForTaskToken tasks too (R-APPR-1, R-RUSH-3), never their deadline', () => {
    for (const [file, name] of [
      ['order-approval.asl.json', 'RequestApproval'],
      ['rush-order.asl.json', 'RequestDecision'],
    ] as const) {
      const state = statesOf(file)[name]!;
      expect(state.Retry?.[0]?.ErrorEquals, name).toEqual(TRANSIENT);
      expect(
        state.Retry!.flatMap((r) => r.ErrorEquals),
        name,
      ).not.toContain('States.Timeout');
      expect(
        state.Retry!.flatMap((r) => r.ErrorEquals),
        name,
      ).not.toContain('States.ALL');
    }
  });

  it.each(files.map((file) => [file]))(
    '%s: every terminal Task catches into RecordFailure, which ends in a Fail state',
    (file) => {
      const states = statesOf(file);
      const terminal = Object.entries(states).filter(
        ([name, s]) => s.Type === 'Task' && s.End === true && name !== 'RecordFailure',
      );
      expect(terminal.length).toBeGreaterThan(0);
      for (const [name, state] of terminal) {
        expect(state.Catch, name).toContainEqual({
          ErrorEquals: ['States.ALL'],
          ResultPath: '$.failure',
          Next: 'RecordFailure',
        });
      }
      expect(states['RecordFailure']).toMatchObject({ Type: 'Task', Next: 'Failed' });
      expect(states['RecordFailure']!.Catch).toBeUndefined();
      expect(states['Failed']).toMatchObject({ Type: 'Fail' });
    },
  );

  it('hands a long rush execution over to a new one of itself, resumed at the progress loop (R-RUSH-6)', () => {
    const states = statesOf('rush-order.asl.json') as Record<string, State & Record<string, unknown>>;
    expect(JSON.parse(readFileSync(`${REPO_ROOT}${DIR}/rush-order.asl.json`, 'utf8')).StartAt).toBe('Resume');
    expect(states['Resume']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.generation', IsPresent: true, Next: 'WaitWindow' }],
      Default: 'StartRush',
    });
    expect(states['WindowOutcome']!['Choices']).toContainEqual({
      Variable: '$.next',
      StringEquals: 'continue',
      Next: 'ContinueAsNew',
    });
    expect(states['ContinueAsNew']).toMatchObject({
      Resource: 'arn:aws:states:::states:startExecution',
      Parameters: {
        'StateMachineArn.$': '$$.StateMachine.Id',
        Input: { loops: 0, 'generation.$': '$.generation' },
      },
      Next: 'HandedOver',
    });
    expect(states['ContinueAsNew']!.Catch).toContainEqual(expect.objectContaining({ Next: 'RecordFailure' }));
  });
});
