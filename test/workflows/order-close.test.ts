/**
 * The closing workflow (R-PROC-7, R-ARCH-1, R-AFTER-2): the last delivery starts it; after
 * COMPLETE_AFTER_DAYS with no after-sales case open the order is completed and the customer gets
 * the satisfaction link, after ARCHIVE_AFTER_DAYS more it is archived and read-only. Both periods
 * are 1 day here and the time scale makes a day 2 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { shippedOrder } from '../support/orders.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  process.env['COMPLETE_AFTER_DAYS'] = '1';
  process.env['ARCHIVE_AFTER_DAYS'] = '1';
  sys = await startTestSystem({ background: false, timeScale: 43_200 });
});
afterAll(async () => {
  delete process.env['COMPLETE_AFTER_DAYS'];
  delete process.env['ARCHIVE_AFTER_DAYS'];
  await sys?.close();
});

describe('automatic completion and archive', () => {
  it('completes a delivered order, sends the satisfaction link, then archives it read-only', async () => {
    const { orderId, orderNumber } = await shippedOrder(sys);
    const logistics = await sys.login('logistics');
    expect((await sys.api(`/api/orders/${orderId}/deliver`, { token: logistics, json: {} })).status).toBe(
      200,
    );
    const ops = await sys.login('ops');
    const statusOf = async () =>
      (await (await sys.api(`/api/orders/${orderId}`, { token: ops })).json()) as {
        status: string;
        history: { actor: string; to?: string; reason?: string }[];
      };

    const archived = await eventually(
      async () => {
        const order = await statusOf();
        return order.status === 'archived' ? order : undefined;
      },
      30_000,
      'archive',
    );
    expect(archived.history.slice(-2)).toMatchObject([
      { actor: 'workflow', to: 'completed', reason: 'no after-sales case open 1 days after delivery' },
      { actor: 'workflow', to: 'archived', reason: 'archived 1 days after completion' },
    ]);
    const feedback = (await sys.outbox()).find(
      (m) =>
        m.channel === 'email' &&
        m.subject.includes(orderNumber) &&
        `${m.text}${m.html}`.includes('/feedback/'),
    );
    expect(feedback).toBeTruthy();
    const note = await sys.api(`/api/orders/${orderId}/notes`, {
      token: ops,
      json: { text: '已归档后补记' },
    });
    expect(note.status).toBe(409);
    expect(await note.json()).toMatchObject({ status: 'archived' });
  }, 60_000);
});
