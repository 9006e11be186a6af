/**
 * No emailed order is lost (R-INTAKE-6) and none is registered twice (R-INTAKE-4): the process
 * dies right after the message and its spool entry are on disk, before it answers 250 or
 * registers anything; the next start processes the spool, and the sender's retry of the same
 * message changes nothing.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildSystem, startChild, stopChild } from '../support/child-system.ts';
import { eventually } from '../support/eventually.ts';
import { chineseOrderText, sendMail } from '../support/mail.ts';
import { inDays } from '../support/system.ts';

// biome-ignore lint/suspicious/noExplicitAny: API answers, read loosely by the assertions
type Json = Record<string, any>;

let dataDir: string;
let running: ChildSystem | undefined;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'orderdesk-email-restart-'));
});
afterAll(async () => {
  if (running) await stopChild(running);
  await rm(dataDir, { recursive: true, force: true });
});

const smtpPortOf = (child: ChildSystem): number => {
  const port = /smtp:\/\/127\.0\.0\.1:(\d+)/.exec(child.output())?.[1];
  if (!port) throw new Error(`no SMTP address in the banner:\n${child.output()}`);
  return Number(port);
};

async function staff(url: string) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ops@example.com', password: 'orderdesk-demo' }),
  });
  const { token } = (await login.json()) as { token: string };
  return async (path: string) =>
    (await (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Json;
}

describe('a crash between storing a message and registering it', () => {
  it('ends, after a restart and the sender retrying, in exactly one order', async () => {
    const mail = {
      from: '王磊 <wang@restart.example>',
      subject: '订单',
      messageId: '<restart-1@restart.example>',
      text: chineseOrderText(inDays(10)),
    };
    const first = startChild(dataDir, { SMTP_PORT: '0', ORDERDESK_FAULT: 'after-spool' });
    running = first;
    await first.ready;
    const target = { smtpPort: smtpPortOf(first), intakeAddress: 'orders@example.com' };
    // The process exits after the spool write: the sender never gets its 250.
    await expect(sendMail(target, mail)).rejects.toThrow();
    expect(await first.exited).toBe(75);
    running = undefined;
    expect(await readdir(join(dataDir, 'inbound', 'spool'))).toHaveLength(1);
    expect(await readdir(join(dataDir, 'inbound', 'raw'))).toHaveLength(1);

    const second = startChild(dataDir, { SMTP_PORT: '0' });
    running = second;
    const url = await second.ready;
    expect(second.output()).toContain('Processed 1 email(s) left in the intake spool.');
    expect(await readdir(join(dataDir, 'inbound', 'spool'))).toEqual([]);
    const get = await staff(url);
    const registered = (await get('/api/inbound?state=registered'))['items'] as Json[];
    expect(registered).toHaveLength(1);
    const orderId = registered[0]!['orderId'];

    // The sender saw no 250, so it sends the same message again.
    await sendMail({ ...target, smtpPort: smtpPortOf(second) }, mail);
    const detail = await eventually(async () => {
      const d = await get(`/api/inbound/${registered[0]!['inboundId']}`);
      return d['actions'].some((a: { action: string }) => a.action === 'duplicate') && d;
    });
    expect(detail['orderId']).toBe(orderId);
    expect((await get('/api/inbound?state=registered'))['items']).toHaveLength(1);
    const queue = (await get('/api/queue?limit=100'))['items'] as { customerName: string; orderId: string }[];
    expect(queue.filter((o) => o.customerName === '王磊').map((o) => o.orderId)).toEqual([orderId]);
    await stopChild(second);
    running = undefined;
  });
});
