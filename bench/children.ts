/**
 * Servers under test run in their own Node process (forked with tsx), so the load generator in
 * this process does not share an event loop with them. A child reports `ready` with what it
 * serves, answers requests by id, and stops on `stop`; it exits by itself if this process dies.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ChildMessage {
  id?: number;
  type: string;
  [key: string]: unknown;
}

export interface Child<Info> {
  info: Info;
  request<T>(type: string): Promise<T>;
  stop(): Promise<void>;
  /** The last lines the child wrote to stderr (errors of the system under test). */
  stderrTail(): string[];
}

export async function startChild<Info>(entry: string, arg: unknown): Promise<Child<Info>> {
  const child: ChildProcess = fork(resolve(ROOT, entry), [JSON.stringify(arg)], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  child.stdout?.resume();
  const tail: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.trim()) tail.push(line.slice(0, 300));
    tail.splice(0, Math.max(0, tail.length - 20));
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const pending = new Map<number, (m: ChildMessage) => void>();
  let nextId = 1;

  const info = await new Promise<Info>((resolveReady, reject) => {
    child.once('message', (m: ChildMessage) =>
      m.type === 'ready' ? resolveReady(m['info'] as Info) : reject(new Error(String(m['message']))),
    );
    exited.then((code) => reject(new Error(`${entry} exited (${code}): ${tail.join('\n')}`)));
  });
  child.on('message', (m: ChildMessage) => {
    if (m.id !== undefined) pending.get(m.id)?.(m);
  });

  return {
    info,
    stderrTail: () => [...tail],
    request: <T>(type: string) =>
      new Promise<T>((resolveReply, reject) => {
        const id = nextId++;
        pending.set(id, (m) => {
          pending.delete(id);
          m.type === 'error' ? reject(new Error(String(m['message']))) : resolveReply(m['value'] as T);
        });
        child.send({ id, type });
      }),
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface CpuSample {
  /** CPU time (user + system) this process has used so far, in seconds. */
  cpuSeconds: number;
  /** Share of time the event loop was busy since the previous sample (0–1). */
  eventLoopBusy: number;
}

let lastElu = performance.eventLoopUtilization();
/** This process's CPU so far and its event loop's busy share since the previous sample. */
export const cpuSample = async (): Promise<CpuSample> => {
  const { user, system } = process.cpuUsage();
  const now = performance.eventLoopUtilization();
  const busy = performance.eventLoopUtilization(now, lastElu).utilization;
  lastElu = now;
  return { cpuSeconds: (user + system) / 1e6, eventLoopBusy: busy };
};

/** Child side: announce readiness and serve requests until `stop`. */
export function serveParent(
  info: unknown,
  handlers: Record<string, () => Promise<unknown>>,
  stop: () => Promise<void>,
): void {
  let stopping = false;
  process.on('disconnect', () => {
    if (!stopping) process.exit(1);
  });
  process.on('message', async (m: ChildMessage) => {
    if (m.type === 'stop') {
      stopping = true;
      await stop().catch((error: Error) => console.error(`stop failed: ${error.message}`));
      process.exit(0);
    }
    const handler = m.type === 'cpu' ? cpuSample : handlers[m.type];
    try {
      if (!handler) throw new Error(`unknown request ${m.type}`);
      process.send?.({ id: m.id, type: 'reply', value: await handler() });
    } catch (error) {
      process.send?.({ id: m.id, type: 'error', message: (error as Error).message });
    }
  });
  process.send?.({ type: 'ready', info });
}

/** Child side: report a start-up failure to the parent. */
export function failStart(error: unknown): void {
  process.send?.({ type: 'error', message: (error as Error).stack ?? String(error) });
  setTimeout(() => process.exit(1), 100);
}
