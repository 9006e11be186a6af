/**
 * Email intake throughput (R-INTAKE-6, issue 5): messages per second from SMTP accept to a
 * registered order, locally. A system child (bench/email-child.ts) runs `startSystem` with its
 * SMTP server; this process sends N complete order emails (distinct senders and Message-IDs)
 * over a few pooled nodemailer connections and polls until every one is registered. Measured
 * twice: as `npm start` runs (confirmations and workflows in the same process) and with the
 * background held back (registration alone, as on AWS where that work runs in other Lambdas).
 *
 * Also: `npx tsx bench/email.ts [--messages N] [--connections N]` prints the section alone.
 */
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { businessDay } from '#shared/domain/calendar.ts';
import { startChild } from './children.ts';
import type { EmailChildInfo } from './email-child.ts';
import { mergeSection } from './merge-section.ts';
import { TARGETS } from './targets.ts';

export const EMAIL_MESSAGES = 300;
export const EMAIL_CONNECTIONS = 4;
const WARMUP = 10;
const LIMIT_MS = 300_000;

export interface EmailRun {
  label: string;
  messages: number;
  connections: number;
  /** s from the first send until the last 250. */
  acceptSeconds: number;
  /** s from the first send until every message was registered. */
  registeredSeconds: number;
  perSecond: number;
  /** Messages that ended elsewhere (attention, quarantined): must be 0. */
  notRegistered: number;
  timedOut: boolean;
}

export interface EmailResults {
  runs: EmailRun[];
}

type Counts = Record<string, number>;

function orderText(i: number, requestedDate: string): string {
  return [
    `客户：基准测试客户 ${i}`,
    `联系电话：139${String(10_000_000 + i).slice(-8)}`,
    '收货地址：江苏省苏州市工业园区星湖街 88 号',
    `交货日期：${requestedDate}`,
    '付款方式：银行转账',
    'BRG-6204 x 20 @ 12.50',
    'GSK-PTFE-50 x 40 @ 4.50',
  ].join('\n');
}

async function sendAll(
  info: EmailChildInfo,
  from: number,
  count: number,
  connections: number,
): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: info.smtpPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: connections,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  const date = businessDay(new Date(Date.now() + 10 * 86_400_000));
  try {
    await Promise.all(
      Array.from({ length: count }, (_, k) => {
        const i = from + k;
        return transport.sendMail({
          from: `bench${i}@customer${i % 50}.example`,
          to: info.intakeAddress,
          subject: `订单 ${i}`,
          messageId: `<bench-${i}-${Date.now()}@bench.example>`,
          text: orderText(i, date),
        });
      }),
    );
  } finally {
    transport.close();
  }
}

async function runOnce(
  label: string,
  dataDir: string,
  background: boolean,
  messages: number,
  connections: number,
): Promise<EmailRun> {
  const child = await startChild<EmailChildInfo>('bench/email-child.ts', { dataDir, background });
  try {
    const counts = () => child.request<Counts>('counts');
    const settled = (c: Counts) => (c['registered'] ?? 0) + (c['attention'] ?? 0) + (c['quarantined'] ?? 0);
    await sendAll(child.info, 0, WARMUP, 1);
    while (settled(await counts()) < WARMUP) await new Promise((r) => setTimeout(r, 50));
    const before = await counts();
    const t0 = performance.now();
    await sendAll(child.info, WARMUP, messages, connections);
    const accepted = performance.now();
    let now = await counts();
    let timedOut = false;
    while (settled(now) - settled(before) < messages) {
      if (performance.now() - t0 > LIMIT_MS) {
        timedOut = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
      now = await counts();
    }
    const done = performance.now();
    const registered = (now['registered'] ?? 0) - (before['registered'] ?? 0);
    return {
      label,
      messages,
      connections,
      acceptSeconds: (accepted - t0) / 1000,
      registeredSeconds: (done - t0) / 1000,
      perSecond: registered / ((done - t0) / 1000),
      notRegistered: messages - registered,
      timedOut,
    };
  } finally {
    await child.stop();
  }
}

/** Runs of (a): the machine's noise moves one run by ±15%, so the verdict takes their median. */
const A_RUNS = 3;

export async function measureEmail(
  work: string,
  messages = EMAIL_MESSAGES,
  connections = EMAIL_CONNECTIONS,
): Promise<EmailResults> {
  const runs: EmailRun[] = [];
  for (let i = 1; i <= A_RUNS; i++) {
    runs.push(
      await runOnce(
        `(a) as npm start runs (background on), run ${i}`,
        join(work, `email-a${i}`),
        true,
        messages,
        connections,
      ),
    );
  }
  runs.push(await runOnce('(b) background held back', join(work, 'email-b'), false, messages, connections));
  return { runs };
}

const backgroundOn = (r: EmailResults) => r.runs.filter((x) => x.label.startsWith('(a)'));

/** The median run of (a) by messages per second. */
function medianA(r: EmailResults): EmailRun | undefined {
  const a = [...backgroundOn(r)].sort((x, y) => x.perSecond - y.perSecond);
  return a[Math.floor((a.length - 1) / 2)];
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
export const EMAIL_SECTION = '## Email intake: SMTP accept to registered order';
export const EMAIL_SUMMARY_PREFIX = '| email intake';

/** Judged on the median run of (a), the system as `npm start` runs it; every message registered in every run. */
export const emailVerdict = (r: EmailResults): boolean => {
  const a = medianA(r);
  return Boolean(
    a &&
      backgroundOn(r).every((x) => !x.timedOut && x.notRegistered === 0) &&
      a.perSecond >= TARGETS.emailMessagesPerSecond,
  );
};

export function emailSummaryRow(r: EmailResults): string {
  const a = medianA(r);
  const b = r.runs.find((x) => x.label.startsWith('(b)'));
  const spread = backgroundOn(r).map((x) => f1(x.perSecond));
  return row([
    `email intake ≥ ${TARGETS.emailMessagesPerSecond} messages/s, SMTP accept → registered order`,
    `${f1(a?.perSecond ?? Number.NaN)}/s (a, median of ${spread.join(', ')}), ${f1(b?.perSecond ?? Number.NaN)}/s (b); ` +
      `${a?.messages ?? 0} messages, ${a?.connections ?? 0} connections`,
    emailVerdict(r) ? '**PASS**' : '**FAIL**',
  ]);
}

export function renderEmail(r: EmailResults, note = ''): string[] {
  return [
    EMAIL_SECTION,
    '',
    ...(note ? [note, ''] : []),
    'Complete Chinese order emails (two item lines each, distinct senders and Message-IDs) sent with nodemailer over ' +
      'pooled SMTP connections to the local intake server of a system child process, after a warm-up of ' +
      `${WARMUP} messages. Each message is written to disk (raw + spool, fsynced) before its 250, then read by ` +
      '`receive-email`: parsed, identified, read into an order and registered (inbound item, order, customer). ' +
      '"registered" is the time until the last inbound item reached `registered`.',
    '',
    '| run | messages | connections | all accepted (s) | all registered (s) | messages/s | not registered |',
    '| --- | --: | --: | --: | --: | --: | --: |',
    ...r.runs.map((x) =>
      row([
        x.label + (x.timedOut ? ' (timed out)' : ''),
        x.messages,
        x.connections,
        f1(x.acceptSeconds),
        f1(x.registeredSeconds),
        f1(x.perSecond),
        x.notRegistered,
      ]),
    ),
    '',
    `Target: at least ${TARGETS.emailMessagesPerSecond} messages/s end to end in the median run of (a), every ` +
      'message registered in every run: ' +
      `${emailVerdict(r) ? '**PASS**' : '**FAIL**'}.`,
  ];
}

/** Replaces (or appends) the section and its summary row in an existing results.md. */
export function mergeEmail(existing: string, r: EmailResults, note: string): string {
  return mergeSection(existing, {
    heading: EMAIL_SECTION,
    lines: renderEmail(r, note),
    summaryPrefix: EMAIL_SUMMARY_PREFIX,
    summaryRow: emailSummaryRow(r),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const work = await mkdtemp(join(tmpdir(), 'orderdesk-bench-email-'));
  try {
    const r = await measureEmail(
      work,
      arg('messages', EMAIL_MESSAGES),
      arg('connections', EMAIL_CONNECTIONS),
    );
    console.log([emailSummaryRow(r), '', ...renderEmail(r)].join('\n'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
