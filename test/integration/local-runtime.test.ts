import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildSystem, startChild, stopChild } from '../support/child-system.ts';
import { eventually } from '../support/eventually.ts';
import { orderBody } from '../support/system.ts';

const start = startChild;
const stop = (p: ChildSystem, signal?: NodeJS.Signals) => stopChild(p, signal);

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'orderdesk-runtime-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('seeds demo data on first start, says so, prints logins, and stops cleanly on SIGTERM', async () => {
    const first = start(dataDir);
    const url = await first.ready;
    expect(first.output()).toMatch(/First start: seeded 8 products/);
    expect(first.output()).toContain('sales_director@example.com');
    expect(first.output()).toContain('orderdesk-demo');
    const products = await (await fetch(`${url}/api/products`)).json();
    expect(products.some((p: { listPrice: number | null }) => p.listPrice === null)).toBe(true);
    const page = await fetch(`${url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const created = await fetch(`${url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(orderBody()),
    });
    expect(created.status).toBe(201);
    const { orderId } = await created.json();
    expect(await stop(first)).toBe(0);

    // Data survives a restart; the second start does not seed again.
    const second = start(dataDir);
    const url2 = await second.ready;
    expect(second.output()).not.toMatch(/First start/);
    const login = await fetch(`${url2}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@example.com', password: 'orderdesk-demo' }),
    });
    const { token } = await login.json();
    const order = await fetch(`${url2}/api/orders/${orderId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(order.status).toBe(200);
    expect(await stop(second)).toBe(0);
  });

  it('rate-limits the API per client address with 429 and Retry-After (R-SEC-3)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orderdesk-limit-'));
    const p = start(dir, { ORDERDESK_RATE_LIMIT: '5' });
    try {
      const url = await p.ready;
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 7; i++) {
        const res = await fetch(`${url}/api/products`);
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      // Static pages are not counted against the API limit.
      expect((await fetch(`${url}/`)).status).toBe(200);
    } finally {
      await stop(p);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad configuration value with its name', async () => {
    const p = start(dataDir, { ORDERDESK_RATE_LIMIT: 'lots' });
    await expect(p.ready).rejects.toThrow(/ORDERDESK_RATE_LIMIT must be a whole number/);
    const host = start(dataDir, { ORDERDESK_HOST: '192.0.2.77' });
    await expect(host.ready).rejects.toThrow(/ORDERDESK_HOST must be 127\.0\.0\.1/);
  });
});

describe('the outbox across a restart', () => {
  type Message = { id: string; channel: string; subject: string; text: string };
  const outboxOf = async (url: string) =>
    (await (await fetch(`${url}/_local/outbox?format=json`)).json()) as Message[];

  it('keeps every email (approval links included) and SMS after the process is killed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orderdesk-outbox-'));
    try {
      const first = start(dir);
      const url = await first.ready;
      // The demo orders of the first start ask ops for approval by email.
      const before = await eventually(async () => {
        const all = await outboxOf(url);
        return all.some((m) => m.subject.includes('Approval needed')) && all.some((m) => m.channel === 'sms')
          ? all
          : undefined;
      }, 30_000);
      await stop(first, 'SIGKILL');

      const second = start(dir);
      const url2 = await second.ready;
      const after = await outboxOf(url2);
      expect(after.filter((m) => before.some((b) => b.id === m.id))).toEqual(before);
      const link = /(http:\/\/\S+\/approvals\/\S+)/.exec(
        after.find((m) => m.subject.includes('Approval needed'))!.text,
      )?.[1];
      expect(link).toBeDefined();
      // PORT=0 here: the restarted system has another port than the one in the link.
      const { pathname, search } = new URL(link!);
      expect((await fetch(`${url2}${pathname}${search}`)).status).toBe(200);
      expect(await stop(second)).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('npm start on the network', () => {
  const outsideAddress = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

  it.skipIf(!outsideAddress)('listens on loopback only by default', async () => {
    const p = start(dataDir);
    try {
      const url = await p.ready;
      const port = new URL(url).port;
      expect((await fetch(`${url}/api/products`)).status).toBe(200);
      await expect(fetch(`http://${outsideAddress}:${port}/api/products`)).rejects.toThrow();
      expect(p.output()).not.toMatch(/ORDERDESK_HOST/);
    } finally {
      await stop(p);
    }
  });

  it.skipIf(!outsideAddress)('opens to the network with ORDERDESK_HOST, warning loudly', async () => {
    const p = start(dataDir, { ORDERDESK_HOST: '0.0.0.0', ORDERDESK_TIME_SCALE: '3600' });
    try {
      const url = await p.ready;
      const port = new URL(url).port;
      expect((await fetch(`http://${outsideAddress}:${port}/api/products`)).status).toBe(200);
      expect((await fetch(`http://${outsideAddress}:${port}/_local/outbox`)).status).toBe(404);
      // A scale too fast to follow says so, and which one is the demo speed.
      expect(p.output()).toMatch(
        /an hour of workflow time passes in 1 s\. Deadlines pass before anyone can act; 60/,
      );
      // On stderr, which may arrive after stdout's ready line.
      await eventually(async () => /WARNING.*ORDERDESK_HOST=0\.0\.0\.0/.test(p.output()), 5_000, 'warning');
    } finally {
      await stop(p);
    }
  });
});
