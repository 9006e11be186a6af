/**
 * The group-robot messages of a staff alert (docs/robots.md) in the outbox of the real local
 * system, which starts one local robot of each platform by default: WeCom, DingTalk, Feishu.
 */
import { expect } from 'vitest';
import { eventually } from './eventually.ts';
import type { TestSystem } from './system.ts';

export const ROBOT_CHANNELS = ['wecom', 'dingtalk', 'feishu'] as const;
export type RobotChannel = (typeof ROBOT_CHANNELS)[number];

export interface RobotMessage {
  channel: RobotChannel;
  to: string[];
  subject: string;
  text: string;
  url: string;
  body: string;
}

/** The customer contact data of `orderBody()`, which no robot message may carry (R-SEC-1). */
const CUSTOMER_CONTACT = ['buyer@customer.example', '13912345678'];

export async function robotMessages(sys: TestSystem): Promise<RobotMessage[]> {
  return ((await sys.outbox()) as unknown as RobotMessage[]).filter((m) =>
    (ROBOT_CHANNELS as readonly string[]).includes(m.channel),
  );
}

/**
 * Waits until every platform has a message whose title or text has `title` and whose text names
 * `orderNumber` and `including` (when given) — alone or merged with others under the 18-a-minute limit — and
 * checks each in its platform's own format, signed where the platform signs, with no customer
 * phone or email (R-SEC-1), @-mentioning `mentions` where the platform can. Returns all of them.
 */
export async function expectOnEveryRobot(
  sys: TestSystem,
  title: string,
  options: { orderNumber?: string; including?: string; mentions?: string[]; timeoutMs?: number } = {},
): Promise<Record<RobotChannel, RobotMessage[]>> {
  const found = await eventually(
    async () => {
      const hits = (await robotMessages(sys)).filter(
        (m) =>
          `${m.subject}\n${m.text}`.includes(title) &&
          (!options.orderNumber || m.text.includes(options.orderNumber)) &&
          (!options.including || m.text.includes(options.including)),
      );
      const by = Object.fromEntries(
        ROBOT_CHANNELS.map((c) => [c, hits.filter((m) => m.channel === c)]),
      ) as Record<RobotChannel, RobotMessage[]>;
      return ROBOT_CHANNELS.every((c) => by[c].length > 0) ? by : undefined;
    },
    options.timeoutMs ?? 60_000,
    `"${title}" on every robot`,
  );
  for (const m of Object.values(found).flat()) {
    for (const contact of CUSTOMER_CONTACT) {
      expect(m.text).not.toContain(contact);
      expect(m.body).not.toContain(contact);
    }
    const body = JSON.parse(m.body);
    const url = new URL(m.url);
    switch (m.channel) {
      case 'wecom':
        // Markdown cannot mention: an alert with mentions is a text message.
        expect(url.searchParams.get('key')).toBeTruthy();
        expect(['markdown', 'text']).toContain(body.msgtype);
        if (options.mentions?.length) {
          expect(body.msgtype).toBe('text');
          expect(body.text.mentioned_mobile_list).toEqual(expect.arrayContaining(options.mentions));
        }
        break;
      case 'dingtalk':
        // 加签 in the URL; an action card cannot mention, so mentions come as markdown.
        expect(url.searchParams.get('timestamp')).toMatch(/^\d{13}$/);
        expect(url.searchParams.get('sign')).toBeTruthy();
        expect(['actionCard', 'markdown']).toContain(body.msgtype);
        if (options.mentions?.length) {
          expect(body.msgtype).toBe('markdown');
          expect(body.at.atMobiles).toEqual(expect.arrayContaining(options.mentions));
          for (const mobile of options.mentions) expect(body.markdown.text).toContain(`@${mobile}`);
        }
        break;
      case 'feishu':
        // 签名校验 in the body; an interactive card with a header.
        expect(body).toMatchObject({ msg_type: 'interactive', timestamp: expect.stringMatching(/^\d{10}$/) });
        expect(body.sign).toBeTruthy();
        expect(body.card.header.title.content).toBeTruthy();
        break;
    }
  }
  return found;
}
