import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild, stopChild } from '../support/child-system.ts';
import { eventually } from '../support/eventually.ts';
import { orderBody } from '../support/system.ts';

// Time scale 2400: a 60-minute report window passes in 1.5 s.
const env = {
  ORDERDESK_TIME_SCALE: '2400',
  RUSH_REPORT_INTERVAL_MINUTES: '60',
  RUSH_DECISION_MINUTES: '6000',
};
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'orderdesk-rush-restart-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const client = (url: string) => {
  const tokens = new Map<string, string>();
  const token = async (role: string) => {
    if (!tokens.has(role)) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${role}@example.com`, password: 'orderdesk-demo' }),
      });
      tokens.set(role, ((await res.json()) as { token: string }).token);
    }
    return tokens.get(role)!;
  };
  return async (role: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${await token(role)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
};

interface RushView {
  status: string;
  pendingApproval?: { role: string } | null;
  history: { action: string }[];
  rush?: { windows: { index: number; start: string; end: string }[] };
}

describe('the rush progress loop survives the process being killed (R-RUSH-6)', () => {
  it('loses no window and doubles none across kill -9 and a restart', async () => {
    const first = startChild(dataDir, env);
    const call = client(await first.ready);
    const body = {
      ...orderBody(),
      urgency: 'critical',
      requiredBy: new Date(Date.now() + 86_400_000).toISOString(),
      reason: '停线',
    };
    const { orderId } = (await (await call('sales', '/api/rush-orders', body)).json()) as { orderId: string };
    const view = async (c: typeof call) =>
      (await (await c('gm', `/api/orders/${orderId}`)).json()) as RushView;
    await eventually(
      async () => (await view(call)).pendingApproval?.role === 'sales_director',
      20_000,
      'leadership step',
    );
    expect(
      (
        await call('sales_director', `/api/orders/${orderId}/decision`, {
          decision: 'approve',
          reason: '可以',
        })
      ).status,
    ).toBe(200);
    await eventually(
      async () => ((await view(call)).rush?.windows.length ?? 0) >= 1,
      20_000,
      'a first window',
    );
    await stopChild(first, 'SIGKILL');

    const second = startChild(dataDir, env);
    try {
      const again = client(await second.ready);
      await eventually(
        async () => ((await view(again)).rush?.windows.length ?? 0) >= 3,
        30_000,
        'windows after the restart',
      );
      expect(
        (await again('logistics', `/api/orders/${orderId}/ship`, { carrier: 'EMS', trackingNumber: 'E1' }))
          .status,
      ).toBe(200);
      expect((await again('logistics', `/api/orders/${orderId}/deliver`, {})).status).toBe(200);
      const done = await eventually(
        async () => {
          const o = await view(again);
          return o.history.some((h) => h.action === 'rush-delivered') ? o : undefined;
        },
        30_000,
        'the loop to end',
      );
      const windows = done.rush!.windows;
      expect(windows.map((w) => w.index)).toEqual(windows.map((_, i) => i));
      for (let i = 1; i < windows.length; i++) expect(windows[i]!.start).toBe(windows[i - 1]!.end);
    } finally {
      await stopChild(second);
    }
  });
});
