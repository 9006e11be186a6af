/**
 * State transitions of the approval workflow, path by path (issue "Approval workflow"). Each path
 * runs on the real local system — the local workflow runner executing statemachines/*.asl.json
 * with the real task handlers — driven through the public and staff APIs as people would drive
 * it. When both executions of the order (order-approval and order-sla) have ended, the history
 * (`GET /api/orders/{id}/workflow`) is counted: each `…StateEntered` event is one state transition,
 * which is what Step Functions Standard bills ($0.025 per 1,000).
 *
 * Time is compressed with a round-the-clock working calendar and `timeScale`, so deadlines fire
 * within seconds: two systems, one where approvers have all the time they need (decisions, the
 * SLA), one where every approver's deadline passes in 1.5 s (escalation, hold).
 */
import { countStateTransitions } from '#local/workflow/runner.ts';
import { orderBody } from '../test/support/system.ts';
import { startChild } from './children.ts';
import type { SystemInfo } from './load.ts';

/** Every hour of every day is working time, so deadlines are exact. */
const ROUND_THE_CLOCK = JSON.stringify({
  weekendDays: [],
  publicHolidays: 'none',
  hours: [['00:00', '24:00']],
});
/** 1 real second = 8 working hours: the SLA of 2 working days (48 h) fires after 6 s. */
const TIME_SCALE = 28_800;
const SLA_HOURS = 48;
export const PRICE_PER_1000_TRANSITIONS = 0.025;
const PATH_TIMEOUT_MS = 30_000;

type Role = 'ops' | 'sales_director' | 'gm';

interface Line {
  sku: string;
  quantity: number;
  unitPrice: number;
}

interface Setup {
  name: string;
  /** APPROVAL_DEADLINE_HOURS for every role (working hours). */
  deadlineHours: number;
  paths: PathSpec[];
}

interface PathSpec {
  key: string;
  label: string;
  items: Line[];
  drive: (c: Driver, orderId: string) => Promise<void>;
}

export interface PathResult {
  key: string;
  label: string;
  setup: string;
  /** Seconds of workflow time per real second, and the approval deadline per role (real s). */
  deadlineSeconds: number;
  slaSeconds: number;
  orderStatus: string;
  slaBreached: boolean;
  approvalStatus: string;
  slaStatus: string;
  approvalTransitions: number;
  slaTransitions: number;
  total: number;
  /** The states the approval execution entered, in order. */
  approvalStates: string[];
  /** Failed task attempts (each retry is one more billed transition on AWS; countStateTransitions skips them). */
  taskFailures: number;
  seconds: number;
  error?: string;
}

interface WorkflowEvent {
  type: string;
  state?: string;
}
interface Execution {
  stateMachine: string;
  status: string;
  events: WorkflowEvent[];
}
interface OrderView {
  status: string;
  slaBreached?: boolean;
  pendingApproval?: { requestId: string; role: string; allowedRoles: string[] } | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Driver {
  private tokens = new Map<string, Promise<string>>();
  constructor(readonly baseUrl: string) {}

  token(role: string): Promise<string> {
    let t = this.tokens.get(role);
    if (!t) {
      t = fetch(`${this.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${role}@example.com`, password: 'orderdesk-demo' }),
      }).then(async (res) => {
        if (res.status !== 200) throw new Error(`login ${role}: ${res.status}`);
        return ((await res.json()) as { token: string }).token;
      });
      this.tokens.set(role, t);
    }
    return t;
  }

  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${await this.token('gm')}` },
    });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
    return (await res.json()) as T;
  }

  order = (orderId: string) => this.get<OrderView>(`/api/orders/${orderId}`);

  async until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + PATH_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const value = await check().catch(() => undefined);
      if (value !== undefined) return value;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** Waits until the order waits on `role`'s step, and returns the step. */
  step = (orderId: string, role: Role) =>
    this.until(`the ${role} step`, async () => {
      const o = await this.order(orderId);
      return o.pendingApproval?.role === role ? o.pendingApproval : undefined;
    });

  status = (orderId: string, status: string) =>
    this.until(`status ${status}`, async () =>
      (await this.order(orderId)).status === status ? true : undefined,
    );

  /** `as` decides the order's waiting step in the staff console. */
  async decide(orderId: string, as: Role, decision: 'approve' | 'reject', reason?: string): Promise<void> {
    const { requestId } = (await this.order(orderId)).pendingApproval ?? {};
    const res = await fetch(`${this.baseUrl}/api/orders/${orderId}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.token(as)}` },
      body: JSON.stringify({ decision, requestId, ...(reason ? { reason } : {}) }),
    });
    if (res.status !== 200) throw new Error(`${as} ${decision}: ${res.status} ${await res.text()}`);
  }

  /** Each role in turn approves its step. */
  async approveChain(orderId: string, roles: Role[]): Promise<void> {
    for (const role of roles) {
      await this.step(orderId, role);
      await this.decide(orderId, role, 'approve');
    }
  }

  async place(key: string, items: Line[]): Promise<string> {
    const body = orderBody({
      customer: { name: `基准 ${key}`, company: `基准客户 ${key}`, email: `${key}@bench.example` },
      items,
    });
    const res = await fetch(`${this.baseUrl}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`order answered ${res.status}`);
    return ((await res.json()) as { orderId: string }).orderId;
  }

  /** Both executions of the order, once neither is running any more. */
  ended = (orderId: string) =>
    this.until('both executions to end', async () => {
      const { executions } = await this.get<{ executions: Execution[] }>(`/api/orders/${orderId}/workflow`);
      const approval = executions.find((e) => e.stateMachine === 'order-approval');
      const sla = executions.find((e) => e.stateMachine === 'order-sla');
      return approval && sla && approval.status !== 'RUNNING' && sla.status !== 'RUNNING'
        ? { approval, sla }
        : undefined;
    });
}

const BRG = (quantity: number): Line => ({ sku: 'BRG-6204', quantity, unitPrice: 1250 });

export const SETUPS: Setup[] = [
  {
    name: 'decisions in time',
    deadlineHours: 1000,
    paths: [
      {
        key: 'tier1',
        label: 'tier 1 approved (ops)',
        items: [BRG(5)],
        drive: (c, id) => c.approveChain(id, ['ops']),
      },
      {
        key: 'tier2',
        label: 'tier 2 approved (ops → sales director; no list price)',
        items: [{ sku: 'PMP-CUSTOM', quantity: 1, unitPrice: 500_000 }],
        drive: (c, id) => c.approveChain(id, ['ops', 'sales_director']),
      },
      {
        key: 'tier3',
        label: 'tier 3 approved (ops → sales director → gm; below list)',
        items: [{ sku: 'VLV-DN50', quantity: 2, unitPrice: 20_000 }],
        drive: (c, id) => c.approveChain(id, ['ops', 'sales_director', 'gm']),
      },
      {
        key: 'reject1',
        label: 'rejected at tier 1 (ops rejects)',
        items: [BRG(3)],
        drive: async (c, id) => {
          await c.step(id, 'ops');
          await c.decide(id, 'ops', 'reject', '基准测试：驳回');
        },
      },
      {
        key: 'sla',
        label: 'SLA breached (nobody decides for 2 working days; then gm approves)',
        items: [BRG(2)],
        drive: async (c, id) => {
          await c.until('the SLA breach', async () => ((await c.order(id)).slaBreached ? true : undefined));
          await c.decide(id, 'gm', 'approve');
        },
      },
    ],
  },
  {
    name: 'deadlines pass',
    deadlineHours: 12,
    paths: [
      {
        key: 'escalated',
        label: "escalated (ops' deadline passes; the sales director approves)",
        items: [BRG(4)],
        drive: async (c, id) => {
          await c.step(id, 'sales_director');
          await c.decide(id, 'sales_director', 'approve');
        },
      },
      {
        key: 'held',
        label: "held (ops', sales director's and gm's deadlines pass)",
        items: [BRG(6)],
        drive: async (c, id) => {
          await c.status(id, 'on_hold');
        },
      },
    ],
  },
];

const FAILURES = new Set(['TaskFailed', 'LambdaFunctionFailed', 'LambdaFunctionTimedOut']);

async function runPath(c: Driver, setup: Setup, spec: PathSpec): Promise<PathResult> {
  const started = performance.now();
  const base = {
    key: spec.key,
    label: spec.label,
    setup: setup.name,
    deadlineSeconds: (setup.deadlineHours * 3600) / TIME_SCALE,
    slaSeconds: (SLA_HOURS * 3600) / TIME_SCALE,
  };
  try {
    const orderId = await c.place(spec.key, spec.items);
    await spec.drive(c, orderId);
    const { approval, sla } = await c.ended(orderId);
    const order = await c.order(orderId);
    const approvalTransitions = countStateTransitions(approval.events);
    const slaTransitions = countStateTransitions(sla.events);
    return {
      ...base,
      orderStatus: order.status,
      slaBreached: order.slaBreached === true,
      approvalStatus: approval.status,
      slaStatus: sla.status,
      approvalTransitions,
      slaTransitions,
      total: approvalTransitions + slaTransitions,
      approvalStates: approval.events
        .filter((e) => e.type.endsWith('StateEntered'))
        .map((e) => e.state ?? '?'),
      taskFailures: [...approval.events, ...sla.events].filter((e) => FAILURES.has(e.type)).length,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    return {
      ...base,
      orderStatus: '?',
      slaBreached: false,
      approvalStatus: '?',
      slaStatus: '?',
      approvalTransitions: Number.NaN,
      slaTransitions: Number.NaN,
      total: Number.NaN,
      approvalStates: [],
      taskFailures: 0,
      seconds: (performance.now() - started) / 1000,
      error: (error as Error).message.slice(0, 200),
    };
  }
}

/** Runs every path of every setup, each setup on its own fresh system, its paths side by side. */
export async function measureWorkflows(workDir: string): Promise<PathResult[]> {
  const results: PathResult[] = [];
  for (const [i, setup] of SETUPS.entries()) {
    const system = await startChild<SystemInfo>('bench/system-child.ts', {
      dataDir: `${workDir}/workflows-${i}`,
      timeScale: TIME_SCALE,
      env: {
        WORKING_CALENDAR: ROUND_THE_CLOCK,
        APPROVAL_DEADLINE_HOURS: JSON.stringify({
          ops: setup.deadlineHours,
          sales_director: setup.deadlineHours,
          gm: setup.deadlineHours,
        }),
      },
    });
    try {
      const driver = new Driver(system.info.baseUrl);
      await Promise.all(['ops', 'sales_director', 'gm'].map((r) => driver.token(r)));
      results.push(...(await Promise.all(setup.paths.map((p) => runPath(driver, setup, p)))));
    } finally {
      await system.stop();
    }
  }
  return results;
}
