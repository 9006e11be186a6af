/** ORDERDESK_FAULT_TASKS: parsed loudly, and faulty functions fail before their handler runs. */
import { describe, expect, it } from 'vitest';
import { parseFaultPlan, withFaults } from '#local/workflow/faults.ts';

const ARN = 'arn:aws:lambda:local:000000000000:function:request-approval';
const context = {} as never;

describe('injected failures', () => {
  it('reads nothing from an unset or empty variable', () => {
    expect(parseFaultPlan(undefined)).toEqual({});
    expect(parseFaultPlan('  ')).toEqual({});
  });

  it('refuses bad JSON, bad fields and unknown functions, naming each', () => {
    expect(() => parseFaultPlan('{')).toThrow(/ORDERDESK_FAULT_TASKS is not JSON/);
    expect(() => parseFaultPlan('{"request-approval":{"times":-1,"rate":2}}')).toThrow(
      /request-approval\.times.*request-approval\.rate/,
    );
    expect(() => parseFaultPlan('{"request-approval":{"error":"X"}}')).toThrow(/times, rate or both/);
    expect(() => parseFaultPlan('{"request-approval":{"times":1,"when":"now"}}')).toThrow(/when/);
    expect(() => parseFaultPlan('{"no-such":{"times":1}}', ['request-approval'])).toThrow(/no-such/);
  });

  it('fails the first `times` invocations with the named error, before the handler runs', async () => {
    let ran = 0;
    const plan = parseFaultPlan('{"request-approval":{"error":"Lambda.TooManyRequestsException","times":2}}');
    const fn = withFaults({ [ARN]: async () => ++ran }, plan)[ARN]!;
    await expect(fn({}, context)).rejects.toMatchObject({ name: 'Lambda.TooManyRequestsException' });
    await expect(fn({}, context)).rejects.toMatchObject({ name: 'Lambda.TooManyRequestsException' });
    expect(ran).toBe(0);
    await expect(fn({}, context)).resolves.toBe(1);
  });

  it('fails at the given rate', async () => {
    const draws = [0.1, 0.9, 0.2, 0.6];
    const plan = parseFaultPlan('{"request-approval":{"rate":0.5}}');
    const fn = withFaults({ [ARN]: async () => 'ok' }, plan, undefined, () => draws.shift()!)[ARN]!;
    const outcomes = await Promise.allSettled([
      fn({}, context),
      fn({}, context),
      fn({}, context),
      fn({}, context),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[0] as PromiseRejectedResult).reason.name).toBe('Lambda.ServiceException');
  });

  it('leaves functions outside the plan alone', () => {
    const handler = async () => 'ok';
    expect(withFaults({ [ARN]: handler }, {})[ARN]).toBe(handler);
  });
});
