/**
 * The order list on the `order-list` index (partition `status`, sort key `daySk` = the order's
 * `createdAt`): one Query per status, never a Scan. The receipt range and the cursor's place
 * are the key condition; priority, channel, assignee and the `q` prefix are a filter expression
 * on the projected attributes (a filter still reads the entries it skips, so every read is
 * bounded by a budget and says where it stopped).
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  isAfter,
  type OrderListEntry,
  type OrderListFilters,
  type Position,
  receiptRange,
  searchTerms,
} from '../domain/order-list.ts';
import type { OrderStatus } from '../domain/status.ts';
import { INDEXES } from '../entities/table.ts';
import type { OrderListStore } from '../ports.ts';

type Item = Record<string, unknown>;

const idOf = (item: Item): string => String(item['pk'] ?? '').replace(/^ORDER#/, '');

function toEntry(item: Item): OrderListEntry {
  const customer = (item['customer'] ?? {}) as { name?: string; company?: string };
  return {
    orderId: idOf(item),
    orderNumber: String(item['orderNumber'] ?? ''),
    status: item['status'] as OrderStatus,
    priority: String(item['priority'] ?? 'normal'),
    channel: String(item['channel'] ?? ''),
    customerName: customer.name ?? '',
    ...(customer.company ? { company: customer.company } : {}),
    totalAmount: Number(item['totalAmount'] ?? 0),
    currency: String(item['currency'] ?? 'CNY'),
    createdAt: String(item['createdAt'] ?? item['daySk'] ?? ''),
    ...(typeof item['assignee'] === 'string' && item['assignee'] ? { assignee: item['assignee'] } : {}),
  };
}

/** The entry with what My work needs to tell whose turn it is. */
function toWorkEntry(item: Item): OrderListEntry {
  const pending = item['pendingApproval'] as { role?: string } | null | undefined;
  const production = item['production'] as { finishedAt?: string } | undefined;
  const exceptions = item['exceptions'] as unknown[] | undefined;
  return {
    ...toEntry(item),
    ...(pending?.role ? { awaiting: pending.role } : {}),
    ...(production?.finishedAt ? { produced: true } : {}),
    ...(exceptions?.length ? { exceptions: exceptions.length } : {}),
  };
}

/** The Query of one status: key condition from the range and `after`, filter from the rest. */
function query(status: OrderStatus, filters: OrderListFilters, after: Position | undefined) {
  const names: Record<string, string> = { '#s': 'status' };
  const values: Record<string, unknown> = { ':s': status };
  const range = receiptRange(filters);
  const to = after && (!range.to || after.at < range.to) ? after.at : range.to;
  let key = '#s = :s';
  if (range.from || to) names['#k'] = 'daySk';
  if (range.from && to) {
    key += ' AND #k BETWEEN :from AND :to';
    values[':from'] = range.from;
    values[':to'] = to;
  } else if (range.from) {
    key += ' AND #k >= :from';
    values[':from'] = range.from;
  } else if (to) {
    key += ' AND #k <= :to';
    values[':to'] = to;
  }
  const filter: string[] = [];
  if (filters.priority) {
    names['#p'] = 'priority';
    values[':p'] = filters.priority;
    filter.push('#p = :p');
  }
  if (filters.channel) {
    names['#c'] = 'channel';
    values[':c'] = filters.channel;
    filter.push('#c = :c');
  }
  if (filters.assignee) {
    names['#a'] = 'assignee';
    values[':a'] = filters.assignee;
    filter.push('#a = :a');
  }
  if (filters.q) {
    const t = searchTerms(filters.q);
    Object.assign(names, {
      '#n': 'orderNumber',
      '#cu': 'customer',
      '#nm': 'name',
      '#co': 'company',
      '#ph': 'phone',
      '#em': 'email',
    });
    Object.assign(values, { ':qt': t.text, ':qu': t.upper, ':ql': t.lower });
    const any = [
      'begins_with(#n, :qu)',
      'begins_with(#cu.#nm, :qt)',
      'begins_with(#cu.#co, :qt)',
      'begins_with(#cu.#ph, :qt)',
      'begins_with(#cu.#em, :qt)',
      'begins_with(#cu.#em, :ql)',
    ];
    if (t.digits && t.digits !== t.text) {
      values[':qd'] = t.digits;
      any.push('begins_with(#cu.#ph, :qd)');
    }
    filter.push(`(${any.join(' OR ')})`);
  }
  return {
    KeyConditionExpression: key,
    ...(filter.length ? { FilterExpression: filter.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** How many entries one Query call reads at most (the filter applies after this). */
const READ_PAGE = 200;

export function dynamoOrderList(db: DynamoDBDocumentClient, tableName: string): OrderListStore {
  return {
    async read(status, filters, after, want, budget) {
      const entries: OrderListEntry[] = [];
      let start: Item | undefined;
      let read = 0;
      let last: Position | undefined;
      const q = query(status, filters, after);
      // Without a filter every entry read is a match: read no more than the page needs.
      const pageSize = q.FilterExpression ? READ_PAGE : Math.min(READ_PAGE, want);
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: INDEXES.orderList.name,
            ScanIndexForward: false,
            Limit: Math.min(pageSize, Math.max(1, budget - read)),
            ExclusiveStartKey: start,
            ...q,
          }),
        );
        read += out.ScannedCount ?? 0;
        for (const item of out.Items ?? []) {
          const entry = toEntry(item);
          // Orders received in the same millisecond as the cursor's: only those after it.
          if (after && !isAfter({ at: entry.createdAt, id: entry.orderId }, after)) continue;
          entries.push(entry);
        }
        start = out.LastEvaluatedKey;
        if (start) last = { at: String(start['daySk']), id: idOf(start) };
      } while (start && entries.length < want && read < budget);
      return start && last ? { entries, frontier: last } : { entries };
    },

    async oldest(status, limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: INDEXES.orderList.name,
          ScanIndexForward: true,
          Limit: limit,
          KeyConditionExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': status },
        }),
      );
      return (out.Items ?? []).map(toWorkEntry);
    },

    async count(status, filters, cap) {
      let count = 0;
      let read = 0;
      let start: Item | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: INDEXES.orderList.name,
            Select: 'COUNT',
            Limit: Math.min(1000, Math.max(1, cap - read)),
            ExclusiveStartKey: start,
            ...query(status, filters, undefined),
          }),
        );
        count += out.Count ?? 0;
        read += out.ScannedCount ?? 0;
        start = out.LastEvaluatedKey;
      } while (start && read < cap);
      return { count, exact: !start };
    },
  };
}
