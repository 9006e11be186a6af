/**
 * Two local systems in one process (issue 16, item 4): each has its own dynalite, data
 * directory, ports and settings (its environment, shared/runtime-env.ts), and what one does
 * is invisible to the other — no `process.env` is written, no client or cache is shared.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableName } from '#shared/config.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

let a: TestSystem;
let b: TestSystem;

beforeAll(async () => {
  [a, b] = await Promise.all([startTestSystem(), startTestSystem()]);
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

const place = async (sys: TestSystem, email: string) => {
  const res = await sys.api('/api/orders', { json: orderBody({ customer: { ...customer(), email } }) });
  expect(res.status).toBe(201);
  return (await res.json()) as { orderId: string; orderNumber: string };
};
const customer = () => orderBody()['customer'] as Record<string, string>;

const orderIds = async (sys: TestSystem): Promise<string[]> => {
  const res = await sys.api('/api/orders?limit=100', { token: await sys.login('ops') });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { orderId: string }[] }).items.map((o) => o.orderId);
};

describe('two local systems in one process', () => {
  it('run side by side on their own ports, data directories and emulators', () => {
    expect(a.baseUrl).not.toBe(b.baseUrl);
    expect(a.dataDir).not.toBe(b.dataDir);
    expect(a.dynamoEndpoint).not.toBe(b.dynamoEndpoint);
    expect(a.environment['AWS_ENDPOINT_URL_DYNAMODB']).toBe(a.dynamoEndpoint);
    expect(b.environment['AWS_ENDPOINT_URL_DYNAMODB']).toBe(b.dynamoEndpoint);
    expect(a.environment['JWT_ISSUER']).not.toBe(b.environment['JWT_ISSUER']);
    // Nothing of either system leaked into the process's environment.
    expect(process.env['TABLE_NAME']).toBeUndefined();
    expect(process.env['AWS_ENDPOINT_URL_DYNAMODB']).toBeUndefined();
    expect(process.env['PUBLIC_BASE_URL']).toBeUndefined();
    // The config module reads the environment it is called in.
    expect(a.run(tableName)).toBe('orderdesk');
    expect(() => tableName()).toThrow(/TABLE_NAME is not set/);
  });

  it('keeps an order placed in one out of the other, and both work', async () => {
    const inA = await place(a, 'only-a@customer.example');
    const inB = await place(b, 'only-b@customer.example');

    const listedA = await orderIds(a);
    const listedB = await orderIds(b);
    expect(listedA).toContain(inA.orderId);
    expect(listedA).not.toContain(inB.orderId);
    expect(listedB).toContain(inB.orderId);
    expect(listedB).not.toContain(inA.orderId);

    // Looked up by id on the other system: not there.
    const opsB = await b.login('ops');
    expect((await b.api(`/api/orders/${inA.orderId}`, { token: opsB })).status).toBe(404);
    expect((await a.api(`/api/orders/${inB.orderId}`, { token: await a.login('ops') })).status).toBe(404);

    // Each system's background work (the stream poller, order-received, its SES emulator) ran
    // in its own environment: each confirmation is in its own system's outbox only.
    const confirmations = async (sys: TestSystem) =>
      (await sys.outbox()).filter((m) => m.channel === 'email').flatMap((m) => m.to);
    const mailA = await confirmations(a);
    const mailB = await confirmations(b);
    expect(mailA).toContain('only-a@customer.example');
    expect(mailA).not.toContain('only-b@customer.example');
    expect(mailB).toContain('only-b@customer.example');
    expect(mailB).not.toContain('only-a@customer.example');
  });

  it('signs each system in with its own issuer: a token of one is refused by the other', async () => {
    const tokenA = await a.login('ops');
    expect((await b.api('/api/orders', { token: tokenA })).status).toBe(401);
    expect((await a.api('/api/orders', { token: tokenA })).status).toBe(200);
  });

  it('keeps each system’s files in its own data directory', async () => {
    const outbox = async (sys: TestSystem) => readFile(join(sys.dataDir, 'email-outbox.jsonl'), 'utf8');
    expect(await outbox(a)).not.toContain('only-b@customer.example');
    expect(await outbox(b)).not.toContain('only-a@customer.example');
    expect(await readdir(a.dataDir)).toContain('dynamodb');
  });
});
