/** The send-report use case (R-REPORT-1) with in-memory stores: claims, release, recipients. */
import { describe, expect, it } from 'vitest';
import type { ReportRun } from '#shared/entities/report-run-entity.ts';
import type { OutgoingEmail } from '#shared/ports.ts';
import type { ReportSource } from '#shared/reports/report-source.ts';
import { DEFAULT_SCHEDULES, type ReportSchedule } from '#shared/reports/schedules.ts';
import { type ReportRunStore, type SendReportDeps, sendReport } from '#shared/use-cases/send-report.ts';

/** The conditions of shared/adapters/dynamo-report-runs.ts, in memory. */
function memoryRuns(): ReportRunStore & { items: Map<string, ReportRun>; onDemand: ReportRun[] } {
  const items = new Map<string, ReportRun>();
  const onDemand: ReportRun[] = [];
  const key = (s: string, p: { from: string; to: string }) => `${s}|${p.from}..${p.to}`;
  return {
    items,
    onDemand,
    async get(schedule, period) {
      return items.get(key(schedule, period));
    },
    async claim({ schedule, period, token, at, staleBefore }) {
      const k = key(schedule, period);
      const run = items.get(k);
      if (!run || (run.status === 'claimed' && run.claimedAt < staleBefore)) {
        const claimed: ReportRun = {
          schedule,
          from: period.from,
          to: period.to,
          status: 'claimed',
          claimToken: token,
          claimedAt: at,
          attempts: (run?.attempts ?? 0) + 1,
        };
        items.set(k, claimed);
        return { outcome: 'claimed', run: claimed };
      }
      return { outcome: run.status === 'sent' ? 'sent' : 'busy', run };
    },
    async markSent({ schedule, period, token, at, recipients }) {
      const run = items.get(key(schedule, period));
      if (run?.claimToken !== token) return 'lost';
      items.set(key(schedule, period), { ...run, status: 'sent', sentAt: at, recipients });
      return 'marked';
    },
    async release({ schedule, period, token }) {
      const run = items.get(key(schedule, period));
      if (run?.claimToken === token && run.status === 'claimed') items.delete(key(schedule, period));
    },
    async recordOnDemand(run) {
      onDemand.push(run);
    },
  };
}

const emptySource: ReportSource = {
  orders: async () => [],
  cases: async () => [],
  rushWindows: async () => new Map(),
};

const NOW = new Date('2026-11-27T00:30:00Z'); // 08:30 in Shanghai

function setup(options: { failSends?: number } = {}) {
  const sent: OutgoingEmail[] = [];
  let failures = options.failSends ?? 0;
  const runs = memoryRuns();
  const deps: SendReportDeps = {
    runs,
    rush: { decisionMinutes: 60, intervalMinutes: 120 },
    source: emptySource,
    staff: {
      members: async (role) =>
        role === 'gm'
          ? [{ email: 'GM@example.com', name: 'GM' }]
          : role === 'ops'
            ? [{ email: 'ops@example.com', name: 'Ops' }]
            : [],
    },
    mailer: {
      async send(email) {
        if (failures > 0) {
          failures--;
          throw new Error('SES is down');
        }
        sent.push(email);
      },
    },
    clock: { now: () => NOW },
    publicBaseUrl: 'https://orders.example.com',
  };
  return { deps, runs, sent };
}

const daily: ReportSchedule = {
  ...DEFAULT_SCHEDULES.daily,
  recipients: { roles: ['gm', 'ops'], addresses: ['gm@example.com', 'boss@example.com'] },
};

describe('sendReport (R-REPORT-1)', () => {
  it('sends yesterday (Shanghai) once to the deduplicated recipients, then nothing on a re-run', async () => {
    const { deps, runs, sent } = setup();
    const first = await sendReport(deps, { kind: 'scheduled', schedule: daily });
    expect(first).toMatchObject({
      outcome: 'sent',
      period: { from: '2026-11-26', to: '2026-11-26' },
      recipients: 3,
    });
    expect(sent[0]!.to).toEqual(['GM@example.com', 'ops@example.com', 'boss@example.com']);
    expect(sent[0]!.attachments!.map((a) => a.filename)).toEqual([
      'orderdesk-report-2026-11-26_2026-11-26.csv',
      'orderdesk-report-2026-11-26_2026-11-26.xlsx',
    ]);
    expect(sent[0]!.html).toContain(
      'https://orders.example.com/staff/reports.html?from=2026-11-26&amp;to=2026-11-26',
    );
    const again = await sendReport(deps, { kind: 'scheduled', schedule: DEFAULT_SCHEDULES.daily });
    expect(again).toEqual({
      outcome: 'already-sent',
      period: { from: '2026-11-26', to: '2026-11-26' },
      recipients: 3,
    });
    expect(sent).toHaveLength(1);
    expect([...runs.items.values()][0]).toMatchObject({ status: 'sent', recipients: 3, attempts: 1 });
  });

  it('releases the claim when the send fails, so the retry sends at once', async () => {
    const { deps, runs, sent } = setup({ failSends: 1 });
    await expect(sendReport(deps, { kind: 'scheduled', schedule: DEFAULT_SCHEDULES.daily })).rejects.toThrow(
      'SES is down',
    );
    expect(runs.items.size).toBe(0);
    await expect(
      sendReport(deps, { kind: 'scheduled', schedule: DEFAULT_SCHEDULES.daily }),
    ).resolves.toMatchObject({ outcome: 'sent' });
    expect(sent).toHaveLength(1);
  });

  it('fails without recipients, and leaves no claim behind', async () => {
    const { deps, runs } = setup();
    const nobody = { ...DEFAULT_SCHEDULES.weekly, recipients: { roles: [], addresses: [] } };
    await expect(sendReport(deps, { kind: 'scheduled', schedule: nobody })).rejects.toThrow(/no recipients/);
    expect(runs.items.size).toBe(0);
  });

  it('reports last week (Monday–Sunday) for the weekly schedule', async () => {
    const { deps } = setup();
    const result = await sendReport(deps, { kind: 'scheduled', schedule: DEFAULT_SCHEDULES.weekly });
    expect(result.period).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(result.email!.subject.startsWith('每周订单报表 2026-11-16 – 2026-11-22')).toBe(true);
  });

  it('always sends on demand, and records each send', async () => {
    const { deps, runs, sent } = setup();
    const request = {
      kind: 'on-demand' as const,
      period: '2026-11-01..2026-11-30',
      to: ['someone@example.com'],
      timeZone: 'Asia/Shanghai',
    };
    await sendReport(deps, request);
    await sendReport(deps, request);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.subject.startsWith('订单报表')).toBe(true);
    expect(runs.onDemand.map((r) => [r.schedule, r.from, r.to, r.status, r.recipients])).toEqual([
      ['on-demand', '2026-11-01', '2026-11-30', 'sent', 1],
      ['on-demand', '2026-11-01', '2026-11-30', 'sent', 1],
    ]);
  });
});

describe('receivables and quotations in the report emails (R-FIN-2, R-SEC-2, R-QUOTE-1..3)', () => {
  const receivables = {
    from: '2026-11-26',
    to: '2026-11-26',
    outstanding: 54_500,
    buckets: { '0-30': 50_000, '31-60': 0, '61-90': 0, '90+': 4_500 },
    invoicesIssued: { count: 1, amount: 30_000 },
    paymentsReceived: { count: 1, amount: 10_000 },
    customers: [
      {
        customerKey: 'email:buyer@secret.example',
        name: '应收测试有限公司',
        outstanding: 54_500,
        buckets: { '0-30': 50_000, '31-60': 0, '61-90': 0, '90+': 4_500 },
      },
    ],
  };

  it('sends the receivables to the balance readers only and the rest a report without them', async () => {
    const { deps, sent } = setup();
    const asked: string[] = [];
    deps.receivables = async (period) => {
      asked.push(`${period.from}..${period.to}`);
      return receivables;
    };
    deps.source = {
      ...emptySource,
      quotations: async () => [
        { createdAt: '2026-11-26T03:00:00Z', status: 'draft', totalAmount: 2_500 },
        {
          createdAt: '2026-11-26T04:00:00Z',
          status: 'accepted',
          totalAmount: 5_000,
          submittedAt: '2026-11-26T04:00:00Z',
          approvedAt: '2026-11-26T06:00:00Z',
        },
      ],
    };
    // gm (a balance reader) by role, the sales director by role, an outside address.
    const schedule: ReportSchedule = {
      ...DEFAULT_SCHEDULES.daily,
      recipients: { roles: ['gm', 'sales_director'], addresses: ['boss@example.com', 'ops@example.com'] },
    };
    const staff = deps.staff;
    deps.staff = {
      members: async (role) =>
        role === 'sales_director' ? [{ email: 'sd@example.com', name: 'SD' }] : staff.members(role),
    };
    const result = await sendReport(deps, { kind: 'scheduled', schedule });
    expect(result).toMatchObject({ outcome: 'sent', recipients: 4 });
    expect(asked).toEqual(['2026-11-26..2026-11-26']);
    expect(sent.map((m) => m.to)).toEqual([
      // ops@example.com is named as an address, but is the ops member: it may see balances.
      ['GM@example.com', 'ops@example.com'],
      ['sd@example.com', 'boss@example.com'],
    ]);
    const [viewers, others] = sent;
    expect(viewers!.text).toContain('应收账款 Receivables');
    expect(viewers!.text).toContain('  应收测试有限公司 | ¥545.00 | ¥500.00 | ¥0.00 | ¥0.00 | ¥45.00');
    expect(viewers!.text).not.toContain('buyer@secret.example');
    for (const email of [others!.text, others!.html]) {
      expect(email).not.toContain('应收');
      expect(email).not.toContain('545.00');
    }
    const csv = (m: OutgoingEmail) => new TextDecoder().decode(m.attachments![0]!.content);
    expect(csv(viewers!)).toContain('应收测试有限公司');
    expect(csv(others!)).not.toContain('应收');
    for (const email of sent) {
      expect(email.text).toContain('  已报价 Quoted | 2 | 0');
      expect(email.text).toContain('  转化率 Conversion rate | 100.0% | —');
      expect(email.text).toContain('  提交至批准中位（小时） Submission to approval, median (h) | 2.0 h | —');
    }
    expect(result.report).not.toHaveProperty('receivables');
  });

  it('asks for no receivables when nobody may see them', async () => {
    const { deps, sent } = setup();
    deps.receivables = async () => {
      throw new Error('must not be read');
    };
    const schedule: ReportSchedule = {
      ...DEFAULT_SCHEDULES.daily,
      recipients: { roles: [], addresses: ['boss@example.com'] },
    };
    await sendReport(deps, { kind: 'scheduled', schedule });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).not.toContain('应收');
  });
});
