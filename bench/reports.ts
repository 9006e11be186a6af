/**
 * Report figures at scale (R-REPORT-1, issue "reports"): 100,000 generated orders over 90 days
 * written straight into dynalite on disk (parallel BatchWriteItem, items built by the entity's
 * own `orderToItem`, so they carry the `by-day` keys as intake writes them), then `buildReport`
 * timed through the DynamoDB report source for the daily report and for periods of 1, 7, 30 and
 * 90 days — the cost grows with the orders in the period (and its previous period), read one
 * index day per Query, never a Scan.
 *
 * Also: `npx tsx bench/reports.ts [--orders N] [--days D]` runs it alone and prints the section.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, startDynalite } from '#local/dynamo.ts';
import { DEMO_PRODUCTS } from '#local/seed.ts';
import { dynamoReportSource, mapLimit } from '#shared/adapters/dynamo-report-source.ts';
import { POLICY_RUSH_SETTINGS } from '#shared/domain/rush-settings.ts';
import type { OrderStatus } from '#shared/domain/status.ts';
import { type Order, orderToItem } from '#shared/entities/order-entity.ts';
import { addDays, dayIn, periodBounds } from '#shared/reports/period.ts';
import type { ReportPeriod } from '#shared/reports/report.ts';
import { buildReport } from '#shared/use-cases/build-report.ts';
import { renderReports } from './report-reports.ts';

const TZ = 'Asia/Shanghai';
const TABLE = 'orderdesk';
export const REPORT_ORDERS = 100_000;
export const REPORT_DAYS = 90;
export const REPORT_PERIODS = [1, 7, 30, 90];
/** BatchWriteItem calls in flight while generating. */
export const WRITERS = 16;

export interface ReportRun {
  label: string;
  period: ReportPeriod;
  /** Orders in the period and in its previous period (what the source reads). */
  orders: number;
  previousOrders: number;
  ms: number;
}

export interface ReportResults {
  orders: number;
  days: number;
  generateMs: number;
  /** The daily report (yesterday), best of 3. */
  daily: ReportRun;
  runs: ReportRun[];
}

/** A deterministic pseudo-random sequence, so every run generates the same orders. */
export function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES: [OrderStatus, number][] = [
  ['received', 5],
  ['under_review', 10],
  ['approved', 15],
  ['rejected', 5],
  ['in_production', 15],
  ['shipped', 10],
  ['delivered', 20],
  ['completed', 15],
  ['cancelled', 5],
];
const pick = <T>(r: () => number, weighted: [T, number][]): T => {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[0]![0];
};
const HOUR = 3_600_000;

/** One generated order, as intake and the workflows would have left it. */
export function generatedOrder(r: () => number, i: number, firstDay: string, days: number): Order {
  const start = periodBounds({ from: firstDay, to: firstDay }, TZ).start.getTime();
  const created = new Date(start + Math.floor(r() * days * 24 * HOUR));
  const createdAt = created.toISOString();
  const status = pick(r, STATUSES);
  const lines = 1 + Math.floor(r() * 3);
  const items = Array.from({ length: lines }, () => {
    const p = DEMO_PRODUCTS[Math.floor(r() * DEMO_PRODUCTS.length)]!;
    const quantity = 1 + Math.floor(r() * 50);
    const unitPrice = p.listPrice ?? 10_000;
    return {
      sku: p.sku,
      name: p.name,
      ...(p.spec ? { spec: p.spec } : {}),
      unit: p.unit,
      quantity,
      unitPrice,
      listPrice: p.listPrice ?? null,
      lastPrice: null,
      lineAmount: quantity * unitPrice,
      tier: 'ops' as const,
      tierReason: 'at or above list and last price',
    };
  });
  const approved = !['received', 'under_review', 'rejected', 'cancelled'].includes(status);
  const delivered = ['delivered', 'completed'].includes(status);
  const at = (h: number) => new Date(created.getTime() + h * HOUR).toISOString();
  const approvedAt = approved ? at(1 + r() * 40) : undefined;
  const customer = Math.floor(r() * 2000);
  const id = `01BENCH${String(i).padStart(19, '0')}`;
  return {
    orderId: id,
    orderNumber: `OD${dayIn(created, TZ).replaceAll('-', '')}-${id.slice(-6)}`,
    channel: pick(r, [
      ['web', 50],
      ['email', 20],
      ['phone', 20],
      ['fax', 5],
      ['api', 5],
    ]),
    status,
    priority: pick(r, [
      ['normal', 80],
      ['important', 15],
      ['urgent', 5],
    ]),
    customer: {
      name: `客户 ${customer}`,
      company: `测试公司 ${customer} 有限公司`,
      email: `c${customer}@example.com`,
    },
    customerKey: `email:c${customer}@example.com`,
    items,
    totalAmount: items.reduce((s, l) => s + l.lineAmount, 0),
    currency: 'CNY',
    paymentMethod: 'bank_transfer',
    delivery: { address: '上海市浦东新区世纪大道 100 号', requestedDate: dayIn(new Date(at(240)), TZ) },
    language: 'zh-CN',
    approvalTier: 'ops',
    approvalChain: ['ops'],
    assignee: null,
    history: [{ at: createdAt, actor: 'customer', action: 'received' }],
    version: 1,
    createdAt,
    updatedAt: createdAt,
    ...(approvedAt
      ? {
          approvedAt,
          approvals: [
            { role: 'ops', actor: 'ops@example.com', at: approvedAt, step: 'ops', requestedAt: at(0.5) },
          ],
        }
      : {}),
    ...(delivered ? { deliveredAt: at(60 + r() * 100) } : {}),
    ...(r() < 0.05 ? { slaBreached: true } : {}),
  } as Order;
}

async function generate(db: DynamoDBDocumentClient, orders: number, firstDay: string, days: number) {
  const r = random(6);
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < orders; i += 25)
    batches.push(
      Array.from({ length: Math.min(25, orders - i) }, (_, k) =>
        orderToItem(generatedOrder(r, i + k, firstDay, days)),
      ),
    );
  await writeItems(db, batches, (done) => {
    if (done % 10_000 < 25) process.stdout.write(`    ${done.toLocaleString('en-US')} orders written\n`);
  });
}

/** Writes batches of 25 items with parallel BatchWriteItem calls, retrying what comes back unprocessed. */
export async function writeItems(
  db: DynamoDBDocumentClient,
  batches: readonly Record<string, unknown>[][],
  progress: (done: number) => void,
): Promise<void> {
  let done = 0;
  await mapLimit([...batches], WRITERS, async (batch) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length; attempt++) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: requests } }));
      requests = (out.UnprocessedItems?.[TABLE] ?? []) as typeof requests;
      if (requests.length) await new Promise((res) => setTimeout(res, Math.min(1000, 20 * 2 ** attempt)));
    }
    done += batch.length;
    progress(done);
  });
}

async function timed(
  db: DynamoDBDocumentClient,
  label: string,
  period: ReportPeriod,
  now: Date,
  repeat = 1,
): Promise<ReportRun> {
  const source = dynamoReportSource(db, TABLE);
  let best = Number.POSITIVE_INFINITY;
  let report: Awaited<ReturnType<typeof buildReport>> | undefined;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    report = await buildReport({ source }, { period, timeZone: TZ, now, rush: POLICY_RUSH_SETTINGS });
    best = Math.min(best, performance.now() - t0);
  }
  return {
    label,
    period,
    orders: report!.orders.count,
    previousOrders: report!.previous.orders.count,
    ms: best,
  };
}

export async function measureReports(
  work: string,
  orders = REPORT_ORDERS,
  days = REPORT_DAYS,
  log: (line: string) => void = console.log,
): Promise<ReportResults> {
  const dynamo = await startDynalite({ path: join(work, 'dynamodb') });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  try {
    await ensureTable(db, TABLE);
    // The data ends yesterday; "now" is today 08:30 in Shanghai, when the daily report runs.
    const today = dayIn(new Date(), TZ);
    const firstDay = addDays(today, -days);
    const now = new Date(`${today}T08:30:00+08:00`);
    const t0 = performance.now();
    await generate(db, orders, firstDay, days);
    const generateMs = performance.now() - t0;
    log(
      `    generated ${orders.toLocaleString('en-US')} orders over ${days} days in ${(generateMs / 1000).toFixed(0)} s`,
    );
    const yesterday = addDays(today, -1);
    const daily = await timed(db, 'daily report (yesterday)', { from: yesterday, to: yesterday }, now, 3);
    log(`    daily: ${daily.orders} + ${daily.previousOrders} orders in ${daily.ms.toFixed(0)} ms`);
    const runs: ReportRun[] = [];
    for (const n of REPORT_PERIODS.filter((n) => n <= days)) {
      const run = await timed(
        db,
        `${n} day${n === 1 ? '' : 's'}`,
        { from: addDays(today, -n), to: yesterday },
        now,
      );
      log(`    ${run.label}: ${run.orders} + ${run.previousOrders} orders in ${run.ms.toFixed(0)} ms`);
      runs.push(run);
    }
    return { orders, days, generateMs, daily, runs };
  } finally {
    await dynamo.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const work = await mkdtemp(join(tmpdir(), 'orderdesk-bench-reports-'));
  try {
    const r = await measureReports(work, arg('orders', REPORT_ORDERS), arg('days', REPORT_DAYS));
    console.log(renderReports(r).join('\n'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
