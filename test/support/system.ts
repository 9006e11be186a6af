/** Starts the real local system (dynalite, SES emulator, HTTP server) for integration tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSystem, type SystemOptions, startSystem } from '#local/system.ts';
import { businessDay } from '#shared/domain/calendar.ts';

export interface TestSystem extends RunningSystem {
  dataDir: string;
  api(path: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<Response>;
  login(role: string): Promise<string>;
  outbox(): Promise<{ channel: string; to: string[]; subject: string; text: string; html: string }[]>;
  close(): Promise<void>;
}

export async function startTestSystem(options: Partial<SystemOptions> = {}): Promise<TestSystem> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'orderdesk-test-')));
  const system = await startSystem({
    port: 0,
    quiet: true,
    rateLimit: 0,
    pollIntervalMs: 200,
    ...options,
    // Report timers off unless a test turns them on: a run crossing 08:30 Shanghai would
    // otherwise find a scheduled report in its outbox.
    reports: {
      schedules:
        '{"daily":{"enabled":false},"weekly":{"enabled":false},"monthly-statements":{"enabled":false},"quotation-expiry":{"enabled":false}}',
      ...options.reports,
    },
    dataDir,
  });
  const tokens = new Map<string, string>();
  const api: TestSystem['api'] = (path, init = {}) => {
    const { json, token, headers, ...rest } = init;
    const h = new Headers(headers);
    if (json !== undefined) h.set('content-type', 'application/json');
    if (token) h.set('authorization', `Bearer ${token}`);
    return fetch(`${system.baseUrl}${path}`, {
      ...rest,
      headers: h,
      ...(json !== undefined ? { method: rest.method ?? 'POST', body: JSON.stringify(json) } : {}),
    });
  };
  return {
    ...system,
    dataDir,
    api,
    async login(role) {
      const cached = tokens.get(role);
      if (cached) return cached;
      const res = await api('/api/auth/login', {
        json: { email: `${role}@example.com`, password: system.demoPassword },
      });
      if (res.status !== 200) throw new Error(`login ${role}: ${res.status}`);
      const { token } = (await res.json()) as { token: string };
      tokens.set(role, token);
      return token;
    },
    async outbox() {
      await system.drain();
      return (await (await fetch(`${system.baseUrl}/_local/outbox?format=json`)).json()) as never;
    },
    async close() {
      await system.stop();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const inDays = (days: number): string => businessDay(new Date(Date.now() + days * 86_400_000));

/** A valid public order body; override what a test is about. */
export function orderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customer: {
      name: '测试客户',
      company: '测试有限公司',
      email: 'buyer@customer.example',
      phone: '13912345678',
    },
    items: [{ sku: 'BRG-6204', quantity: 10, unitPrice: 1250 }],
    paymentMethod: 'bank_transfer',
    delivery: { address: '上海市浦东新区世纪大道 100 号', requestedDate: inDays(10) },
    ...overrides,
  };
}

/** A staff call as `role`: the status and the parsed JSON answer (master-data tests). */
export function staffCaller(sys: () => TestSystem) {
  return async (method: string, path: string, role: string, json?: unknown) => {
    const system = sys();
    const res = await system.api(path, {
      method,
      token: await system.login(role),
      ...(json !== undefined ? { json } : {}),
    });
    // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in assertions
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
}
