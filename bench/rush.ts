/**
 * State transitions and history events of the rush-order workflow's progress loop
 * (statemachines/rush-order.asl.json, R-RUSH-6): WaitWindow → CheckWindow → WindowOutcome once per
 * report window, until logistics delivers. A rush order is filed (sales), accepted (sales director)
 * and left in production for the equivalent of 1 day and of 7 days of 2-hour windows, sales and
 * production reporting in some windows, then shipped and delivered (logistics) — all through the
 * API, on the real local system with `timeScale` compressing the Wait.
 *
 * `GET /api/orders/{id}/workflow` lists the approval and SLA executions only, so the rush
 * execution's history is read from the local Step Functions API (GetExecutionHistory, the same
 * client the functions use) and counted with `countStateTransitions`.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { countStateTransitions } from '#local/workflow/runner.ts';
import { sfnWorkflowEngine } from '#shared/adapters/sfn-workflow-engine.ts';
import { orderBody } from '../test/support/system.ts';
import { startChild } from './children.ts';
import type { SystemInfo } from './load.ts';

/** Minutes per report window (RUSH_REPORT_INTERVAL_MINUTES). */
export const RUSH_INTERVAL_MINUTES = 120;
/** 1 real second = 8 hours: a 2-hour window's Wait is 0.25 s. */
export const RUSH_TIME_SCALE = 28_800;
/** The leadership decision never times out (1,000,000 min ≈ 35 min real). */
const DECISION_MINUTES = 1_000_000;
/** Windows of one day of loop. */
export const WINDOWS_PER_DAY = (24 * 60) / RUSH_INTERVAL_MINUTES;
export const RUSH_DAYS = [1, 7];
/** Step Functions Standard: at most 25,000 events in an execution's history. */
export const HISTORY_EVENT_LIMIT = 25_000;
const LOOP_STATES = new Set(['WaitWindow', 'CheckWindow', 'WindowOutcome']);
const FAILURES = new Set(['TaskFailed', 'LambdaFunctionFailed', 'LambdaFunctionTimedOut']);
const RUN_TIMEOUT_MS = 240_000;

export interface RushRun {
  days: number;
  /** Windows asked for: days × 12; logistics ships and delivers once the order shows as many. */
  targetWindows: number;
  /** Windows the order recorded (`rush.windows` of `GET /api/orders/{id}`). */
  windows: number;
  /** Windows in which production / sales / both reported, and in which nobody did. */
  productionReported: number;
  salesReported: number;
  bothReported: number;
  noneReported: number;
  /** Progress reports posted (`POST /api/rush-orders/{id}/progress`). */
  reportsPosted: number;
  orderStatus: string;
  executionStatus: string;
  transitions: number;
  events: number;
  /** Transitions into WaitWindow, CheckWindow and WindowOutcome. */
  loopTransitions: number;
  /** Times CheckWindow ran (each recorded window, plus the last one that finds the order delivered). */
  checks: number;
  /** Transitions per state, in order of first entry. */
  states: [string, number][];
  /** Events per type. */
  eventTypes: [string, number][];
  taskFailures: number;
  /** Real seconds per recorded window (Wait 0.25 s + the real time of the check and the loop). */
  realSecondsPerWindow: number;
  seconds: number;
  error?: string;
}

export interface RushResults {
  intervalMinutes: number;
  timeScale: number;
  decisionMinutes: number;
  runs: RushRun[];
}

interface RushView {
  status: string;
  pendingApproval?: { role: string; requestId: string } | null;
  rush?: {
    windows?: { index: number; start: string; end: string; missed: string[]; reports: { role: string }[] }[];
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function client(baseUrl: string) {
  const tokens = new Map<string, Promise<string>>();
  const token = (role: string) => {
    let t = tokens.get(role);
    if (!t) {
      t = fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${role}@example.com`, password: 'orderdesk-demo' }),
      }).then(async (res) => {
        if (res.status !== 200) throw new Error(`login ${role}: ${res.status}`);
        return ((await res.json()) as { token: string }).token;
      });
      tokens.set(role, t);
    }
    return t;
  };
  const call = async (role: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${await token(role)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const post = async (role: string, path: string, body: unknown, expected: number) => {
    const res = await call(role, path, body);
    if (res.status !== expected) throw new Error(`${role} POST ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  const order = async (orderId: string) => {
    const res = await call('gm', `/api/orders/${orderId}`);
    if (res.status !== 200) throw new Error(`GET order: ${res.status}`);
    return (await res.json()) as RushView;
  };
  return { token, post, order };
}

async function until<T>(what: string, check: () => Promise<T | undefined>, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(intervalMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const tally = (values: string[]) => {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()];
};

/** Production reports in every 2nd window, sales in every 3rd (windows 0, 6, 12, … both). */
const reporters = (window: number) => [
  ...(window % 2 === 0 ? ['production'] : []),
  ...(window % 3 === 0 ? ['sales'] : []),
];

async function runOrder(
  c: ReturnType<typeof client>,
  engine: ReturnType<typeof sfnWorkflowEngine>,
  days: number,
): Promise<RushRun> {
  const started = performance.now();
  const targetWindows = days * WINDOWS_PER_DAY;
  let reportsPosted = 0;
  let loopStarted = 0;
  try {
    const body = {
      ...orderBody({
        customer: {
          name: `基准 加急 ${days}d`,
          company: `基准客户 加急 ${days}d`,
          email: `rush-${days}d@bench.example`,
        },
      }),
      urgency: 'critical',
      requiredBy: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      reason: '基准测试：客户产线停机',
    };
    const filed = await c.post('sales', '/api/rush-orders', body, 201);
    const { orderId } = (await filed.json()) as { orderId: string };
    await until('the sales director step', async () =>
      (await c.order(orderId)).pendingApproval?.role === 'sales_director' ? true : undefined,
    );
    await c.post(
      'sales_director',
      `/api/orders/${orderId}/decision`,
      { decision: 'approve', reason: '基准测试：产能可以安排' },
      200,
    );
    await until('in_production', async () =>
      (await c.order(orderId)).status === 'in_production' ? true : undefined,
    );
    loopStarted = performance.now();

    // Report into the window now open (index = windows recorded so far), as the roles' pattern says.
    let reportedFor = -1;
    await until(
      `${targetWindows} windows`,
      async () => {
        const open = (await c.order(orderId)).rush?.windows?.length ?? 0;
        if (open >= targetWindows) return true;
        if (open > reportedFor) {
          reportedFor = open;
          for (const role of reporters(open)) {
            await c.post(
              role,
              `/api/rush-orders/${orderId}/progress`,
              { done: `窗口 ${open + 1} 已完成`, next: '继续加工' },
              201,
            );
            reportsPosted++;
          }
        }
        return undefined;
      },
      50,
    );
    const loopEnded = performance.now();

    await c.post(
      'logistics',
      `/api/orders/${orderId}/ship`,
      { carrier: '顺丰', trackingNumber: 'SF0000' },
      200,
    );
    await c.post('logistics', `/api/orders/${orderId}/deliver`, {}, 200);
    const execution = await until('the rush execution to end', async () => {
      const e = await engine.execution('rush-order', orderId);
      return e && e.status !== 'RUNNING' ? e : undefined;
    });
    const order = await c.order(orderId);
    const windows = order.rush?.windows ?? [];
    const reported = (w: (typeof windows)[number], role: string) => w.reports.some((r) => r.role === role);
    const entered = execution.events
      .filter((e) => e.type.endsWith('StateEntered'))
      .map((e) => e.state ?? '?');
    return {
      days,
      targetWindows,
      windows: windows.length,
      productionReported: windows.filter((w) => reported(w, 'production')).length,
      salesReported: windows.filter((w) => reported(w, 'sales')).length,
      bothReported: windows.filter((w) => w.missed.length === 0).length,
      noneReported: windows.filter((w) => w.reports.length === 0).length,
      reportsPosted,
      orderStatus: order.status,
      executionStatus: execution.status,
      transitions: countStateTransitions(execution.events),
      events: execution.events.length,
      loopTransitions: entered.filter((s) => LOOP_STATES.has(s)).length,
      checks: entered.filter((s) => s === 'CheckWindow').length,
      states: tally(entered),
      eventTypes: tally(execution.events.map((e) => e.type)),
      taskFailures: execution.events.filter((e) => FAILURES.has(e.type)).length,
      realSecondsPerWindow: (loopEnded - loopStarted) / 1000 / Math.max(1, windows.length),
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    return {
      days,
      targetWindows,
      windows: 0,
      productionReported: 0,
      salesReported: 0,
      bothReported: 0,
      noneReported: 0,
      reportsPosted,
      orderStatus: '?',
      executionStatus: '?',
      transitions: Number.NaN,
      events: Number.NaN,
      loopTransitions: Number.NaN,
      checks: Number.NaN,
      states: [],
      eventTypes: [],
      taskFailures: 0,
      realSecondsPerWindow: Number.NaN,
      seconds: (performance.now() - started) / 1000,
      error: (error as Error).message.slice(0, 200),
    };
  }
}

/** One fresh system; the 1-day order, then the 7-day order (one loop at a time on the 2 cores). */
export async function measureRush(dataDir: string): Promise<RushResults> {
  const system = await startChild<SystemInfo>('bench/system-child.ts', {
    dataDir,
    timeScale: RUSH_TIME_SCALE,
    env: {
      RUSH_REPORT_INTERVAL_MINUTES: String(RUSH_INTERVAL_MINUTES),
      RUSH_DECISION_MINUTES: String(DECISION_MINUTES),
    },
  });
  try {
    const api = await system.request<{ endpoint: string; rushArn: string }>('workflowApi');
    const sfn = new SFNClient({
      endpoint: api.endpoint,
      region: process.env['AWS_REGION'] ?? 'cn-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const engine = sfnWorkflowEngine(
      {
        'rush-order': api.rushArn,
        'order-approval': api.rushArn,
        'order-sla': api.rushArn,
        'order-close': api.rushArn,
        'order-change': api.rushArn,
      },
      sfn,
    );
    const c = client(system.info.baseUrl);
    await Promise.all(['sales', 'sales_director', 'production', 'logistics', 'gm'].map((r) => c.token(r)));
    const runs: RushRun[] = [];
    for (const days of RUSH_DAYS) runs.push(await runOrder(c, engine, days));
    sfn.destroy();
    return {
      intervalMinutes: RUSH_INTERVAL_MINUTES,
      timeScale: RUSH_TIME_SCALE,
      decisionMinutes: DECISION_MINUTES,
      runs,
    };
  } finally {
    await system.stop();
  }
}

/** What the report and the verdict read: per window, per order, per day, and the history limit. */
export function rushFigures(r: RushResults, price: number, maxPerWindow: number) {
  const ok = r.runs.filter((x) => !x.error && x.windows > 0);
  const [short, long] = [ok[0], ok[ok.length - 1]];
  const span = short && long && long.windows > short.windows ? long.windows - short.windows : 0;
  /** What one more window costs: the difference between the 7-day and the 1-day order. */
  const marginalTransitions = span ? (long!.transitions - short!.transitions) / span : Number.NaN;
  const marginalEvents = span ? (long!.events - short!.events) / span : Number.NaN;
  const fixedTransitions = long ? long.transitions - marginalTransitions * long.windows : Number.NaN;
  const fixedEvents = long ? long.events - marginalEvents * long.windows : Number.NaN;
  const eventsPerDay = marginalEvents * WINDOWS_PER_DAY;
  const daysToLimit = (HISTORY_EVENT_LIMIT - fixedEvents) / eventsPerDay;
  const perWindow = (x: RushRun) => x.transitions / x.windows;
  const worst = Math.max(marginalTransitions, ...ok.map(perWindow));
  const pass = ok.length === r.runs.length && r.runs.length > 0 && worst <= maxPerWindow;
  return {
    ok,
    marginalTransitions,
    marginalEvents,
    fixedTransitions,
    fixedEvents,
    eventsPerDay,
    daysToLimit,
    perWindow,
    worst,
    pass,
    cost: (transitions: number) => transitions * price,
  };
}
