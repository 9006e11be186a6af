/**
 * DynamoDB write units per order at intake. One order at a time goes through the real API of a
 * fresh system whose handlers reach dynalite through the recording proxy, so we see every call the
 * intake request makes (and, separately, the confirmation the poller sends afterwards), the exact
 * item the intake PutItem wrote, and dynalite's ConsumedCapacity for it. The stored item is then
 * read back with GetItem. Write units are computed by the AWS rules (item-size.ts) for the base
 * table and for every GSI the item enters.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ALL_INDEXES, INDEXES, type IndexDefinition } from '#shared/entities/table.ts';
import { startChild } from './children.ts';
import { type ProxiedCall, preciseNow } from './dynamo-proxy.ts';
import {
  attributeSizes,
  type IndexWrite,
  type Item,
  indexWrites,
  itemSize,
  type Projection,
  writeUnits,
} from './item-size.ts';
import type { SystemInfo } from './load.ts';
import { eightLineOrder, oneLineOrder } from './orders.ts';

export interface CallCount {
  action: string;
  count: number;
  note: string;
}

export interface OrderWriteUnits {
  label: string;
  lines: number;
  status: number;
  intakeCalls: CallCount[];
  itemBytes: number;
  /** The attributes that make up most of the item. */
  largestAttributes: { name: string; bytes: number }[];
  /** The same item's size as dynalite counts it (string length in UTF-16 units, not UTF-8 bytes). */
  dynaliteTableUnits: number | undefined;
  baseWcu: number;
  gsiWrites: IndexWrite[];
  total: number;
  /** Calls the stream consumer(s) made after the request, outside it. */
  afterCalls: CallCount[];
  /** UpdateItems of the order item among them. */
  orderItemUpdates: number;
  /** Modelled cost of one order-item update that changes no index key (the stored item's size). */
  perOrderUpdate: { all: number; keysOnly: number };
  /** Intake write units if every index but the work queue projected KEYS_ONLY. */
  keysOnlyIntake: number;
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
  if (call.action === 'BatchGetItem') {
    const keys = Object.values((r['RequestItems'] ?? {}) as Record<string, { Keys: unknown[] }>);
    return `read, ${keys.reduce((n, t) => n + t.Keys.length, 0)} keys`;
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

const keysOnlyExceptQueue = (index: IndexDefinition): Projection =>
  index.name === INDEXES.workQueue.name ? 'ALL' : 'KEYS_ONLY';

const sum = (writes: IndexWrite[]) => writes.reduce((n, w) => n + w.wcu, 0);

export async function measureWriteUnits(dataDir: string): Promise<OrderWriteUnits[]> {
  const system = await startChild<SystemInfo>('bench/system-child.ts', { dataDir, record: true });
  const db = new DynamoDBClient({
    endpoint: system.info.dynamoEndpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const results: OrderWriteUnits[] = [];
    for (const [label, body] of [
      ['normal 1-line order', oneLineOrder()],
      ['8-line order', eightLineOrder()],
    ] as const) {
      await system.request('drain');
      const seen = (await system.request<ProxiedCall[]>('calls')).length;
      const t0 = preciseNow();
      const res = await fetch(`${system.info.baseUrl}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify(body),
      });
      const created = (await res.json()) as { orderId: string };
      const t1 = preciseNow();
      await system.request('drain');
      const calls = (await system.request<ProxiedCall[]>('calls')).slice(seen);
      const intake = calls.filter((c) => c.at >= t0 && c.at <= t1);
      const later = calls.filter((c) => c.at > t1);
      const put = intake.find((c) => c.action === 'PutItem');
      if (res.status !== 201 || !put)
        throw new Error(`intake answered ${res.status}, PutItem seen: ${!!put}`);
      const written = put.request['Item'] as Item;
      const stored = (
        await db.send(
          new GetItemCommand({
            TableName: system.info.tableName,
            Key: { pk: { S: `ORDER#${created.orderId}` }, sk: { S: 'ORDER' } },
            ConsistentRead: true,
          }),
        )
      ).Item as Item;
      const bytes = itemSize(written);
      const gsi = indexWrites(ALL_INDEXES, undefined, written);
      const intakeKeysOnly = indexWrites(ALL_INDEXES, undefined, written, keysOnlyExceptQueue);
      const touched = { ...stored, updatedAt: { S: 'changed' } };
      const updateBase = writeUnits(itemSize(stored));
      const orderPk = `ORDER#${created.orderId}`;
      const consumed = put.consumed as { CapacityUnits?: number } | undefined;
      results.push({
        label,
        lines: (body['items'] as unknown[]).length,
        status: res.status,
        intakeCalls: countCalls(intake),
        itemBytes: bytes,
        largestAttributes: attributeSizes(written).slice(0, 8),
        dynaliteTableUnits: consumed?.CapacityUnits,
        baseWcu: writeUnits(bytes),
        gsiWrites: gsi,
        total: writeUnits(bytes) + sum(gsi),
        afterCalls: countCalls(later),
        orderItemUpdates: later.filter(
          (c) => c.action === 'UpdateItem' && (c.request['Key'] as Item | undefined)?.['pk']?.S === orderPk,
        ).length,
        perOrderUpdate: {
          all: updateBase + sum(indexWrites(ALL_INDEXES, stored, touched)),
          keysOnly: updateBase + sum(indexWrites(ALL_INDEXES, stored, touched, keysOnlyExceptQueue)),
        },
        keysOnlyIntake: writeUnits(bytes) + sum(intakeKeysOnly),
      });
    }
    return results;
  } finally {
    db.destroy();
    await system.stop();
  }
}
