/**
 * Logs and metrics of a real order through the local system, at the most verbose level: every
 * line is JSON with the function, its request id, cold start and the order id as correlation id,
 * and no line holds the customer's contact data (R-SEC-1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedOutput, captureOutput } from '../support/log-lines.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

const CUSTOMER = {
  name: '王小明',
  company: '明远机械有限公司',
  email: 'wang.xiaoming@mingyuan.example',
  phone: '13987654321',
};
const ADDRESS = '江苏省苏州市工业园区星湖街 328 号';

let sys: TestSystem;
let output: CapturedOutput;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const name of ['POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_METRICS_DISABLED']) saved[name] = process.env[name];
  process.env['POWERTOOLS_LOG_LEVEL'] = 'DEBUG';
  process.env['POWERTOOLS_METRICS_DISABLED'] = 'false';
  output = captureOutput();
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.close();
  output?.restore();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('logs and metrics (R-SEC-1)', () => {
  it('logs a placed order with its function, request id, cold start and order id, and no contact data', async () => {
    const body = orderBody({
      customer: CUSTOMER,
      delivery: { ...(orderBody()['delivery'] as object), address: ADDRESS },
    });
    const res = await sys.api('/api/orders', { json: body });
    expect(res.status).toBe(201);
    const { orderId } = (await res.json()) as { orderId: string };
    // A refused request too: its body is never logged either.
    expect((await sys.api('/api/orders', { json: { ...body, items: [] } })).status).toBe(400);
    // The confirmation and the workflow's first tasks run in other functions.
    const outbox = await sys.outbox();
    expect(outbox.some((m) => m.to.includes(CUSTOMER.email))).toBe(true);

    const lines = output.jsonLines();
    const placed = lines.find((l) => l['message'] === 'order placed');
    expect(placed).toMatchObject({
      level: 'INFO',
      service: 'order-desk',
      function_name: 'create-order',
      cold_start: true,
      orderId,
      channel: 'web',
    });
    expect(placed?.['function_request_id']).toEqual(expect.any(String));
    expect(placed?.['correlation_id']).toBe(orderId);
    const received = lines.find((l) => l['message'] === 'orders received');
    expect(received).toMatchObject({ function_name: 'order-received', correlation_id: orderId });
    // The business metric, as embedded metric format on the same stream.
    const metric = lines.find((l) => 'OrdersPlaced' in l);
    expect(metric).toMatchObject({ OrdersPlaced: 1, channel: 'web', service: 'order-desk' });
    expect(metric?.['_aws']).toMatchObject({
      CloudWatchMetrics: [expect.objectContaining({ Namespace: 'OrderDesk' })],
    });

    const everything = output.text();
    for (const secret of [CUSTOMER.name, CUSTOMER.company, CUSTOMER.email, CUSTOMER.phone, ADDRESS]) {
      expect(everything).not.toContain(secret);
    }
  });
});
