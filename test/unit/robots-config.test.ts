/** ORDERDESK_ROBOTS (docs/robots.md): what a robot needs, refused field by field. */
import { describe, expect, it } from 'vitest';
import { ALERT_KINDS } from '#shared/domain/staff-alerts.ts';
import { joinRobotSecrets, parseRobots } from '#shared/robots/config.ts';

const S = 'ORDERDESK_ROBOTS';

describe('ORDERDESK_ROBOTS', () => {
  it('reads robots named after their platform, "*" meaning every alert kind', () => {
    const robots = parseRobots(
      JSON.stringify({
        wecom: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', events: ['*'] },
        dingtalk: {
          url: 'https://oapi.dingtalk.com/robot/send?access_token=t',
          secret: 'SEC1',
          events: ['approval-requested'],
        },
      }),
      S,
    );
    expect(robots.map((r) => [r.name, r.platform, r.events.length, r.mention])).toEqual([
      ['wecom', 'wecom', ALERT_KINDS.length, true],
      ['dingtalk', 'dingtalk', 1, true],
    ]);
  });

  it('reads any number of robots per platform, named freely with a platform', () => {
    const [r] = parseRobots(
      JSON.stringify({
        'gm-group': {
          platform: 'feishu',
          url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc',
          events: ['approval-escalated'],
          mention: false,
        },
      }),
      S,
    );
    expect(r).toMatchObject({ name: 'gm-group', platform: 'feishu', mention: false });
  });

  it('is empty when unset', () => {
    expect(parseRobots(undefined, S)).toEqual([]);
    expect(parseRobots(' ', S)).toEqual([]);
  });

  it('names every bad field', () => {
    const run = () =>
      parseRobots(
        JSON.stringify({
          wecom: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', secret: 'x', events: ['*'] },
          'sales-wecom': { platform: 'wecom', url: 'https://qyapi.weixin.qq.com/x?key=k', events: [] },
          dingtalk: { url: 'not a url', events: ['everything'] },
          ops: { url: 'https://example.com/hook', events: ['*'] },
          feishu: { url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc', events: ['*'], colour: 'red' },
        }),
        S,
      );
    expect(run).toThrow(/ORDERDESK_ROBOTS\.sales-wecom\.events: name at least one alert kind/);
    expect(run).toThrow(/ORDERDESK_ROBOTS\.wecom\.url: a WeCom webhook needs its key=/);
    expect(run).toThrow(/ORDERDESK_ROBOTS\.wecom\.secret: WeCom robots have no signing secret/);
    expect(run).toThrow(/ORDERDESK_ROBOTS\.dingtalk\.url: must be the robot’s webhook address/);
    expect(run).toThrow(/ORDERDESK_ROBOTS\.dingtalk\.events\.0: must be one of urgent-order/);
    expect(run).toThrow(/ORDERDESK_ROBOTS\.ops\.platform: say wecom, dingtalk or feishu/);
    expect(run).toThrow(/ORDERDESK_ROBOTS\.feishu: Unrecognized key: "colour"/);
  });

  it('refuses what is not JSON, or not an object', () => {
    expect(() => parseRobots('{wecom', S)).toThrow('ORDERDESK_ROBOTS must be JSON');
    expect(() => parseRobots('[]', S)).toThrow('ORDERDESK_ROBOTS must be a JSON object');
  });

  it('joins the routing of the environment with the addresses and secrets of Secrets Manager', () => {
    const [r] = joinRobotSecrets(
      { dingtalk: { events: ['*'] } },
      { dingtalk: { url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SEC9' } },
      'robots',
    );
    expect(r).toMatchObject({ platform: 'dingtalk', secret: 'SEC9' });
    expect(() => joinRobotSecrets({ dingtalk: { events: ['*'] } }, {}, 'robots')).toThrow(
      /robots\.dingtalk\.url/,
    );
  });
});
