/**
 * An open-loop generator with a steady arrival: one order every 1000/rate ms, whatever the server
 * does. autocannon's `overallRate` works per second instead — each connection sends its quota for
 * the second back to back, then waits for the next tick — so "100/s" reaches the server as a
 * burst at the start of every second. Latency here runs from the request's scheduled time to the
 * end of its answer, so a late send counts against the server (no coordinated omission).
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { loadOrderBody } from './orders.ts';

export interface RunOutcome {
  durationS: number;
  twoxx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latency: { p50: number; p90: number; p99: number; max: number };
}

const TIMEOUT_MS = 10_000;

export const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: 'POST',
        timeout: TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'idempotency-key': randomUUID(),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

export async function pacedRun(baseUrl: string, rate: number, durationS: number): Promise<RunOutcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const url = new URL('/api/orders', baseUrl);
  const interval = 1000 / rate;
  const total = Math.round(rate * durationS);
  const latencies: number[] = [];
  const outcome: RunOutcome = {
    durationS,
    twoxx: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    statusCodes: {},
    latency: { p50: 0, p90: 0, p99: 0, max: 0 },
  };
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = JSON.stringify(loadOrderBody(i));
    inFlight.push(
      post(agent, url, body).then(
        (status) => {
          latencies.push(performance.now() - due);
          outcome.statusCodes[status] = (outcome.statusCodes[status] ?? 0) + 1;
          if (status >= 200 && status < 300) outcome.twoxx++;
          else outcome.non2xx++;
        },
        (error: Error) => {
          if (error.message === 'timeout') outcome.timeouts++;
          outcome.errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  outcome.durationS = (performance.now() - start) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n);
  outcome.latency = {
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
  return outcome;
}
