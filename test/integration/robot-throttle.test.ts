/**
 * The robots' limit (docs/robots.md): 100 alerts in one minute reach each of three local robots
 * — real HTTP servers that answer as WeCom, DingTalk and Feishu do and refuse a 21st message in
 * a minute — none lost, none refused, never more than the limit in any 60 seconds, merged into
 * fewer messages, and the last one delivered within about a minute of its alert. The clock is
 * injected: the servers, the limiter and its waits read the same one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRobots, PLATFORM_LIMIT_PER_MINUTE, startLocalRobots } from '#local/robot-receivers.ts';
import { fetchRobotTransport, memoryRobotSendLog } from '#shared/adapters/robot-alerts.ts';
import { ALERT_KINDS, type StaffAlert, staffAlertSchema } from '#shared/domain/staff-alerts.ts';
import type { Robot } from '#shared/robots/config.ts';
import { deliverRobotAlerts, ROBOT_MESSAGES_PER_MINUTE } from '#shared/use-cases/deliver-robot-alerts.ts';

const T0 = Date.parse('2026-03-02T02:00:00.000Z');
let now = T0;
const clock = { now: () => new Date(now) };
let receivers: LocalRobots;
let robots: Robot[];

beforeAll(async () => {
  const local = [
    { platform: 'wecom' as const, token: 'wecom-key' },
    { platform: 'dingtalk' as const, token: 'ding-token', secret: 'SEC-local-ding' },
    { platform: 'feishu' as const, token: 'feishu-hook', secret: 'feishu-local' },
  ];
  receivers = await startLocalRobots({ robots: local, now: () => now });
  robots = local.map((r) => ({
    name: r.platform,
    platform: r.platform,
    url: receivers.urlOf(r),
    ...(r.secret ? { secret: r.secret } : {}),
    events: ALERT_KINDS,
    mention: true,
  }));
});
afterAll(() => receivers?.close());

const alertNo = (i: number): StaffAlert =>
  staffAlertSchema.parse({
    id: `alert-${i}`,
    kind: ALERT_KINDS[i % ALERT_KINDS.length],
    at: new Date(T0 + i * 600).toISOString(),
    orderId: `ORD${i}`,
    title: [`订单 SO-THR-${i}# 需要处理`, `Order SO-THR-${i}# needs attention`],
    zh: ['华东机电，¥12,000.00'],
    en: ['Huadong Machinery, ¥12,000.00'],
    mobiles: i % 7 === 0 ? ['13800001111'] : [],
  });

describe('100 alerts in a minute', () => {
  it('reach every robot, none lost, none over the limit, merged once the burst outruns the limit', async () => {
    const deps = {
      robots,
      transport: fetchRobotTransport(),
      sendLog: memoryRobotSendLog(),
      clock,
      sleep: async (ms: number) => {
        now += ms;
      },
      publicBaseUrl: 'https://desk.example.com',
    };
    const alerts = Array.from({ length: 100 }, (_, i) => alertNo(i));
    const arrival = (i: number) => T0 + i * 600; // 100 in 60 seconds
    const queue: StaffAlert[] = [];
    let next = 0;
    let lastArrival = T0;
    // The queue's consumer: whatever arrived is one batch; then the batching window (5 s).
    while (next < alerts.length || queue.length > 0) {
      while (next < alerts.length && arrival(next) <= now) {
        lastArrival = arrival(next);
        queue.push(alerts[next++]!);
      }
      if (queue.length > 0) {
        const result = await deliverRobotAlerts(deps, queue.splice(0));
        expect(result.retry).toEqual([]);
      }
      now += 5_000;
    }

    expect(receivers.refused()).toEqual([]);
    const received = await receivers.received();
    for (const platform of ['wecom', 'dingtalk', 'feishu'] as const) {
      const mine = received.filter((m) => m.channel === platform);
      const ids = new Set(
        mine.flatMap((m) => [...m.body!.matchAll(/SO-THR-(\d+)#/g)].map((x) => Number(x[1]))),
      );
      expect(ids.size, platform).toBe(100);
      expect(mine.length, platform).toBeLessThan(100);
      const times = mine.map((m) => Date.parse(m.sentAt)).sort((a, b) => a - b);
      for (const t of times) {
        const inMinute = times.filter((u) => u >= t && u < t + 60_000).length;
        expect(
          inMinute,
          `${platform} sends in the minute from ${new Date(t).toISOString()}`,
        ).toBeLessThanOrEqual(ROBOT_MESSAGES_PER_MINUTE);
      }
      // Delivered without being held back for minutes.
      expect(times.at(-1)! - lastArrival, platform).toBeLessThanOrEqual(90_000);
    }
    expect(ROBOT_MESSAGES_PER_MINUTE).toBeLessThanOrEqual(PLATFORM_LIMIT_PER_MINUTE);
  });
});

describe('a robot that refuses', () => {
  it('hands the alert back for that robot alone (a refused signature is not retried at once); the others get it', async () => {
    const waits: number[] = [];
    const wrong: Robot = { ...robots[1]!, name: 'ding-wrong-secret', secret: 'SEC-not-this-one' };
    const deps = {
      robots: [robots[0]!, wrong],
      transport: fetchRobotTransport(),
      sendLog: memoryRobotSendLog(),
      clock,
      sleep: async (ms: number) => {
        waits.push(ms);
        now += ms;
      },
      publicBaseUrl: 'https://desk.example.com',
    };
    now += 120_000;
    const before = (await receivers.received()).length;
    const result = await deliverRobotAlerts(deps, [alertNo(500)]);
    expect(result.retry).toEqual([{ ...alertNo(500), robots: ['ding-wrong-secret'], attempt: 1 }]);
    expect(result.messages).toEqual({ wecom: 1, 'ding-wrong-secret': 0 });
    const got = (await receivers.received()).slice(before);
    expect(got.map((m) => m.channel)).toEqual(['wecom']);
    expect(receivers.refused().at(-1)).toMatchObject({ platform: 'dingtalk', code: 310000 });
  });
});
