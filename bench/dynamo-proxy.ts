/**
 * A recording proxy in front of dynalite, used only by the write-unit measurement (never under
 * load): it logs every DynamoDB call the handlers make (action, time, request), adds
 * `ReturnConsumedCapacity: 'INDEXES'` to writes that did not ask for it, and keeps the
 * `ConsumedCapacity` dynalite answers. For a single-item write to an order item it also reads
 * the item (consistent GetItem) just before forwarding the write and just after its answer, so
 * every write of an order comes with its exact images before and after; writes to one item are
 * serialised for that. dynalite does not check signatures, so changed bodies are accepted;
 * responses pass through byte for byte (the SDK checks their CRC32).
 */
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Item } from './item-size.ts';

export interface ProxiedCall {
  /** Epoch ms (sub-ms precision) when the call reached the proxy. */
  at: number;
  action: string;
  request: Record<string, unknown>;
  status: number;
  consumed?: unknown;
  /** For single-item writes to an order item: the stored item before and after (absent = none). */
  images?: { before?: Item; after?: Item };
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const SINGLE_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

const readAll = (stream: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

export const preciseNow = (): number => performance.timeOrigin + performance.now();

/** The key of a single-item write: `Key`, or the key attributes of `Item`. */
function writeKey(request: Record<string, unknown>): Item | undefined {
  const key = request['Key'] as Item | undefined;
  if (key) return key;
  const item = request['Item'] as Item | undefined;
  return item?.['pk'] && item['sk'] ? { pk: item['pk'], sk: item['sk'] } : undefined;
}

export async function startDynamoProxy(target: string) {
  const upstream = new URL(target);
  const calls: ProxiedCall[] = [];
  const chains = new Map<string, Promise<unknown>>();

  function forward(
    headers: IncomingHttpHeaders,
    method: string,
    path: string,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const up = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method,
          path,
          headers: { ...headers, host: upstream.host, 'content-length': String(body.length) },
        },
        async (res) =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: await readAll(res) }),
      );
      up.on('error', reject);
      up.end(body);
    });
  }

  /** A consistent read of one item, signed (or not) like the request it accompanies. */
  async function snapshot(
    headers: IncomingHttpHeaders,
    table: unknown,
    key: Item,
  ): Promise<Item | undefined> {
    const body = Buffer.from(JSON.stringify({ TableName: table, Key: key, ConsistentRead: true }));
    const out = await forward({ ...headers, 'x-amz-target': 'DynamoDB_20120810.GetItem' }, 'POST', '/', body);
    return (JSON.parse(out.body.toString('utf8')) as { Item?: Item }).Item;
  }

  const server = createServer(async (req, res) => {
    const at = preciseNow();
    const action = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    let body = await readAll(req);
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(body.toString('utf8'));
      if (WRITES.has(action) && parsed['ReturnConsumedCapacity'] === undefined) {
        parsed['ReturnConsumedCapacity'] = 'INDEXES';
        body = Buffer.from(JSON.stringify(parsed));
      }
    } catch {}
    const call: ProxiedCall = { at, action, request: parsed, status: 0 };
    calls.push(call);
    const key = SINGLE_WRITES.has(action) ? writeKey(parsed) : undefined;
    const tracked = key?.['pk']?.S?.startsWith('ORDER#') ? key : undefined;
    const run = async () => {
      const before = tracked ? await snapshot(req.headers, parsed['TableName'], tracked) : undefined;
      const out = await forward(req.headers, req.method ?? 'POST', req.url ?? '/', body);
      const after = tracked ? await snapshot(req.headers, parsed['TableName'], tracked) : undefined;
      if (tracked) call.images = { before, after };
      return out;
    };
    try {
      let out: Awaited<ReturnType<typeof run>>;
      if (tracked) {
        const id = `${tracked['pk']!.S}|${tracked['sk']?.S}`;
        const result = (chains.get(id) ?? Promise.resolve()).then(run, run);
        chains.set(
          id,
          result.catch(() => {}),
        );
        out = await result;
      } else {
        out = await run();
      }
      call.status = out.status;
      try {
        call.consumed = JSON.parse(out.body.toString('utf8')).ConsumedCapacity;
      } catch {}
      res.writeHead(out.status || 502, out.headers);
      res.end(out.body);
    } catch (error) {
      res.writeHead(502);
      res.end((error as Error).message);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
