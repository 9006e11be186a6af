/**
 * ReportSource on DynamoDB (R-REPORT-1, R-REPORT-2): reads a time range as one Query per
 * Asia/Shanghai day on the sparse `by-day` index — never a Scan — with a bounded number of
 * days in flight and every page followed. The sort key narrows each Query to the exact
 * instants — orders' `daySk` is their `createdAt`, cases' is `CASE#<createdAt>#<caseId>` — so
 * a report in another time zone reads the two edge days only partly, and orders and cases of
 * the same day never come back together. Rush windows are read per rush order with a Query on the
 * order's own partition (rush orders are few).
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import { BUSINESS_TIME_ZONE } from '../domain/calendar.ts';
import type { Order } from '../entities/order-entity.ts';
import { orderIdOf } from '../entities/order-entity.ts';
import { QUOTATION_PK } from '../entities/quotation-entity.ts';
import { INDEXES } from '../entities/table.ts';
import { addDays, dayIn } from '../reports/period.ts';
import type { QuotationRow } from '../reports/quotation-figures.ts';
import type {
  ReportApproval,
  ReportCaseRow,
  ReportOrderRow,
  ReportSource,
  RushWindowCount,
  TimeRange,
} from '../reports/report-source.ts';
import { type Item, queryAll } from './dynamo-paging.ts';

/** Queries in flight at once: enough to hide latency, few enough not to throttle a table. */
export const REPORT_CONCURRENCY = 8;

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The Asia/Shanghai days (index partitions) a range touches. */
export function indexDays(range: TimeRange): string[] {
  if (range.end <= range.start) return [];
  const last = dayIn(new Date(range.end.getTime() - 1), BUSINESS_TIME_ZONE);
  const days: string[] = [];
  for (let d = dayIn(range.start, BUSINESS_TIME_ZONE); d <= last; d = addDays(d, 1)) days.push(d);
  return days;
}

/** An order item of the index as a report row; the customer's name only (R-SEC-1). */
export function orderRow(item: Item): ReportOrderRow {
  const o = item as unknown as Order;
  const approvals: ReportApproval[] = (o.approvals ?? []).map((a) => ({
    step: a.step ?? a.role,
    decision: 'approve',
    at: a.at,
    ...(a.requestedAt ? { requestedAt: a.requestedAt } : {}),
  }));
  const r = o.approvalRejection;
  if (r)
    approvals.push({
      step: r.step,
      decision: 'reject',
      at: r.at,
      ...(r.requestedAt ? { requestedAt: r.requestedAt } : {}),
    });
  return {
    orderId: orderIdOf(item['pk']),
    createdAt: o.createdAt,
    channel: o.channel,
    status: o.status,
    priority: o.priority,
    totalAmount: o.totalAmount,
    customerKey: o.customerKey,
    customerName: o.customer?.company || o.customer?.name || '',
    items: (o.items ?? []).map((l) => ({
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      lineAmount: l.lineAmount,
    })),
    ...(o.approvedAt ? { approvedAt: o.approvedAt } : {}),
    ...(o.deliveredAt ? { deliveredAt: o.deliveredAt } : {}),
    slaBreached: o.slaBreached === true,
    ...(o.delivery?.requestedDate ? { requestedDate: o.delivery.requestedDate } : {}),
    ...(o.shipments?.length ? { shipments: o.shipments.length } : {}),
    ...(o.exceptions?.length ? { exceptionKinds: o.exceptions.map((e) => e.kind) } : {}),
    ...(o.rush
      ? {
          rush: {
            filedAt: o.rush.filedAt,
            requiredBy: o.rush.requiredBy,
            ...(o.rush.decision?.at ? { decidedAt: o.rush.decision.at } : {}),
            loopStarted: Boolean(o.rush.loopStartedAt),
          },
        }
      : {}),
    approvals,
  };
}

export function caseRow(item: Item): ReportCaseRow {
  return {
    caseId: String(item['caseId']),
    orderId: String(item['orderId']),
    caseType: String(item['caseType']),
    caseStatus: String(item['caseStatus']),
    createdAt: String(item['createdAt']),
    ...(typeof item['refundAmount'] === 'number' ? { refundAmount: item['refundAmount'] } : {}),
    ...(typeof item['refundedAt'] === 'string' ? { refundedAt: item['refundedAt'] } : {}),
  };
}

export function dynamoReportSource(
  db: DynamoDBDocumentClient,
  tableName: string,
  concurrency = REPORT_CONCURRENCY,
): ReportSource {
  /** Every item of one index day whose sort key lies between `from` and `to`, both inclusive. */
  async function day(dayKey: string, from: string, to: string): Promise<Item[]> {
    return queryAll(db, {
      TableName: tableName,
      IndexName: INDEXES.byDay.name,
      KeyConditionExpression: 'dayPk = :d AND daySk BETWEEN :a AND :b',
      ExpressionAttributeValues: {
        ':d': `DAY#${dayKey}`,
        ':a': from,
        ':b': to,
      },
    });
  }

  const read = async (range: TimeRange, from: string, to: string): Promise<Item[]> =>
    (await mapLimit(indexDays(range), concurrency, (d) => day(d, from, to))).flat();

  return {
    async orders(range) {
      // `daySk` is the ISO `createdAt`: the last millisecond before the end is the last one in.
      const last = new Date(range.end.getTime() - 1).toISOString();
      return (await read(range, range.start.toISOString(), last)).map(orderRow);
    },

    async cases(range) {
      // The end is exclusive: `CASE#<end>#<id>` sorts after `CASE#<end>`.
      const keys = [`CASE#${range.start.toISOString()}`, `CASE#${range.end.toISOString()}`] as const;
      return (await read(range, ...keys)).map(caseRow);
    },

    async changes(range) {
      // Change requests enter the index under `CHANGE#<createdAt>#<changeId>` (their keys only
      // matter here); the few of a period are then read whole, by key.
      const entries = await read(
        range,
        `CHANGE#${range.start.toISOString()}`,
        `CHANGE#${range.end.toISOString()}`,
      );
      const rows = await mapLimit(entries, concurrency, async (entry) => {
        const out = await db.send(
          new GetCommand({
            TableName: tableName,
            Key: { pk: entry['pk'], sk: entry['sk'] },
            ProjectionExpression: 'changeId, createdAt, kind, reason, #s',
            ExpressionAttributeNames: { '#s': 'changeStatus' },
          }),
        );
        return out.Item;
      });
      return rows
        .filter((i): i is Item => i !== undefined)
        .map((i) => ({
          changeId: String(i['changeId']),
          createdAt: String(i['createdAt']),
          kind: String(i['kind']),
          status: String(i['changeStatus']),
          ...(i['kind'] === 'cancel' && typeof i['reason'] === 'string' ? { reason: i['reason'] } : {}),
        }));
    },

    async quotations(range) {
      // R-QUOTE-1..3: quotation ids are `QT<ulid>` (shared/use-cases/quotations.ts), so the
      // sort key of the quotation partition orders them by creation: one bounded Query.
      const rows = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: {
          ':p': QUOTATION_PK,
          ':a': `QT${encodeTime(range.start.getTime(), 10)}`,
          ':b': `QT${encodeTime(range.end.getTime(), 10)}`,
        },
        ProjectionExpression: 'createdAt, #s, totalAmount, submittedAt, approvedAt',
        ExpressionAttributeNames: { '#s': 'status' },
      });
      return rows.map((i) => ({
        createdAt: String(i['createdAt']),
        status: i['status'] as QuotationRow['status'],
        totalAmount: Number(i['totalAmount'] ?? 0),
        ...(typeof i['submittedAt'] === 'string' ? { submittedAt: i['submittedAt'] } : {}),
        ...(typeof i['approvedAt'] === 'string' ? { approvedAt: i['approvedAt'] } : {}),
      }));
    },

    async rushWindows(orderIds) {
      const counts = await mapLimit(orderIds, concurrency, async (orderId): Promise<RushWindowCount> => {
        const count = { closed: 0, complete: 0 };
        const windows = await queryAll(db, {
          TableName: tableName,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': `ORDER#${orderId}`, ':s': 'RUSH#WINDOW#' },
          ProjectionExpression: '#m',
          ExpressionAttributeNames: { '#m': 'missed' },
        });
        for (const w of windows) {
          count.closed += 1;
          if (!Array.isArray(w['missed']) || w['missed'].length === 0) count.complete += 1;
        }
        return count;
      });
      return new Map(orderIds.map((id, i) => [id, counts[i]!]));
    },
  };
}
