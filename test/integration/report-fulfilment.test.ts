/**
 * Fulfilment figures from real order life on dynalite (R-PROC-7, R-TRACK-2, R-TRACK-3): an order
 * shipped in two parts with a delay on the way and delivered shows in today's report as
 * delivered on time (its requested day is ahead), shipped in parts, with one delay.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { approvedOrder } from '../support/order-life.ts';
import { inDays, startTestSystem, type TestSystem } from '../support/system.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ background: false });
});
afterAll(() => sys.close());

const post = async (role: string, path: string, json: unknown = {}) => {
  const res = await sys.api(path, { token: await sys.login(role), json });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return (await res.json()) as Body;
};

it('counts on-time delivery, partial shipments and exceptions by kind', async () => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const summary = async () =>
    (
      (await (
        await sys.api(`/api/reports/summary?from=${today}&to=${today}`, { token: await sys.login('gm') })
      ).json()) as Body
    )['fulfilment'];
  const before = await summary();
  const { orderId } = await approvedOrder(sys);
  const p = `/api/orders/${orderId}`;
  await post('production', `${p}/production/start`, { plannedCompletionDate: inDays(2) });
  await post('logistics', `${p}/exceptions`, { kind: 'delay', plan: '改走空运', expectedDate: inDays(3) });
  await post('production', `${p}/production/finish`);
  await post('logistics', `${p}/shipments`, {
    carrier: '顺丰',
    trackingNumber: 'A1',
    lines: [{ sku: 'BRG-6204', quantity: 5 }],
  });
  await post('logistics', `${p}/ship`, { carrier: '顺丰', trackingNumber: 'A2' });
  await post('logistics', `${p}/deliver`, { signedBy: '李四' });

  const after = await summary();
  expect(after.delivered - before.delivered).toBe(1);
  expect(after.deliveredOnTime - before.deliveredOnTime).toBe(1);
  expect(after.partiallyShipped - before.partiallyShipped).toBe(1);
  expect(after.exceptionsByKind.delay - before.exceptionsByKind.delay).toBe(1);
  expect(after.leadTime.count).toBeGreaterThanOrEqual(1);
});
