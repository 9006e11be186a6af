import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildSystem, startChild, stopChild } from '../support/child-system.ts';
import { eventually, ROUND_THE_CLOCK } from '../support/eventually.ts';
import { orderBody } from '../support/system.ts';

let dataDir: string;
const env = {
  WORKING_CALENDAR: ROUND_THE_CLOCK,
  APPROVAL_DEADLINE_HOURS: JSON.stringify({ ops: 1000, sales_director: 1000, gm: 1000 }),
};
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'orderdesk-restart-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function staffGet(url: string, path: string) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ops@example.com', password: 'orderdesk-demo' }),
  });
  const { token } = (await login.json()) as { token: string };
  return (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
}

describe('a pending approval survives the process being killed', () => {
  it('is decided through its emailed link after kill -9 and a restart, and the workflow finishes', async () => {
    let first: ChildSystem | undefined = startChild(dataDir, env);
    const url = await first.ready;
    const created = await fetch(`${url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(orderBody()),
    });
    const { orderId, orderNumber } = (await created.json()) as { orderId: string; orderNumber: string };
    const link = await eventually(
      async () => {
        const outbox = (await (await fetch(`${url}/_local/outbox?format=json`)).json()) as {
          to: string[];
          subject: string;
          text: string;
        }[];
        const mail = outbox.find(
          (m) =>
            m.to.includes('ops@example.com') && m.subject.includes(`Approval needed: order ${orderNumber}`),
        );
        return mail ? /(http:\/\/\S+\/approvals\/\S+)/.exec(mail.text)?.[1] : undefined;
      },
      20_000,
      'approval email',
    );
    await stopChild(first, 'SIGKILL');
    first = undefined;

    const second = startChild(dataDir, env);
    try {
      const url2 = await second.ready;
      expect(second.output()).toMatch(/Resumed \d+ workflow execution/);
      // The port differs after a restart; the link's path and signature stay valid.
      const relinked = link.replace(/^http:\/\/localhost:\d+/, url2);
      const decided = await fetch(relinked, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'decision=approve',
      });
      expect(decided.status).toBe(200);
      const order = await eventually(
        async () => {
          const o = (await staffGet(url2, `/api/orders/${orderId}`)) as { status: string };
          return o.status === 'approved' ? o : undefined;
        },
        20_000,
        'order approved',
      );
      expect(order.status).toBe('approved');
      const requests = (
        (await staffGet(url2, `/api/orders/${orderId}`)) as { history: { action: string }[] }
      ).history.filter((h) => h.action === 'approval-requested');
      expect(requests).toHaveLength(1);
    } finally {
      await stopChild(second);
    }
  });
});
