/**
 * Load phases: autocannon's programmatic API (closed loop, or its per-second `overallRate`), or the
 * steady open-loop generator of paced.ts. Every request is a fresh valid order body with its own
 * Idempotency-Key (see orders.ts). A short warm-up (JIT, lazy handler import, connection set-up)
 * runs first and is thrown away. Around the measured run we sample the server's CPU and event loop
 * and the machine's CPU pressure.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import autocannon, { type Result } from 'autocannon';
import { type Child, type CpuSample, startChild } from './children.ts';
import { loadOrderBody, orderRequests } from './orders.ts';
import { pacedRun, type RunOutcome } from './paced.ts';
import type { BacklogRun, SystemChildOptions } from './system-child.ts';

export interface LoadFigures {
  label: string;
  /** autocannon connections; 0 for the open-loop paced generator. */
  connections: number;
  /** Offered rate, or undefined for closed-loop (as fast as the server answers). */
  offeredRate?: number;
  durationS: number;
  requests: number;
  reqPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** 2xx answers including the warm-up: orders the system accepted in this phase. */
  acceptedInclWarmup: number;
  /** CPU ms the server process spent per answered request (steadier than req/s on a shared machine). */
  serverCpuMsPerRequest: number;
  /** Share of the measured run the server's event loop was busy (1 = saturated). */
  serverEventLoopBusy: number;
  /** 1-minute load average of the machine when the measured run started (other tenants show here). */
  loadAvgAtStart: number;
  /** Share of the measured run during which some task on the machine waited for a CPU (Linux PSI). */
  cpuPressure: number | undefined;
  /** Orders the stream consumer finished during the measured run (system only). */
  deliveredInRun?: number;
}

export interface LoadOptions {
  connections: number;
  durationS: number;
  warmupS: number;
  overallRate?: number;
  /** Send at a steady `overallRate` with paced.ts instead of autocannon. */
  paced?: boolean;
}

const fromAutocannon = (r: Result): RunOutcome => ({
  durationS: r.duration,
  twoxx: r['2xx'],
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
  latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
});

async function run(baseUrl: string, options: LoadOptions, duration: number): Promise<RunOutcome> {
  if (options.paced && options.overallRate) return pacedRun(baseUrl, options.overallRate, duration);
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    duration,
    timeout: 10,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: orderRequests(),
  });
  return fromAutocannon(result);
}

const figures = (
  label: string,
  options: LoadOptions,
  r: RunOutcome,
  warm: RunOutcome,
  cpu: { seconds: number; eventLoopBusy: number },
  loadAvgAtStart: number,
  cpuPressure: number | undefined,
): LoadFigures => ({
  label,
  connections: options.paced ? 0 : options.connections,
  offeredRate: options.overallRate,
  durationS: r.durationS,
  requests: r.twoxx + r.non2xx,
  reqPerSec: (r.twoxx + r.non2xx) / r.durationS,
  p50: r.latency.p50,
  p90: r.latency.p90,
  p99: r.latency.p99,
  max: r.latency.max,
  errors: r.errors,
  timeouts: r.timeouts,
  non2xx: r.non2xx,
  statusCodes: r.statusCodes,
  acceptedInclWarmup: warm.twoxx + r.twoxx,
  serverCpuMsPerRequest: (cpu.seconds * 1000) / Math.max(1, r.twoxx + r.non2xx),
  serverEventLoopBusy: cpu.eventLoopBusy,
  loadAvgAtStart,
  cpuPressure,
});

/** Microseconds some task has waited for a CPU since boot (/proc/pressure/cpu), if available. */
function cpuStallMicros(): number | undefined {
  try {
    const some = readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0] ?? '';
    return Number(some.match(/total=(\d+)/)?.[1]);
  } catch {
    return undefined;
  }
}

async function measure(
  label: string,
  server: Child<{ baseUrl: string }>,
  options: LoadOptions,
  pending?: () => Promise<number>,
): Promise<LoadFigures> {
  const { baseUrl } = server.info;
  const warm = await run(baseUrl, options, options.warmupS);
  const pendingBefore = await pending?.();
  const before = await server.request<CpuSample>('cpu');
  const loadAvgAtStart = loadavg()[0]!;
  const stallBefore = cpuStallMicros();
  const result = await run(baseUrl, options, options.durationS);
  const stallAfter = cpuStallMicros();
  const pressure =
    stallBefore !== undefined && stallAfter !== undefined
      ? (stallAfter - stallBefore) / 1e6 / result.durationS
      : undefined;
  const after = await server.request<CpuSample>('cpu');
  const pendingAfter = await pending?.();
  const cpu = { seconds: after.cpuSeconds - before.cpuSeconds, eventLoopBusy: after.eventLoopBusy };
  const load = figures(label, options, result, warm, cpu, loadAvgAtStart, pressure);
  if (pendingBefore !== undefined && pendingAfter !== undefined) {
    load.deliveredInRun = Math.max(0, result.twoxx - (pendingAfter - pendingBefore));
  }
  return load;
}

export interface SystemInfo {
  baseUrl: string;
  dynamoEndpoint: string;
  tableName: string;
}

export interface IntakeRun {
  load: LoadFigures;
  /** Whether the background consumer (stream poller → order-received → workflows) ran. */
  background: boolean;
  /** Confirmations still unsent when the load stopped, and after a short grace period. */
  pendingAtEnd: number;
  pendingAfterGrace: number;
  graceS: number;
  stderr: string[];
}

/**
 * Starts a fresh system, loads it, reports the confirmation backlog, stops it. With
 * `background: false` the system runs without its stream poller (startSystem's `background`
 * option): intake alone, as on AWS where order-received and the workflows run in other Lambdas.
 */
export async function loadSystem(
  label: string,
  dataDir: string,
  options: LoadOptions,
  graceS: number,
  background = true,
): Promise<IntakeRun> {
  const childOptions: SystemChildOptions = { dataDir, background };
  const system: Child<SystemInfo> = await startChild<SystemInfo>('bench/system-child.ts', childOptions);
  try {
    const load = await measure(label, system, options, () => system.request<number>('pending'));
    const pendingAtEnd = await system.request<number>('pending');
    const deadline = Date.now() + (background ? graceS : 0) * 1000;
    let pendingAfterGrace = pendingAtEnd;
    while (pendingAfterGrace > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      pendingAfterGrace = await system.request<number>('pending');
    }
    return {
      load,
      background,
      pendingAtEnd,
      pendingAfterGrace,
      graceS: background ? graceS : 0,
      stderr: system.stderrTail(),
    };
  } finally {
    await system.stop();
  }
}

export interface BackgroundThroughput extends BacklogRun {
  /** Orders placed (all accepted) while the background consumer was held back. */
  orders: number;
  placeSeconds: number;
  /** Orders handed to order-received (confirmation sent, both executions started) per second. */
  ordersPerSecond: number;
  /** CPU ms of the system process per order handled. */
  cpuMsPerOrder: number;
  loadAvgAtStart: number;
  stderr: string[];
}

/**
 * The background consumer's own throughput: N orders are placed on a system without it, which is
 * then stopped; a system with it on starts on the same data and is timed until the last order
 * has been handed to order-received (confirmation sent, approval and SLA executions started) —
 * nothing else running meanwhile but the workflows those orders start.
 */
export async function measureBackground(dataDir: string, orders: number): Promise<BackgroundThroughput> {
  const intake = await startChild<SystemInfo>('bench/system-child.ts', { dataDir, background: false });
  const placeStarted = performance.now();
  try {
    const url = `${intake.info.baseUrl}/api/orders`;
    let next = 0;
    const worker = async () => {
      while (next < orders) {
        const body = JSON.stringify(loadOrderBody(next++));
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body,
        });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`order answered ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  } finally {
    await intake.stop();
  }
  const placeSeconds = (performance.now() - placeStarted) / 1000;
  const loadAvgAtStart = loadavg()[0]!;
  const options: SystemChildOptions = { dataDir, timeBacklog: true };
  const consumer = await startChild<SystemInfo>('bench/system-child.ts', options);
  try {
    const run = await consumer.request<BacklogRun>('backlog');
    return {
      ...run,
      orders,
      placeSeconds,
      ordersPerSecond: orders / (run.confirmedMs / 1000),
      cpuMsPerOrder: (run.cpuSeconds * 1000) / orders,
      loadAvgAtStart,
      stderr: consumer.stderrTail(),
    };
  } finally {
    await consumer.stop();
  }
}

/** The baseline server (baseline-server.ts), loaded exactly like the intake. */
export async function loadBaseline(
  label: string,
  dataDir: string,
  options: LoadOptions,
): Promise<LoadFigures> {
  const baseline = await startChild<{ baseUrl: string }>('bench/baseline-server.ts', { dataDir });
  try {
    return await measure(label, baseline, options);
  } finally {
    await baseline.stop();
  }
}
