/**
 * A long rush production continues as a new execution (R-RUSH-6 until delivery, however long):
 * after RUSH_WINDOWS_PER_EXECUTION windows the execution starts `<order id>-<n>` of itself with
 * its state and ends; the new one resumes the progress loop where the window numbering left off,
 * and delivery ends the last one. RUSH_REPORT_INTERVAL_MINUTES below 15 is refused by name.
 */
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rushReportIntervalMinutes, rushWindowsPerExecution } from '#shared/config.ts';
import { waitForStatus, waitForStep } from '../support/approvals.ts';
import { eventually } from '../support/eventually.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

// Time scale 3000: a 15-minute window is 0.3 s; two windows per execution.
let sys: TestSystem;
beforeAll(async () => {
  process.env['RUSH_DECISION_MINUTES'] = '240';
  process.env['RUSH_REPORT_INTERVAL_MINUTES'] = '15';
  process.env['RUSH_WINDOWS_PER_EXECUTION'] = '2';
  sys = await startTestSystem({ timeScale: 3000 });
});
afterAll(async () => {
  await sys?.close();
});

const sfn = () =>
  new SFNClient({
    endpoint: sys.environment['AWS_ENDPOINT_URL_SFN']!,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
const executionArn = (name: string) =>
  `${sys.environment['RUSH_STATE_MACHINE_ARN']!.replace(':stateMachine:', ':execution:')}:${name}`;
const status = async (name: string) => {
  try {
    return (await sfn().send(new DescribeExecutionCommand({ executionArn: executionArn(name) }))).status;
  } catch {
    return undefined;
  }
};

describe('rush executions hand over before the history limit (R-RUSH-6)', () => {
  it('refuses a progress interval under 15 minutes and a bad hand-over count, by name', () => {
    const saved = { ...process.env };
    try {
      process.env['RUSH_REPORT_INTERVAL_MINUTES'] = '5';
      expect(() => rushReportIntervalMinutes()).toThrow(
        /RUSH_REPORT_INTERVAL_MINUTES must be at least 15 minutes, got 5/,
      );
      process.env['RUSH_WINDOWS_PER_EXECUTION'] = '0';
      expect(() => rushWindowsPerExecution()).toThrow(
        /RUSH_WINDOWS_PER_EXECUTION must be a whole number of windows \(at least 1, at most 2000\)/,
      );
    } finally {
      process.env['RUSH_REPORT_INTERVAL_MINUTES'] = saved['RUSH_REPORT_INTERVAL_MINUTES'];
      process.env['RUSH_WINDOWS_PER_EXECUTION'] = saved['RUSH_WINDOWS_PER_EXECUTION'];
    }
  });

  it('continues as <order id>-1, -2 … with the window numbering going on, until delivery', async () => {
    const sales = await sys.login('sales');
    const res = await sys.api('/api/rush-orders', {
      token: sales,
      json: orderBody({
        urgency: 'critical',
        requiredBy: new Date(Date.now() + 48 * 3600_000).toISOString(),
        reason: '客户产线停机，急需备件',
      }),
    });
    expect(res.status).toBe(201);
    const { orderId } = (await res.json()) as { orderId: string };
    await waitForStep(sys, orderId, 'sales_director');
    const decided = await sys.api(`/api/orders/${orderId}/decision`, {
      token: await sys.login('sales_director'),
      json: { decision: 'approve', reason: '产能充足' },
    });
    expect(decided.status).toBe(200);
    await waitForStatus(sys, orderId, 'in_production');

    // Two windows, then the first execution hands over and ends; the second does the same.
    await eventually(async () => (await status(`${orderId}-2`)) === 'RUNNING', 20_000, 'the third execution');
    // Each ends just after starting the next (ContinueAsNew, then HandedOver).
    await eventually(
      async () => (await status(orderId)) === 'SUCCEEDED' && (await status(`${orderId}-1`)) === 'SUCCEEDED',
      20_000,
      'the first two executions to end',
    );

    // Window numbering went on across executions: 0, 1, 2, 3 … with no gap or repeat.
    const token = await sys.login('gm');
    const windows = async () =>
      (
        (await (await sys.api(`/api/orders/${orderId}`, { token })).json()) as {
          rush: { windows: { index: number }[] };
        }
      ).rush.windows.map((w) => w.index);
    const seen = await eventually(async () => ((await windows()).length >= 4 ? windows() : undefined));
    expect(seen.slice(0, 4)).toEqual([0, 1, 2, 3]);

    // Delivery ends the loop in whichever execution runs it. A window check may write the order
    // at the same moment (every 0.3 s here): the console's answer is then 409 and it asks again.
    const logistics = await sys.login('logistics');
    const untilNot409 = (send: () => Promise<Response>) =>
      eventually(async () => {
        const answer = await send();
        return answer.status === 409 ? undefined : answer.status;
      });
    expect(
      await untilNot409(() =>
        sys.api(`/api/orders/${orderId}/ship`, {
          token: logistics,
          json: { carrier: '顺丰', trackingNumber: 'SF1234567890' },
        }),
      ),
    ).toBe(200);
    expect(
      await untilNot409(() =>
        sys.api(`/api/orders/${orderId}/deliver`, { token: logistics, method: 'POST' }),
      ),
    ).toBe(200);
    await eventually(
      async () => {
        const statuses = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => status(`${orderId}-${n}`)));
        const last = statuses.filter((s) => s !== undefined);
        return last.every((s) => s === 'SUCCEEDED') ? last : undefined;
      },
      20_000,
      'every execution to end',
    );
  });
});
