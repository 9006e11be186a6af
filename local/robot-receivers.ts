/**
 * Local group robots (docs/robots.md): one loopback HTTP server that answers as WeCom's,
 * DingTalk's and Feishu's webhooks do — same paths, same signature checks, same error codes,
 * and the same limit of 20 messages a minute per robot — and records every message it accepts
 * in `<data dir>/robot-outbox.jsonl`, shown in the local outbox with channel `wecom`,
 * `dingtalk` or `feishu`, the URL, the headers and the exact JSON body.
 *   WeCom     POST /cgi-bin/webhook/send?key=<key>
 *   DingTalk  POST /robot/send?access_token=<token>[&timestamp=<ms>&sign=<sign>]
 *   Feishu    POST /open-apis/bot/v2/hook/<token>   ({timestamp, sign} in the body)
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RobotPlatform } from '#shared/robots/config.ts';
import { dingtalkSign, feishuSign } from '#shared/robots/signatures.ts';
import type { OutboxMessage } from './ses.ts';

/** What each platform allows per robot and minute. */
export const PLATFORM_LIMIT_PER_MINUTE = 20;
/** How far a signed timestamp may be from now (DingTalk and Feishu: one hour). */
const SIGNATURE_WINDOW_MS = 3_600_000;

export interface LocalRobot {
  platform: RobotPlatform;
  /** The key / access_token / hook token of its URL. */
  token: string;
  secret?: string;
}

export interface LocalRobots {
  baseUrl: string;
  /** The webhook URL of a robot as its platform shapes it. */
  urlOf(robot: Pick<LocalRobot, 'platform' | 'token'>): string;
  /** Every message accepted, oldest first. */
  received(): Promise<OutboxMessage[]>;
  /** Requests refused, with the platform's code (bad signature, over the limit…). */
  refused(): { platform: RobotPlatform; token: string; code: number; at: number }[];
  close(): Promise<void>;
}

type Answer = { code: number; msg: string };
const ok: Answer = { code: 0, msg: 'ok' };

/** Each platform's way of saying ok, too fast, or bad signature. */
const ERRORS: Record<RobotPlatform, { tooFast: Answer; badSign: Answer; badBody: Answer; unknown: Answer }> =
  {
    wecom: {
      tooFast: { code: 45009, msg: 'api freq out of limit' },
      badSign: { code: 93000, msg: 'invalid webhook url' },
      badBody: { code: 40008, msg: 'invalid message type' },
      unknown: { code: 93000, msg: 'invalid webhook url' },
    },
    dingtalk: {
      tooFast: { code: 130101, msg: 'send too fast, exceed 20 times per minute' },
      badSign: { code: 310000, msg: 'sign not match' },
      badBody: { code: 40035, msg: 'missing parameter msgtype' },
      unknown: { code: 300001, msg: 'token is not exist' },
    },
    feishu: {
      tooFast: { code: 9499, msg: 'too many request' },
      badSign: { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' },
      badBody: { code: 9499, msg: 'Bad Request' },
      unknown: { code: 19001, msg: 'param invalid: incoming webhook access token invalid' },
    },
  };

const reply = (platform: RobotPlatform, a: Answer) =>
  platform === 'feishu'
    ? { code: a.code, msg: a.code === 0 ? 'success' : a.msg, data: {} }
    : { errcode: a.code, errmsg: a.msg };

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function route(url: URL): { platform: RobotPlatform; token: string } | undefined {
  if (url.pathname === '/cgi-bin/webhook/send')
    return { platform: 'wecom', token: url.searchParams.get('key') ?? '' };
  if (url.pathname === '/robot/send')
    return { platform: 'dingtalk', token: url.searchParams.get('access_token') ?? '' };
  const hook = /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/.exec(url.pathname);
  return hook ? { platform: 'feishu', token: decodeURIComponent(hook[1]!) } : undefined;
}

/** A JSON body as received: read by path, anything missing is undefined. */
type Json = { [key: string]: unknown };
const field = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Json)[key] : undefined), value);
const str = (value: unknown): string => (value === undefined ? '' : String(value));

/** The title and text a person would read, for the outbox page; undefined for an unknown type. */
function readable(body: Json): { subject: string; text: string } | undefined {
  switch (body['msgtype'] ?? body['msg_type']) {
    case 'markdown':
      return field(body, 'markdown', 'content') !== undefined
        ? { subject: '', text: str(field(body, 'markdown', 'content')) }
        : { subject: str(field(body, 'markdown', 'title')), text: str(field(body, 'markdown', 'text')) };
    case 'text':
      return { subject: '', text: str(field(body, 'text', 'content')) };
    case 'actionCard':
      return {
        subject: str(field(body, 'actionCard', 'title')),
        text: str(field(body, 'actionCard', 'text')),
      };
    case 'interactive': {
      const elements = (field(body, 'card', 'elements') ?? []) as unknown[];
      const text = elements
        .map((e) => {
          const content = field(e, 'text', 'content');
          if (content !== undefined) return str(content);
          const actions = (field(e, 'actions') ?? []) as unknown[];
          return actions
            .map((a) => `${str(field(a, 'text', 'content'))}: ${str(field(a, 'url'))}`)
            .join('\n');
        })
        .join('\n\n');
      return { subject: str(field(body, 'card', 'header', 'title', 'content')), text };
    }
    default:
      return undefined;
  }
}

export async function startLocalRobots(options: {
  robots: readonly LocalRobot[];
  /** Where accepted messages are kept; in memory when not given. */
  file?: string;
  /** ms since the epoch; tests pass their clock. */
  now?: () => number;
}): Promise<LocalRobots> {
  const now = options.now ?? Date.now;
  const memory: OutboxMessage[] = [];
  const refusedList: ReturnType<LocalRobots['refused']> = [];
  const sends = new Map<string, number[]>();
  let writing: Promise<void> = Promise.resolve();

  async function handle(req: IncomingMessage, url: URL, raw: string): Promise<Answer> {
    const target = route(url);
    if (!target || req.method !== 'POST') return { code: 404, msg: 'not found' };
    const { platform, token } = target;
    const errors = ERRORS[platform];
    const robot = options.robots.find((r) => r.platform === platform && r.token === token);
    if (!robot) return errors.unknown;
    let body: Json;
    try {
      body = JSON.parse(raw);
    } catch {
      return errors.badBody;
    }
    if (robot.secret) {
      const signed =
        platform === 'dingtalk'
          ? { ts: Number(url.searchParams.get('timestamp')), sign: url.searchParams.get('sign') ?? '' }
          : { ts: Number(body['timestamp']) * 1000, sign: String(body['sign'] ?? '') };
      const expected =
        platform === 'dingtalk'
          ? dingtalkSign(robot.secret, signed.ts)
          : feishuSign(robot.secret, signed.ts / 1000);
      if (!(Math.abs(now() - signed.ts) <= SIGNATURE_WINDOW_MS) || !same(expected, signed.sign))
        return errors.badSign;
    }
    const shown = readable(body);
    if (!shown) return errors.badBody;
    const key = `${platform}:${token}`;
    const at = now();
    const recent = (sends.get(key) ?? []).filter((t) => t > at - 60_000);
    if (recent.length >= PLATFORM_LIMIT_PER_MINUTE) return errors.tooFast;
    sends.set(key, [...recent, at]);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !['host', 'connection', 'content-length'].includes(name))
        headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const message: OutboxMessage = {
      id: randomUUID(),
      channel: platform,
      to: [token],
      subject: shown.subject,
      text: shown.text,
      html: '',
      attachments: [],
      headers,
      url: url.toString(),
      body: raw,
      sentAt: new Date(at).toISOString(),
    };
    memory.push(message);
    if (options.file) {
      const file = options.file;
      writing = writing.then(() => appendFile(file, `${JSON.stringify(message)}\n`, { mode: 0o600 }));
      await writing;
    }
    return ok;
  }

  let base = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', base);
      const target = route(url);
      const answer = await handle(req, url, raw);
      if (answer.code !== 0 && target) refusedList.push({ ...target, code: answer.code, at: now() });
      res.writeHead(answer.code === 404 ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(target ? reply(target.platform, answer) : { error: 'not found' }));
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"errcode":-1,"errmsg":"system busy"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: base,
    urlOf: ({ platform, token }) =>
      platform === 'wecom'
        ? `${base}/cgi-bin/webhook/send?key=${encodeURIComponent(token)}`
        : platform === 'dingtalk'
          ? `${base}/robot/send?access_token=${encodeURIComponent(token)}`
          : `${base}/open-apis/bot/v2/hook/${encodeURIComponent(token)}`,
    async received() {
      if (!options.file) return [...memory];
      await writing.catch(() => {});
      return (await readFile(options.file, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as OutboxMessage);
    },
    refused: () => [...refusedList],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
