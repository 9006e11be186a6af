/**
 * Which group robots get which alerts (docs/robots.md): `ORDERDESK_ROBOTS` locally, the CDK
 * context value `robots` plus the robot-webhooks secret on AWS. JSON, robot name → robot:
 *
 *   {"wecom": {"url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…", "events": ["*"]},
 *    "gm-dingtalk": {"platform": "dingtalk", "url": "…?access_token=…", "secret": "SEC…",
 *                    "events": ["approval-requested", "approval-escalated"]}}
 *
 * A robot named after its platform needs no `platform`. A bad value is refused field by field.
 */
import * as z from 'zod';
import { ALERT_KINDS, type AlertKind } from '../domain/staff-alerts.ts';

export const ROBOT_PLATFORMS = ['wecom', 'dingtalk', 'feishu'] as const;
export type RobotPlatform = (typeof ROBOT_PLATFORMS)[number];

const robotSchema = z.strictObject({
  platform: z.enum(ROBOT_PLATFORMS).optional(),
  url: z.url({ protocol: /^https?$/, error: 'must be the robot’s webhook address (http or https)' }),
  /** DingTalk's 加签 secret (SEC…) or Feishu's 签名校验 secret; WeCom has none (its key is in the URL). */
  secret: z.string().min(1).max(200).optional(),
  events: z
    .array(z.enum([...ALERT_KINDS, '*'], { error: `must be one of ${ALERT_KINDS.join(', ')} or *` }))
    .min(1, 'name at least one alert kind, or "*" for all'),
  /** @-mention the staff concerned by mobile number where the platform can (default true). */
  mention: z.boolean().optional(),
});

const NAME = /^[a-z][a-z0-9-]{0,39}$/;

export interface Robot {
  name: string;
  platform: RobotPlatform;
  url: string;
  secret?: string;
  events: readonly AlertKind[];
  mention: boolean;
}

/** What each platform's webhook address must carry. */
function urlProblem(platform: RobotPlatform, url: URL): string | undefined {
  if (platform === 'wecom' && !url.searchParams.get('key'))
    return 'a WeCom webhook needs its key=… in the URL';
  if (platform === 'dingtalk' && !url.searchParams.get('access_token'))
    return 'a DingTalk webhook needs its access_token=… in the URL';
  if (platform === 'feishu' && !/\/bot\/v2\/hook\/[^/]+$/.test(url.pathname))
    return 'a Feishu webhook ends in /open-apis/bot/v2/hook/<token>';
  return undefined;
}

/** Robots of a parsed JSON value; every problem is named by its path under `setting`. */
export function parseRobotsValue(raw: unknown, setting: string): Robot[] {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`${setting} must be a JSON object: robot name → { url, secret?, events }`);
  }
  const robots: Robot[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (!NAME.test(name)) problems.push(`${setting}.${name}: a robot name is a-z, 0-9 and -`);
    const parsed = robotSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${[setting, name, ...issue.path].join('.')}: ${issue.message}`);
      }
      continue;
    }
    const r = parsed.data;
    const platform = r.platform ?? (ROBOT_PLATFORMS as readonly string[]).find((p) => p === name);
    if (!platform) {
      problems.push(`${setting}.${name}.platform: say wecom, dingtalk or feishu (the name is none of them)`);
      continue;
    }
    const p = platform as RobotPlatform;
    const bad = urlProblem(p, new URL(r.url));
    if (bad) problems.push(`${setting}.${name}.url: ${bad}`);
    if (p === 'wecom' && r.secret) {
      problems.push(`${setting}.${name}.secret: WeCom robots have no signing secret (the key is in the URL)`);
    }
    robots.push({
      name,
      platform: p,
      url: r.url,
      ...(r.secret ? { secret: r.secret } : {}),
      events: r.events.includes('*') ? ALERT_KINDS : (r.events as AlertKind[]),
      mention: r.mention ?? true,
    });
  }
  if (problems.length > 0) throw new Error(`${setting} is not valid: ${problems.join('; ')}`);
  return robots;
}

/** Robots of a JSON setting; unset or empty is no robots. */
export function parseRobots(json: string | undefined, setting: string): Robot[] {
  if (json === undefined || json.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(`${setting} must be JSON: {"wecom": {"url": "…", "events": ["*"]}, …}`);
  }
  return parseRobotsValue(raw, setting);
}

/**
 * On AWS the webhook addresses and secrets (credentials both) are kept in Secrets Manager, the
 * routing in the function's environment: the two are joined by robot name before parsing.
 */
export function joinRobotSecrets(routing: unknown, secrets: unknown, setting: string): Robot[] {
  if (typeof routing !== 'object' || routing === null) return parseRobotsValue(routing, setting);
  const bag = (typeof secrets === 'object' && secrets !== null ? secrets : {}) as Record<string, unknown>;
  const joined = Object.fromEntries(
    Object.entries(routing).map(([name, value]) => [
      name,
      { ...(value as object), ...((bag[name] as object | undefined) ?? {}) },
    ]),
  );
  return parseRobotsValue(joined, setting);
}
