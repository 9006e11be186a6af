/**
 * DynamoDB write units per order, by the AWS rules for the AWS table (item-size.ts): the base
 * table plus only `AWS_INDEXES`, each with its real projection. A local-only index (the
 * pending-notifications stand-in for DynamoDB Streams) is shown but costs nothing on AWS.
 *
 * A fresh system whose handlers reach dynalite through the recording proxy: a 1-line, a 3-line
 * and an 8-line order go through the real API one at a time, so we see every call the intake
 * request makes, the exact item the intake PutItem wrote, and dynalite's ConsumedCapacity for it.
 * Then the 1-line order is approved by ops in the staff console and every later write of its item
 * (the stream consumer, each workflow step, the decision) is costed from the item's images before
 * and after the write, which the proxy reads around it.
 */
import { ALL_INDEXES, AWS_INDEXES, type IndexDefinition } from '#shared/entities/table.ts';
import { type Child, startChild } from './children.ts';
import type { ProxiedCall } from './dynamo-proxy.ts';
import { preciseNow } from './dynamo-proxy.ts';
import {
  attributeSizes,
  type IndexWrite,
  type Item,
  indexWrites,
  itemSize,
  tableWriteUnits,
  writeUnits,
} from './item-size.ts';
import type { SystemInfo } from './load.ts';
import { eightLineOrder, oneLineOrder, threeLineOrder } from './orders.ts';

export interface CallCount {
  action: string;
  count: number;
  note: string;
}

export interface OrderWriteUnits {
  label: string;
  lines: number;
  status: number;
  /** The approval tier pricing gave it (who approves). */
  tier: string;
  intakeCalls: CallCount[];
  itemBytes: number;
  /** The attributes that make up most of the item. */
  largestAttributes: { name: string; bytes: number }[];
  /** The same item's size as dynalite counts it (string length in UTF-16 units, not UTF-8 bytes). */
  dynaliteTableUnits: number | undefined;
  baseWcu: number;
  /** Index writes on the AWS table (AWS_INDEXES, real projections). */
  gsiWrites: IndexWrite[];
  /** Index writes only the local table makes (localOnly indexes): 0 on AWS. */
  localOnlyWrites: IndexWrite[];
  total: number;
}

/** One write of the order item after intake, costed from its images before and after. */
export interface LifecycleWrite {
  /** What the write did: the history entry it appended, or its update expression. */
  step: string;
  statusChange?: { from: string; to: string };
  action: string;
  bytesBefore: number;
  bytesAfter: number;
  tableWcu: number;
  gsiWrites: IndexWrite[];
  localOnlyWrites: IndexWrite[];
  total: number;
  /** A conditional write DynamoDB refused (still billed on AWS). */
  failed: boolean;
}

export interface WriteUnitResults {
  orders: OrderWriteUnits[];
  /** The 1-line order from intake to approved. */
  lifecycle: {
    label: string;
    finalStatus: string;
    writes: LifecycleWrite[];
    /** Other writes after intake, by action and item kind (approval requests, stock, runner). */
    otherWrites: CallCount[];
  };
}

/** `ORDER`, `CATALOGUE`, … : what kind of item a single-item call touches. */
const entityOf = (r: Record<string, unknown>): string => {
  const key = (r['Key'] ?? r['Item']) as { pk?: { S?: string } } | undefined;
  return key?.pk?.S?.split('#')[0] ?? '?';
};

const describe = (call: ProxiedCall): string => {
  const r = call.request;
  if (call.action === 'PutItem')
    return `${entityOf(r)}${r['ConditionExpression'] ? `, conditional: ${r['ConditionExpression']}` : ''}`;
  if (call.action === 'UpdateItem') {
    const expression = String(r['UpdateExpression'] ?? '');
    return `${entityOf(r)}: ${expression.length > 50 ? `${expression.slice(0, 50)}…` : expression}`;
  }
  if (call.action === 'DeleteItem') return entityOf(r);
  if (call.action === 'BatchGetItem') {
    const keys = Object.values((r['RequestItems'] ?? {}) as Record<string, { Keys: unknown[] }>);
    return `read, ${keys.reduce((n, t) => n + t.Keys.length, 0)} keys`;
  }
  if (call.action === 'BatchWriteItem') {
    const writes = Object.values(
      (r['RequestItems'] ?? {}) as Record<string, Record<string, unknown>[]>,
    ).flat();
    const kinds = new Set(
      writes.map((w) => entityOf((w['PutRequest'] ?? w['DeleteRequest'] ?? {}) as Record<string, unknown>)),
    );
    return [...kinds].join(', ');
  }
  if (call.action === 'GetItem') return `read ${entityOf(r)}`;
  return '';
};

function countCalls(calls: ProxiedCall[]): CallCount[] {
  const counts = new Map<string, CallCount>();
  for (const call of calls) {
    const note = describe(call);
    const key = `${call.action} ${note}`;
    const entry = counts.get(key) ?? { action: call.action, count: 0, note };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()];
}

const LOCAL_ONLY: IndexDefinition[] = ALL_INDEXES.filter((i) => i.localOnly);
const sum = (writes: IndexWrite[]) => writes.reduce((n, w) => n + w.wcu, 0);

/** The history entries an image holds (a DynamoDB list of maps). */
const historyOf = (item: Item | undefined) =>
  (item?.['history']?.L ?? []).map((e) => ({
    action: e.M?.['action']?.S ?? '?',
    to: e.M?.['to']?.S,
  }));

function lifecycleWrite(call: ProxiedCall): LifecycleWrite {
  const { before, after } = call.images ?? {};
  const failed = call.status !== 200;
  const next = failed ? before : after;
  const added = historyOf(next).slice(historyOf(before).length);
  const from = before?.['status']?.S;
  const to = next?.['status']?.S;
  const expression = String(call.request['UpdateExpression'] ?? call.action);
  const step = added.length ? added.map((h) => h.action).join(' + ') : expression;
  const gsi = indexWrites(AWS_INDEXES, before, next);
  const tableWcu = tableWriteUnits(before, call.action === 'PutItem' ? (call.request['Item'] as Item) : next);
  return {
    step,
    ...(from && to && from !== to ? { statusChange: { from, to } } : {}),
    ...(!from && to ? { statusChange: { from: '—', to } } : {}),
    action: call.action,
    bytesBefore: before ? itemSize(before) : 0,
    bytesAfter: next ? itemSize(next) : 0,
    tableWcu,
    gsiWrites: failed ? [] : gsi,
    localOnlyWrites: failed ? [] : indexWrites(LOCAL_ONLY, before, next),
    total: tableWcu + (failed ? 0 : sum(gsi)),
    failed,
  };
}

async function staffToken(baseUrl: string, role: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${role}@example.com`, password: 'orderdesk-demo' }),
  });
  if (res.status !== 200) throw new Error(`login ${role}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** Waits for the 1-line order's ops step, approves it as ops in the staff console, waits for it. */
async function approveAsOps(system: Child<SystemInfo>, orderId: string): Promise<string> {
  const { baseUrl } = system.info;
  await system.request('drain');
  const [ops, gm] = [await staffToken(baseUrl, 'ops'), await staffToken(baseUrl, 'gm')];
  const view = async () =>
    (await (
      await fetch(`${baseUrl}/api/orders/${orderId}`, { headers: { authorization: `Bearer ${gm}` } })
    ).json()) as { status: string; pendingApproval?: { requestId: string; role: string } | null };
  let order = await view();
  for (let i = 0; i < 100 && order.pendingApproval?.role !== 'ops'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    order = await view();
  }
  const decided = await fetch(`${baseUrl}/api/orders/${orderId}/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ops}` },
    body: JSON.stringify({ decision: 'approve', requestId: order.pendingApproval?.requestId }),
  });
  if (decided.status !== 200) throw new Error(`decision answered ${decided.status}`);
  for (let i = 0; i < 100 && order.status !== 'approved'; i++) {
    await system.request('drain');
    order = await view();
  }
  await system.request('drain');
  return order.status;
}

const keyOf = (c: ProxiedCall) => (c.request['Key'] ?? c.request['Item']) as Item | undefined;

export async function measureWriteUnits(dataDir: string): Promise<WriteUnitResults> {
  const system = await startChild<SystemInfo>('bench/system-child.ts', { dataDir, record: true });
  const { baseUrl } = system.info;
  try {
    const orders: OrderWriteUnits[] = [];
    let lifecycle: WriteUnitResults['lifecycle'] | undefined;
    for (const [label, body] of [
      ['normal 1-line order', oneLineOrder()],
      ['3-line order', threeLineOrder()],
      ['8-line order', eightLineOrder()],
    ] as const) {
      await system.request('drain');
      const seen = (await system.request<ProxiedCall[]>('calls')).length;
      const t0 = preciseNow();
      const res = await fetch(`${baseUrl}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify(body),
      });
      const created = (await res.json()) as { orderId: string };
      const t1 = preciseNow();
      const intake = (await system.request<ProxiedCall[]>('calls'))
        .slice(seen)
        .filter((c) => c.at >= t0 && c.at <= t1);
      const put = intake.find((c) => c.action === 'PutItem' && entityOf(c.request) === 'ORDER');
      if (res.status !== 201 || !put)
        throw new Error(
          `intake answered ${res.status}, PutItem seen: ${!!put}; calls ${JSON.stringify(intake.map((c) => [c.action, entityOf(c.request)]))}`,
        );
      const written = put.request['Item'] as Item;
      const bytes = itemSize(written);
      const gsi = indexWrites(AWS_INDEXES, undefined, written);
      const consumed = put.consumed as { CapacityUnits?: number } | undefined;
      orders.push({
        label,
        lines: (body['items'] as unknown[]).length,
        status: res.status,
        tier: written['approvalTier']?.S ?? '?',
        intakeCalls: countCalls(intake),
        itemBytes: bytes,
        largestAttributes: attributeSizes(written).slice(0, 8),
        dynaliteTableUnits: consumed?.CapacityUnits,
        baseWcu: writeUnits(bytes),
        gsiWrites: gsi,
        localOnlyWrites: indexWrites(LOCAL_ONLY, undefined, written),
        total: writeUnits(bytes) + sum(gsi),
      });
      if (lifecycle) continue;
      // The first (1-line) order goes on to approval before the next order is placed.
      const finalStatus = await approveAsOps(system, created.orderId);
      const calls = (await system.request<ProxiedCall[]>('calls')).slice(seen);
      const pk = `ORDER#${created.orderId}`;
      const orderWrites = calls.filter((c) => c.images && keyOf(c)?.['pk']?.S === pk);
      const others = calls.filter(
        (c) =>
          c.at > t1 &&
          ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'].includes(c.action) &&
          entityOf(c.request) !== 'ORDER',
      );
      lifecycle = {
        label,
        finalStatus,
        writes: orderWrites.map(lifecycleWrite),
        otherWrites: countCalls(others),
      };
    }
    return { orders, lifecycle: lifecycle! };
  } finally {
    await system.stop();
  }
}
