/** The group robots of the local runtime (docs/robots.md): configured ones, or local ones. */
import { createHmac } from 'node:crypto';
import { parseRobots } from '#shared/robots/config.ts';
import { type LocalRobot, type LocalRobots, startLocalRobots } from './robot-receivers.ts';

/**
 * The robots of ORDERDESK_ROBOTS (refused field by field), or by default one local robot per
 * platform — DingTalk and Feishu signed with secrets kept from the tracking secret, so they
 * outlive a restart — each taking every alert kind.
 */
export async function startRobots(
  configured: string | undefined,
  trackingSecret: string,
  file: string,
): Promise<{ json: string; local?: LocalRobots }> {
  if (configured !== undefined && configured.trim() !== '') {
    parseRobots(configured, 'ORDERDESK_ROBOTS');
    return { json: configured };
  }
  const secretOf = (p: string) =>
    createHmac('sha256', trackingSecret).update(`robot:${p}`).digest('base64url');
  const defaults: LocalRobot[] = [
    { platform: 'wecom', token: 'local-wecom' },
    { platform: 'dingtalk', token: 'local-dingtalk', secret: `SEC${secretOf('dingtalk')}` },
    { platform: 'feishu', token: 'local-feishu', secret: secretOf('feishu') },
  ];
  const local = await startLocalRobots({ robots: defaults, file });
  const json = JSON.stringify(
    Object.fromEntries(
      defaults.map((r) => [
        r.platform,
        { url: local.urlOf(r), ...(r.secret ? { secret: r.secret } : {}), events: ['*'] },
      ]),
    ),
  );
  return { json, local };
}
