/**
 * A recording proxy in front of dynalite, used only by the write-unit measurement (never under
 * load): it logs every DynamoDB call the handlers make (action, time, request), adds
 * `ReturnConsumedCapacity: 'INDEXES'` to writes that did not ask for it, and keeps the
 * `ConsumedCapacity` dynalite answers. dynalite does not check signatures, so the changed body is
 * accepted; responses pass through byte for byte (the SDK checks their CRC32).
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface ProxiedCall {
  /** Epoch ms (sub-ms precision) when the call reached the proxy. */
  at: number;
  action: string;
  request: Record<string, unknown>;
  status: number;
  consumed?: unknown;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

const readAll = (stream: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

export const preciseNow = (): number => performance.timeOrigin + performance.now();

export async function startDynamoProxy(target: string) {
  const upstream = new URL(target);
  const calls: ProxiedCall[] = [];
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
    const up = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host, 'content-length': String(body.length) },
      },
      async (upRes) => {
        const out = await readAll(upRes);
        call.status = upRes.statusCode ?? 0;
        try {
          call.consumed = JSON.parse(out.toString('utf8')).ConsumedCapacity;
        } catch {}
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        res.end(out);
      },
    );
    up.on('error', (error) => {
      res.writeHead(502);
      res.end(error.message);
    });
    up.end(body);
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
