/**
 * One or more staff alerts as the request a group robot takes (docs/robots.md), in each
 * platform's own format:
 * - WeCom: `markdown` ({content}); `text` with `mentioned_mobile_list` when staff are to be
 *   @-mentioned (WeCom's markdown cannot mention by mobile).
 * - DingTalk: `actionCard` with buttons (the order page, approvers' signed approval pages) for
 *   one alert; `markdown` with `at.atMobiles` otherwise (an action card cannot mention).
 * - Feishu: an `interactive` card — header, `lark_md` text, buttons with `url`. Custom bots
 *   mention by user id only, not by mobile, so Feishu cards mention nobody.
 * Several alerts merged into one message list each with its own links. Chinese first, English
 * second. The signature is added here too (shared/robots/signatures.ts).
 */
import { ALERT_KIND_WORDS, type StaffAlert } from '../domain/staff-alerts.ts';
import type { Robot, RobotPlatform } from './config.ts';
import { dingtalkSignedUrl, feishuSign } from './signatures.ts';

export interface RobotRequest {
  url: string;
  headers: Record<string, string>;
  /** The exact JSON text posted. */
  body: string;
}

/** What a message may weigh, in UTF-8 bytes, with room to spare under each platform's limit. */
export const MESSAGE_LIMIT_BYTES: Record<RobotPlatform | 'wecom-text', number> = {
  wecom: 4000, // markdown.content: 4096 bytes
  'wecom-text': 2000, // text.content: 2048 bytes
  dingtalk: 18_000, // 20,000 bytes per message
  feishu: 18_000, // request body: 20 KB
};

/** Text from people (a reason, a plan) cannot open links, tags or mentions in a robot message. */
const plain = (s: string): string =>
  s.replace(/[<>[\]]/g, (c) => ({ '<': '＜', '>': '＞', '[': '［', ']': '］' })[c]!).replace(/\n/g, ' ');

interface Link {
  text: string;
  url: string;
}

/** The order page in the staff console (sign-in required), then the alert's own buttons. */
function linksOf(alert: StaffAlert, baseUrl: string): Link[] {
  return [
    ...(alert.orderId
      ? [
          {
            text: '查看订单 View order',
            url: `${baseUrl}/staff/order.html?id=${encodeURIComponent(alert.orderId)}`,
          },
        ]
      : []),
    ...alert.buttons,
  ];
}

const heading = (a: StaffAlert) => plain(a.title[0]);

/** Markdown of one alert (WeCom, DingTalk and Feishu's lark_md read the same subset). */
function alertMarkdown(a: StaffAlert, baseUrl: string, opts: { links: boolean; level: string }): string {
  const out = [`${opts.level}${heading(a)}`, ...a.zh.map(plain), `> ${plain(a.title[1])}`];
  for (const l of a.en) out.push(`> ${plain(l)}`);
  if (opts.links) for (const l of linksOf(a, baseUrl)) out.push(`[${l.text}](${l.url})`);
  return out.join('\n\n');
}

function alertText(a: StaffAlert, baseUrl: string): string {
  return [
    heading(a),
    ...a.zh.map(plain),
    plain(a.title[1]),
    ...a.en.map(plain),
    ...linksOf(a, baseUrl).map((l) => `${l.text}: ${l.url}`),
  ].join('\n');
}

const titleOf = (alerts: readonly StaffAlert[]) =>
  alerts.length === 1 ? plain(alerts[0]!.title[0]) : `订单提醒 ${alerts.length} 条 / ${alerts.length} alerts`;

const mobilesOf = (robot: Robot, alerts: readonly StaffAlert[]) =>
  robot.mention ? [...new Set(alerts.flatMap((a) => a.mobiles))] : [];

function wecomBody(robot: Robot, alerts: readonly StaffAlert[], baseUrl: string): object {
  const mobiles = mobilesOf(robot, alerts);
  if (mobiles.length > 0) {
    const content = alerts.map((a) => alertText(a, baseUrl)).join('\n——————\n');
    return { msgtype: 'text', text: { content, mentioned_mobile_list: mobiles } };
  }
  const level = alerts.length === 1 ? '### ' : '#### ';
  const parts = alerts.map((a) => alertMarkdown(a, baseUrl, { links: true, level }));
  const content = alerts.length === 1 ? parts[0]! : [`### ${titleOf(alerts)}`, ...parts].join('\n\n');
  return { msgtype: 'markdown', markdown: { content } };
}

function dingtalkBody(robot: Robot, alerts: readonly StaffAlert[], baseUrl: string): object {
  const mobiles = mobilesOf(robot, alerts);
  const title = titleOf(alerts);
  const only = alerts.length === 1 ? alerts[0]! : undefined;
  if (only && mobiles.length === 0 && linksOf(only, baseUrl).length > 0) {
    return {
      msgtype: 'actionCard',
      actionCard: {
        title,
        text: alertMarkdown(only, baseUrl, { links: false, level: '### ' }),
        btnOrientation: '0',
        btns: linksOf(only, baseUrl).map((l) => ({ title: l.text, actionURL: l.url })),
      },
    };
  }
  const level = only ? '### ' : '#### ';
  const parts = alerts.map((a) => alertMarkdown(a, baseUrl, { links: true, level }));
  // DingTalk highlights a mention only when the text carries @<mobile> too.
  const text = [
    ...(only ? [] : [`### ${title}`]),
    ...parts,
    ...(mobiles.length ? [mobiles.map((m) => `@${m}`).join(' ')] : []),
  ].join('\n\n');
  return { msgtype: 'markdown', markdown: { title, text }, at: { atMobiles: mobiles, isAtAll: false } };
}

function feishuCard(alerts: readonly StaffAlert[], baseUrl: string): object {
  const only = alerts.length === 1 ? alerts[0]! : undefined;
  const urgent = alerts.some((a) => ALERT_KIND_WORDS[a.kind].urgent);
  const md = (content: string) => ({ tag: 'div', text: { tag: 'lark_md', content } });
  const elements: object[] = only
    ? [md(alertMarkdown(only, baseUrl, { links: false, level: '' }).replace(/^.*?\n\n/, ''))]
    : alerts.flatMap((a, i) => [
        ...(i > 0 ? [{ tag: 'hr' }] : []),
        md(alertMarkdown(a, baseUrl, { links: true, level: '' }).replace(/^(.*?)\n\n/, '**$1**\n')),
      ]);
  if (only) {
    elements.push({
      tag: 'action',
      actions: linksOf(only, baseUrl).map((l, i) => ({
        tag: 'button',
        text: { tag: 'plain_text', content: l.text },
        type: i === 0 ? 'default' : 'primary',
        url: l.url,
      })),
    });
  }
  return {
    msg_type: 'interactive',
    card: {
      config: { wide_screen_mode: true },
      header: { title: { tag: 'plain_text', content: titleOf(alerts) }, template: urgent ? 'red' : 'blue' },
      elements,
    },
  };
}

/** The JSON body of `alerts` for the robot, before signing (Feishu's signature goes in it). */
export function robotBody(robot: Robot, alerts: readonly StaffAlert[], baseUrl: string): object {
  switch (robot.platform) {
    case 'wecom':
      return wecomBody(robot, alerts, baseUrl);
    case 'dingtalk':
      return dingtalkBody(robot, alerts, baseUrl);
    case 'feishu':
      return feishuCard(alerts, baseUrl);
  }
}

/** Whether the message of `alerts` fits the platform's size limit. */
export function fits(robot: Robot, alerts: readonly StaffAlert[], baseUrl: string): boolean {
  const body = robotBody(robot, alerts, baseUrl) as { msgtype?: string };
  const key = robot.platform === 'wecom' && body.msgtype === 'text' ? 'wecom-text' : robot.platform;
  // WeCom limits the content; the others the whole message.
  const bytes = robot.platform === 'wecom' ? contentBytes(body) : Buffer.byteLength(JSON.stringify(body));
  return bytes <= MESSAGE_LIMIT_BYTES[key];
}

function contentBytes(body: object): number {
  const b = body as { markdown?: { content: string }; text?: { content: string } };
  return Buffer.byteLength(b.markdown?.content ?? b.text?.content ?? '');
}

/** The signed request: DingTalk signs in the URL, Feishu in the body (times from `nowMs`). */
export function robotRequest(
  robot: Robot,
  alerts: readonly StaffAlert[],
  baseUrl: string,
  nowMs: number,
): RobotRequest {
  let body = robotBody(robot, alerts, baseUrl);
  let url = robot.url;
  if (robot.secret && robot.platform === 'dingtalk') url = dingtalkSignedUrl(url, robot.secret, nowMs);
  if (robot.secret && robot.platform === 'feishu') {
    const timestamp = Math.floor(nowMs / 1000);
    body = { timestamp: String(timestamp), sign: feishuSign(robot.secret, timestamp), ...body };
  }
  return { url, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}
