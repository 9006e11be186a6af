/**
 * The group robots' request shapes and signatures (docs/robots.md), against what each platform
 * documents. The expected signatures were computed apart from this code, with openssl, from the
 * documented algorithms:
 *   DingTalk: printf '%s\n%s' "$ts" "$secret" | openssl dgst -sha256 -hmac "$secret" -binary | base64
 *   Feishu:   printf '' | openssl dgst -sha256 -hmac "$(printf '%s\n%s' $ts $secret)" -binary | base64
 */
import { describe, expect, it } from 'vitest';
import { type StaffAlert, staffAlertSchema } from '#shared/domain/staff-alerts.ts';
import type { Robot } from '#shared/robots/config.ts';
import { fits, MESSAGE_LIMIT_BYTES, robotRequest } from '#shared/robots/formats.ts';
import { dingtalkSign, dingtalkSignedUrl, feishuSign } from '#shared/robots/signatures.ts';

const DING_SECRET = 'SECd7e2a6b0c4f1e5a9b3c8d2f6e0a4b7c1d5e9f3a2b6c0d4e8f2a6b1c5d9e3f7a0b4';
const FEISHU_SECRET = 'qtXkNVh0bUZ6Xq6R1bEKfb';
const NOW_MS = 1_700_000_000_000;
const BASE = 'https://desk.example.com';

const robot = (platform: Robot['platform'], extra: Partial<Robot> = {}): Robot => ({
  name: platform,
  platform,
  url: {
    wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
    dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=XXXXXX',
    feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/xxxxxxxxxxxxxxxxx',
  }[platform],
  events: ['approval-requested'],
  mention: true,
  ...extra,
});

const alert = (over: Partial<StaffAlert> = {}): StaffAlert =>
  staffAlertSchema.parse({
    id: 'a1',
    kind: 'approval-requested',
    at: '2026-03-02T02:00:00.000Z',
    orderId: 'ORD1',
    title: ['待审批：订单 SO-20260302-0001', 'Approval needed: order SO-20260302-0001'],
    zh: ['订单 SO-20260302-0001（华东机电，¥12,000.00）需要总经理审批。'],
    en: ['Order SO-20260302-0001 (Huadong, ¥12,000.00) needs the general manager.'],
    buttons: [{ text: '审批 王总 Decide', url: `${BASE}/approvals/01ABC.0?sig=xyz` }],
    ...over,
  });

describe('signatures', () => {
  it('signs DingTalk as documented: HMAC-SHA256(secret, timestamp\\nsecret), base64, URL-encoded in the query', () => {
    expect(dingtalkSign(DING_SECRET, NOW_MS)).toBe('NPmgkT6JPGCuH9PxBNh4kWDJ7MRcFT46muFhjQZk8ck=');
    const url = new URL(dingtalkSignedUrl(robot('dingtalk').url, DING_SECRET, NOW_MS));
    expect(url.searchParams.get('access_token')).toBe('XXXXXX');
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    expect(url.search).toContain('&sign=NPmgkT6JPGCuH9PxBNh4kWDJ7MRcFT46muFhjQZk8ck%3D');
  });

  it('signs Feishu as documented: HMAC-SHA256 keyed by timestamp\\nsecret over nothing, timestamp in seconds', () => {
    expect(feishuSign(FEISHU_SECRET, 1_700_000_000)).toBe('9UVVfr5GhaL/2YOSPxVmJP2UVYTNXgiTraTVSpzuNxU=');
    const req = robotRequest(robot('feishu', { secret: FEISHU_SECRET }), [alert()], BASE, NOW_MS + 999);
    const body = JSON.parse(req.body);
    expect(body.timestamp).toBe('1700000000');
    expect(body.sign).toBe('9UVVfr5GhaL/2YOSPxVmJP2UVYTNXgiTraTVSpzuNxU=');
    expect(req.url).toBe(robot('feishu').url);
  });

  it('leaves an unsigned robot’s URL and body alone', () => {
    const req = robotRequest(robot('dingtalk'), [alert()], BASE, NOW_MS);
    expect(req.url).toBe(robot('dingtalk').url);
    expect(JSON.parse(robotRequest(robot('feishu'), [alert()], BASE, NOW_MS).body).sign).toBeUndefined();
  });
});

describe('WeCom', () => {
  it('sends markdown with the order link and the approval button as links', () => {
    const req = robotRequest(robot('wecom'), [alert({ mobiles: [] })], BASE, NOW_MS);
    expect(req.headers['content-type']).toContain('application/json');
    const body = JSON.parse(req.body);
    expect(Object.keys(body)).toEqual(['msgtype', 'markdown']);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toMatch(/^### 待审批：订单 SO-20260302-0001/);
    expect(body.markdown.content).toContain(`[查看订单 View order](${BASE}/staff/order.html?id=ORD1)`);
    expect(body.markdown.content).toContain(`(${BASE}/approvals/01ABC.0?sig=xyz)`);
    expect(body.markdown.content).toContain('> Approval needed: order SO-20260302-0001');
  });

  it('mentions staff by mobile in a text message, markdown being unable to', () => {
    const body = JSON.parse(
      robotRequest(robot('wecom'), [alert({ mobiles: ['13800001111'] })], BASE, NOW_MS).body,
    );
    expect(body.msgtype).toBe('text');
    expect(body.text.mentioned_mobile_list).toEqual(['13800001111']);
    expect(body.text.content).toContain(`${BASE}/staff/order.html?id=ORD1`);
  });

  it('mentions nobody when the robot is configured not to', () => {
    const body = JSON.parse(
      robotRequest(robot('wecom', { mention: false }), [alert({ mobiles: ['13800001111'] })], BASE, NOW_MS)
        .body,
    );
    expect(body.msgtype).toBe('markdown');
  });
});

describe('DingTalk', () => {
  it('sends one alert with links as an action card whose buttons open the order and the signed approval page', () => {
    const body = JSON.parse(robotRequest(robot('dingtalk'), [alert()], BASE, NOW_MS).body);
    expect(body.msgtype).toBe('actionCard');
    expect(body.actionCard.title).toBe('待审批：订单 SO-20260302-0001');
    expect(body.actionCard.btns).toEqual([
      { title: '查看订单 View order', actionURL: `${BASE}/staff/order.html?id=ORD1` },
      { title: '审批 王总 Decide', actionURL: `${BASE}/approvals/01ABC.0?sig=xyz` },
    ]);
  });

  it('sends markdown with at.atMobiles, and @mobile in the text, when staff are mentioned', () => {
    const body = JSON.parse(
      robotRequest(robot('dingtalk'), [alert({ mobiles: ['13800001111'] })], BASE, NOW_MS).body,
    );
    expect(body.msgtype).toBe('markdown');
    expect(body.at).toEqual({ atMobiles: ['13800001111'], isAtAll: false });
    expect(body.markdown.title).toContain('SO-20260302-0001');
    expect(body.markdown.text).toContain('@13800001111');
    expect(body.markdown.text).toContain(`(${BASE}/approvals/01ABC.0?sig=xyz)`);
  });
});

describe('Feishu', () => {
  it('sends an interactive card: header, lark_md text, buttons with url', () => {
    const body = JSON.parse(robotRequest(robot('feishu'), [alert()], BASE, NOW_MS).body);
    expect(body.msg_type).toBe('interactive');
    expect(body.card.header.title).toEqual({
      tag: 'plain_text',
      content: '待审批：订单 SO-20260302-0001',
    });
    const [text, action] = body.card.elements;
    expect(text.text.tag).toBe('lark_md');
    expect(text.text.content).toContain('需要总经理审批');
    expect(action.tag).toBe('action');
    expect(action.actions.map((a: { url: string }) => a.url)).toEqual([
      `${BASE}/staff/order.html?id=ORD1`,
      `${BASE}/approvals/01ABC.0?sig=xyz`,
    ]);
    expect(action.actions[0].text).toEqual({ tag: 'plain_text', content: '查看订单 View order' });
  });
});

describe('merged alerts', () => {
  const many = Array.from({ length: 5 }, (_, i) =>
    alert({ id: `a${i}`, orderId: `ORD${i}`, title: [`订单 SO-${i}`, `Order SO-${i}`], buttons: [] }),
  );

  it.each(['wecom', 'dingtalk', 'feishu'] as const)(
    '%s: one message lists every alert with its own link',
    (p) => {
      const body = robotRequest(robot(p), many, BASE, NOW_MS).body;
      for (let i = 0; i < 5; i++) {
        expect(body).toContain(`订单 SO-${i}`);
        expect(body).toContain(`/staff/order.html?id=ORD${i}`);
      }
      expect(body).toContain('订单提醒 5 条 / 5 alerts');
    },
  );

  it('keeps to each platform’s size limit', () => {
    const big = Array.from({ length: 60 }, (_, i) => alert({ id: `b${i}`, zh: ['很长的说明'.repeat(20)] }));
    for (const p of ['wecom', 'dingtalk', 'feishu'] as const) {
      expect(fits(robot(p, { mention: false }), big.slice(0, 1), BASE)).toBe(true);
      expect(fits(robot(p, { mention: false }), big, BASE)).toBe(false);
    }
    expect(MESSAGE_LIMIT_BYTES.wecom).toBeLessThan(4096);
  });
});

describe('what staff read', () => {
  it('keeps people’s text from opening links or tags', () => {
    const body = robotRequest(
      robot('wecom', { mention: false }),
      [alert({ zh: ['原因：[点我](http://evil) <font>'], buttons: [] })],
      BASE,
      NOW_MS,
    ).body;
    expect(body).not.toContain('](http://evil)');
    expect(body).not.toContain('<font>');
  });
});
