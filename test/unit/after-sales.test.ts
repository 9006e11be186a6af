import { describe, expect, it } from 'vitest';
import {
  allowedCaseActions,
  CaseActionError,
  caseActionBodySchema,
  nextCaseStatus,
  openBlocker,
  openCaseBodySchema,
  refundable,
  responseDeadline,
} from '#shared/domain/after-sales.ts';
import { ConflictError, ForbiddenError, ValidationError } from '#shared/domain/errors.ts';
import { DEFAULT_CALENDAR } from '#shared/domain/working-calendar.ts';
import {
  type AfterSalesCase,
  type CaseStore,
  caseDayKeys,
  caseToItem,
} from '#shared/entities/case-entity.ts';
import type { Order } from '#shared/entities/order-entity.ts';
import type { OutgoingEmail } from '#shared/ports.ts';
import { actOnCase } from '#shared/use-cases/act-on-case.ts';
import { listOrderCases } from '#shared/use-cases/list-order-cases.ts';
import { openCase } from '#shared/use-cases/open-case.ts';
import { captureOutput } from '../support/log-lines.ts';
import { fixedClock, memoryOrderStore } from '../support/memory-stores.ts';

/** `2026-09-30 17:00` in Asia/Shanghai. */
const cst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

function memoryCaseStore(): CaseStore {
  const all = new Map<string, AfterSalesCase>();
  const ledgers = new Map<string, number>();
  const id = (o: string, c: string) => `${o}/${c}`;
  return {
    async create(c) {
      if (all.has(id(c.orderId, c.caseId))) throw new ConflictError('exists');
      all.set(id(c.orderId, c.caseId), structuredClone(c));
    },
    async get(o, c) {
      const found = all.get(id(o, c));
      return found ? structuredClone(found) : undefined;
    },
    async listForOrder(o) {
      return [...all.values()].filter((c) => c.orderId === o).map((c) => structuredClone(c));
    },
    async waiting(limit) {
      const waiting = [...all.values()]
        .filter((c) => c.caseStatus === 'open' || c.caseStatus === 'in_progress')
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      return { cases: waiting.slice(0, limit).map((c) => structuredClone(c)), total: waiting.length };
    },
    async update(current, change) {
      const stored = all.get(id(current.orderId, current.caseId));
      if (!stored || stored.version !== current.version) throw new ConflictError('changed');
      const next: AfterSalesCase = {
        ...stored,
        ...change.set,
        caseStatus: change.caseStatus,
        history: [...stored.history, change.history],
        updatedAt: change.updatedAt,
        version: stored.version + 1,
      };
      all.set(id(current.orderId, current.caseId), next);
      return structuredClone(next);
    },
    async reserveRefund(orderId, amount, total, before) {
      const granted = ledgers.get(orderId) ?? before;
      if (granted + amount > total) return 'over';
      ledgers.set(orderId, granted + amount);
      return 'reserved';
    },
    async releaseRefund(orderId, amount) {
      ledgers.set(orderId, (ledgers.get(orderId) ?? 0) - amount);
    },
  };
}

function order(over: Partial<Order> = {}): Order {
  return {
    orderId: 'O1',
    orderNumber: 'OD20260930-000001',
    channel: 'web',
    status: 'delivered',
    priority: 'normal',
    customer: { name: '王先生', email: 'buyer@customer.example' },
    customerKey: 'email:buyer@customer.example',
    items: [],
    totalAmount: 10_000,
    currency: 'CNY',
    paymentMethod: 'alipay',
    delivery: { address: 'x', requestedDate: '2026-10-10' },
    language: 'zh-CN',
    approvalTier: 'ops',
    approvalChain: ['ops'],
    assignee: null,
    history: [],
    version: 1,
    createdAt: '2026-09-20T02:00:00.000Z',
    updatedAt: '2026-09-20T02:00:00.000Z',
    ...over,
  };
}

async function setup(over: Partial<Order> = {}, now = cst('2026-09-30 17:00')) {
  const orders = memoryOrderStore();
  await orders.create(order(over));
  const sent: OutgoingEmail[] = [];
  const deps = {
    orders,
    cases: memoryCaseStore(),
    mailer: { send: async (m: OutgoingEmail) => void sent.push(m) },
    clock: fixedClock(now.toISOString()),
    calendar: DEFAULT_CALENDAR,
    trackingSecret: 'secret',
    publicBaseUrl: 'http://desk.example',
  };
  return { deps, sent };
}

const open = (deps: Awaited<ReturnType<typeof setup>>['deps'], body: Record<string, unknown>, over = {}) =>
  openCase(deps, {
    orderId: 'O1',
    body: openCaseBodySchema.parse(body),
    actor: 'after_sales@example.com',
    roles: ['after_sales'],
    ...over,
  });

describe('case state machine (R-AFTER-1)', () => {
  const refund = { caseType: 'refund', caseStatus: 'open' } as const;
  const complaint = { caseType: 'complaint', caseStatus: 'open' } as const;

  it('walks open → in_progress → resolved → closed', () => {
    expect(nextCaseStatus(complaint, 'start', ['after_sales'])).toBe('in_progress');
    expect(nextCaseStatus({ ...complaint, caseStatus: 'in_progress' }, 'resolve', ['sales'])).toBe(
      'resolved',
    );
    expect(nextCaseStatus({ ...complaint, caseStatus: 'resolved' }, 'close', ['ops'])).toBe('closed');
    expect(nextCaseStatus(complaint, 'reject', ['gm'])).toBe('rejected');
  });

  it('refuses moves out of closed and rejected cases, and closing an unresolved one (409)', () => {
    for (const caseStatus of ['closed', 'rejected'] as const)
      for (const action of ['start', 'resolve', 'reject', 'close'] as const)
        expect(() => nextCaseStatus({ ...complaint, caseStatus }, action, ['gm'])).toThrow(CaseActionError);
    expect(() => nextCaseStatus(complaint, 'close', ['gm'])).toThrow(CaseActionError);
    expect(new CaseActionError('x')).toBeInstanceOf(ConflictError);
  });

  it('resolves a refund case only by granting it, and grants only refund cases', () => {
    expect(() => nextCaseStatus(refund, 'resolve', ['gm'])).toThrow(/granting the refund/);
    expect(() => nextCaseStatus(complaint, 'grant-refund', ['finance'])).toThrow(CaseActionError);
    expect(nextCaseStatus(refund, 'grant-refund', ['finance'])).toBe('resolved');
  });

  it('lets only finance or gm grant a refund, and not finance handle cases (R-SEC-2)', () => {
    expect(() => nextCaseStatus(refund, 'grant-refund', ['after_sales', 'sales'])).toThrow(ForbiddenError);
    expect(() => nextCaseStatus(complaint, 'start', ['finance'])).toThrow(ForbiddenError);
    expect(allowedCaseActions(refund, ['finance'])).toEqual(['grant-refund']);
    expect(allowedCaseActions(refund, ['after_sales'])).toEqual(['start', 'reject']);
    expect(allowedCaseActions(complaint, ['gm'])).toEqual(['start', 'resolve', 'reject']);
    expect(allowedCaseActions({ ...complaint, caseStatus: 'closed' }, ['gm'])).toEqual([]);
  });
});

describe('opening rules', () => {
  it('needs a shipped order for returns, exchanges, refunds and repairs; complaints any time', () => {
    for (const t of ['return', 'exchange', 'refund', 'repair'] as const) {
      expect(openBlocker(t, 'approved')).toMatch(/shipped/);
      expect(openBlocker(t, 'shipped')).toBeUndefined();
      expect(openBlocker(t, 'completed')).toBeUndefined();
    }
    expect(openBlocker('complaint', 'received')).toBeUndefined();
    expect(openBlocker('inquiry', 'under_review')).toBeUndefined();
  });

  it('asks a refund amount of refund cases only, and a note when resolving or rejecting', () => {
    const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
      r.error?.issues.map((i) => i.path.join('.'));
    expect(issues(openCaseBodySchema.safeParse({ caseType: 'refund', description: 'x' }))).toEqual([
      'refundAmount',
    ]);
    expect(
      issues(openCaseBodySchema.safeParse({ caseType: 'return', description: 'x', refundAmount: 5 })),
    ).toEqual(['refundAmount']);
    expect(issues(openCaseBodySchema.safeParse({ caseType: 'fraud', description: ' ', extra: 1 }))).toEqual(
      expect.arrayContaining(['caseType', 'description', '']),
    );
    expect(issues(caseActionBodySchema.safeParse({ action: 'reject', expectedVersion: 1 }))).toEqual([
      'note',
    ]);
    expect(
      issues(caseActionBodySchema.safeParse({ action: 'start', amount: 5, expectedVersion: 1 })),
    ).toEqual(['amount']);
  });

  it('opens a case without an order it may not go with (400 on caseType)', async () => {
    const { deps, sent } = await setup({ status: 'approved' });
    await expect(open(deps, { caseType: 'return', description: '破损' })).rejects.toMatchObject({
      issues: [{ path: 'caseType' }],
    });
    expect(await deps.cases.listForOrder('O1')).toEqual([]);
    expect(sent).toEqual([]);
  });
});

describe('response deadline on the working calendar (4.2 快速响应)', () => {
  it('gives complaints and refunds half a working day and other cases one, skipping the National Day holiday', () => {
    // Wednesday 30 Sept 17:00: one working hour left, then 1–7 Oct are holidays.
    const at = cst('2026-09-30 17:00');
    expect(responseDeadline(DEFAULT_CALENDAR, 'complaint', at).toISOString()).toBe(
      cst('2026-10-08 12:00').toISOString(),
    );
    expect(responseDeadline(DEFAULT_CALENDAR, 'return', at).toISOString()).toBe(
      cst('2026-10-08 17:00').toISOString(),
    );
  });

  it('is stored on the case, and overdue only while nobody has answered', async () => {
    const { deps } = await setup();
    const c = await open(deps, { caseType: 'complaint', description: '包装破损' });
    expect(c.responseDeadline).toBe(cst('2026-10-08 12:00').toISOString());
    expect(c.overdue).toBe(false);
    const late = { ...deps, clock: fixedClock(cst('2026-10-08 12:01').toISOString()) };
    const listed = await listOrderCases(late, { orderId: 'O1', roles: ['sales'] });
    expect(listed.cases[0]?.overdue).toBe(true);
    const started = await actOnCase(late, {
      orderId: 'O1',
      caseId: c.caseId,
      body: { action: 'start', expectedVersion: 1 },
      actor: 'sales@example.com',
      roles: ['sales'],
    });
    expect(started).toMatchObject({
      overdue: false,
      respondedAt: cst('2026-10-08 12:01').toISOString(),
      assignee: 'sales@example.com',
    });
  });
});

describe('refund limits', () => {
  it('refunds at most the order total minus refunds already granted', async () => {
    expect(refundable(10_000, [3_000, 2_000])).toBe(5_000);
    expect(refundable(10_000, [12_000])).toBe(0);
    const { deps } = await setup();
    await expect(
      open(deps, { caseType: 'refund', description: '退款', refundAmount: 10_001 }),
    ).rejects.toMatchObject({ issues: [{ path: 'refundAmount' }] });
    const first = await open(deps, { caseType: 'refund', description: '部分退款', refundAmount: 6_000 });
    const second = await open(deps, { caseType: 'refund', description: '再退款', refundAmount: 6_000 });
    const finance = { actor: 'finance@example.com', roles: ['finance'] as const };
    const granted = await actOnCase(deps, {
      orderId: 'O1',
      caseId: first.caseId,
      body: { action: 'grant-refund', amount: 5_000, expectedVersion: 1 },
      ...finance,
    });
    expect(granted).toMatchObject({ caseStatus: 'resolved', refundAmount: 5_000, requestedAmount: 6_000 });
    expect(granted.refundedAt).toBe(granted.resolvedAt);
    // 10 000 − 5 000 granted: the second case's 6 000 is too much now.
    await expect(
      actOnCase(deps, {
        orderId: 'O1',
        caseId: second.caseId,
        body: { action: 'grant-refund', expectedVersion: 1 },
        ...finance,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      open(deps, { caseType: 'refund', description: 'x', refundAmount: 5_001 }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await listOrderCases(deps, { orderId: 'O1', roles: ['finance'] })).refundable).toBe(5_000);
  });

  it('lets only one of two refunds granted at the same moment through when both would exceed the total', async () => {
    const { deps } = await setup();
    const a = await open(deps, { caseType: 'refund', description: '退款一', refundAmount: 6_000 });
    const b = await open(deps, { caseType: 'refund', description: '退款二', refundAmount: 6_000 });
    const grant = (caseId: string) =>
      actOnCase(deps, {
        orderId: 'O1',
        caseId,
        body: { action: 'grant-refund', expectedVersion: 1 },
        actor: 'finance@example.com',
        roles: ['finance'],
      });
    // Both read the cases before either writes: only the ledger tells them apart.
    const results = await Promise.allSettled([grant(a.caseId), grant(b.caseId)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ issues: [{ path: 'amount' }] });
    const granted = (await deps.cases.listForOrder('O1')).filter((c) => c.refundAmount !== undefined);
    expect(granted.map((c) => c.refundAmount)).toEqual([6_000]);
  });

  it('gives the reservation back when the case write loses to a concurrent change', async () => {
    const { deps } = await setup();
    const a = await open(deps, { caseType: 'refund', description: '退款', refundAmount: 10_000 });
    const update = deps.cases.update;
    deps.cases.update = async () => {
      throw new ConflictError('changed meanwhile');
    };
    const grant = () =>
      actOnCase(deps, {
        orderId: 'O1',
        caseId: a.caseId,
        body: { action: 'grant-refund', expectedVersion: 1 },
        actor: 'gm@example.com',
        roles: ['gm'],
      });
    await expect(grant()).rejects.toBeInstanceOf(ConflictError);
    deps.cases.update = update;
    // The whole 10 000 is still refundable.
    await expect(grant()).resolves.toMatchObject({ refundAmount: 10_000 });
  });

  it('never grants more than was asked for', async () => {
    const { deps } = await setup();
    const c = await open(deps, { caseType: 'refund', description: '退款', refundAmount: 1_000 });
    await expect(
      actOnCase(deps, {
        orderId: 'O1',
        caseId: c.caseId,
        body: { action: 'grant-refund', amount: 1_001, expectedVersion: 1 },
        actor: 'gm@example.com',
        roles: ['gm'],
      }),
    ).rejects.toMatchObject({ issues: [{ path: 'amount' }] });
  });
});

describe('case history and the customer (R-ARCH-2)', () => {
  it('appends every action, refuses a stale version and tells the customer on open and answer', async () => {
    const { deps, sent } = await setup();
    const c = await open(deps, { caseType: 'exchange', description: '尺寸不对，需要换货' });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toMatch(/^订单 OD20260930-000001：已受理您的换货申请/);
    expect(sent[0]?.text).toContain(c.caseId);
    const act = (action: 'start' | 'resolve' | 'close', expectedVersion: number, note?: string) =>
      actOnCase(deps, {
        orderId: 'O1',
        caseId: c.caseId,
        body: { action, expectedVersion, ...(note ? { note } : {}) },
        actor: 'after_sales@example.com',
        roles: ['after_sales'],
      });
    await act('start', 1);
    await expect(act('resolve', 1, '已换货')).rejects.toBeInstanceOf(ConflictError);
    const resolved = await act('resolve', 2, '已寄出新货');
    const closed = await act('close', 3);
    expect(closed.history.map((h) => [h.action, h.from, h.to])).toEqual([
      ['opened', undefined, 'open'],
      ['start', 'open', 'in_progress'],
      ['resolve', 'in_progress', 'resolved'],
      ['close', 'resolved', 'closed'],
    ]);
    expect(resolved.history.at(-1)?.note).toBe('已寄出新货');
    expect(sent).toHaveLength(2);
    expect(sent[1]?.text).toContain('已寄出新货');
  });

  it('sends nothing when the order has no email, and still opens the case', async () => {
    const { deps, sent } = await setup({ customer: { name: '李', phone: '13800000000' } });
    const c = await open(deps, { caseType: 'inquiry', description: '发票问题' });
    expect(c.caseStatus).toBe('open');
    expect(sent).toEqual([]);
  });

  it('keeps the case when the email fails, and logs ids only, never the address (R-SEC-1)', async () => {
    const { deps } = await setup();
    const output = captureOutput();
    try {
      const failing = { ...deps, mailer: { send: async () => Promise.reject(new Error('SES down')) } };
      const c = await open(failing, { caseType: 'complaint', description: '联系电话 13800000000' });
      expect(await deps.cases.get('O1', c.caseId)).toMatchObject({ caseStatus: 'open' });
    } finally {
      output.restore();
    }
    const logged = output.jsonLines();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'ERROR', orderId: 'O1', reason: 'SES down' });
    expect(output.text()).not.toMatch(/buyer@customer\.example|13800000000|王先生/);
  });

  it('answers the first case on a retry with the same Idempotency-Key', async () => {
    const { deps, sent } = await setup();
    const a = await open(
      deps,
      { caseType: 'complaint', description: '延误' },
      { idempotencyKey: 'retry-key-1' },
    );
    const b = await open(
      deps,
      { caseType: 'complaint', description: '延误' },
      { idempotencyKey: 'retry-key-1' },
    );
    expect(b.caseId).toBe(a.caseId);
    expect(await deps.cases.listForOrder('O1')).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });
});

describe('case item keys for the reports', () => {
  it('carries dayPk on the Shanghai business day and daySk by time', () => {
    const c = { caseId: '01JCASE0000000000000000000', createdAt: '2026-09-30T16:30:00.000Z' };
    expect(caseDayKeys(c)).toEqual({
      dayPk: 'DAY#2026-10-01',
      daySk: 'CASE#2026-09-30T16:30:00.000Z#01JCASE0000000000000000000',
    });
    const item = caseToItem({
      ...c,
      orderId: 'O1',
      orderNumber: 'N',
      caseType: 'refund',
      caseStatus: 'open',
      description: 'd',
      openedBy: 'a',
      assignee: null,
      responseDeadline: c.createdAt,
      history: [],
      version: 1,
      updatedAt: c.createdAt,
    });
    expect(item).toMatchObject({ pk: 'ORDER#O1', sk: `CASE#${c.caseId}`, dayPk: 'DAY#2026-10-01' });
  });
});
