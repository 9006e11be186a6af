/**
 * Order changes (issue 11; R-PROC-6, R-CHG-2): state transitions and DynamoDB write units per
 * change request, on the real local system in this process — the local workflow runner executing
 * statemachines/order-change.asl.json with the real task handlers, driven through the API.
 *
 *   npx tsx bench/changes.ts        # ~20 s; replaces the "Order changes" section of results.md
 *
 * Transitions: the order-change execution's `…StateEntered` events (what Step Functions Standard
 * bills). Write units: every write to the order's partition (the order item and its change
 * request item) is recorded around the call — the item before and after, read raw — and costed by
 * the AWS rules of item-size.ts: the base table plus each AWS index with its real projection.
 * Target (issue 11): ≤ 12 transitions for a two-step approval.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { countStateTransitions } from '#local/workflow/runner.ts';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { workflowEngine } from '#shared/adapters/workflow-engine.ts';
import { AWS_INDEXES } from '#shared/entities/table.ts';
import { orderBody, startTestSystem, type TestSystem } from '../test/support/system.ts';
import { type Item, indexWrites, tableWriteUnits } from './item-size.ts';

interface Write {
  sk: string;
  wcu: number;
}

const RESULTS = join(import.meta.dirname, 'results.md');
const HEADING = '## Order changes: transitions and write units per change request';

process.env['WORKING_CALENDAR'] = JSON.stringify({
  weekendDays: [],
  publicHolidays: 'none',
  hours: [['00:00', '24:00']],
});
process.env['APPROVAL_DEADLINE_HOURS'] = JSON.stringify({ ops: 1000, sales_director: 1000, gm: 1000 });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(100);
  }
  throw new Error(`timed out: ${what}`);
}

async function main() {
  const sys: TestSystem = await startTestSystem();
  const raw = new DynamoDBClient({
    endpoint: sys.dynamoEndpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const table = sys.environment['TABLE_NAME']!;
  let watched: string | undefined;
  const writes: Write[] = [];
  // The handlers' own client (one per system environment), watched for writes.
  const db = sys.run(documentClient);
  const send = db.send.bind(db) as (command: unknown) => Promise<unknown>;
  const getRaw = async (key: { pk: string; sk: string }) =>
    (
      await raw.send(
        new GetItemCommand({
          TableName: table,
          Key: { pk: { S: key.pk }, sk: { S: key.sk } },
          ConsistentRead: true,
        }),
      )
    ).Item as Item | undefined;
  // Every write to the watched order's partition, costed from its images before and after.
  (db as unknown as { send: (c: unknown) => Promise<unknown> }).send = async (command: unknown) => {
    const input = (
      command as { input?: { Key?: { pk: string; sk: string }; Item?: { pk: string; sk: string } } }
    ).input;
    const name = (command as object).constructor.name;
    const key = input?.Key ?? (input?.Item ? { pk: input.Item.pk, sk: input.Item.sk } : undefined);
    const writing = /^(Put|Update|Delete)Command$/.test(name);
    if (!writing || !watched || key?.pk !== `ORDER#${watched}`) return send(command);
    const before = await getRaw(key);
    try {
      return await send(command);
    } finally {
      const after = await getRaw(key);
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        const gsi = indexWrites(AWS_INDEXES, before, after).reduce((s, w) => s + w.wcu, 0);
        writes.push({
          sk: key.sk.startsWith('CHANGE#') ? 'change request' : 'order',
          wcu: tableWriteUnits(before, after) + gsi,
        });
      }
    }
  };
  const api = async (role: string | null, path: string, json?: unknown, init: RequestInit = {}) => {
    const res = await sys.api(path, {
      ...(role ? { token: await sys.login(role) } : {}),
      ...(json !== undefined ? { json } : {}),
      ...init,
    });
    return {
      status: res.status,
      body: ((await res.json().catch(() => null)) ?? {}) as Record<string, unknown>,
    };
  };
  const link = (email: string, subject: string, path: string) =>
    until(`${path} link`, async () => {
      const mail = (await sys.outbox())
        .filter((m) => m.to.includes(email) && m.subject.includes(subject))
        .at(-1);
      return mail ? new RegExp(`(http://\\S+/${path}/\\S+)`).exec(mail.text)?.[1] : undefined;
    });

  async function run(label: string, consent: boolean) {
    const placed = await api(
      null,
      '/api/orders',
      orderBody({ items: [{ sku: 'BRG-6204', quantity: 10, unitPrice: 1250 }] }),
    );
    const { orderId, orderNumber } = placed.body as unknown as { orderId: string; orderNumber: string };
    await until('ops step', async () =>
      (await api('gm', `/api/orders/${orderId}`)).body['pendingApproval'] ? true : undefined,
    );
    let evidence: unknown;
    if (!consent) {
      const up = await sys.api('/api/uploads', {
        method: 'POST',
        token: await sys.login('sales'),
        headers: { 'content-type': 'application/pdf' },
        body: Buffer.from('%PDF-1.4 written request'),
      });
      evidence = { uploadId: ((await up.json()) as { uploadId: string }).uploadId };
    }
    watched = orderId;
    writes.length = 0;
    const started = performance.now();
    const filed = await api('sales', `/api/orders/${orderId}/changes`, {
      kind: 'items',
      items: [{ sku: 'BRG-6204', quantity: 14, unitPrice: 1250 }],
      reason: 'bench',
      ...(evidence ? { evidence } : {}),
    });
    const changeId = String(filed.body['changeId']);
    const step = (role: string) =>
      until(`${role} step`, async () => {
        const c = (
          (await api('ops', `/api/orders/${orderId}/changes`)).body['changes'] as unknown as {
            changeId: string;
            pendingStep?: { role: string };
          }[]
        ).find((x) => x.changeId === changeId);
        return c?.pendingStep?.role === role ? true : undefined;
      });
    for (const role of ['dept_manager', 'sales_director']) {
      await step(role);
      await api(role, `/api/orders/${orderId}/changes/${changeId}/decision`, { decision: 'approve' });
    }
    if (consent) {
      const url = await link(
        'buyer@customer.example',
        `Please confirm the change to order ${orderNumber}`,
        'approvals/consent',
      );
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'decision=accept',
      });
    }
    const execution = await until('execution end', async () => {
      const e = await sys.run(() => workflowEngine().execution('order-change', changeId));
      return e && e.status !== 'RUNNING' ? e : undefined;
    });
    const seconds = (performance.now() - started) / 1000;
    watched = undefined;
    const by = (sk: string) => writes.filter((w) => w.sk === sk);
    return {
      label,
      status: execution.status,
      transitions: countStateTransitions(execution.events),
      states: execution.events
        .filter((e) => e.type.endsWith('StateEntered'))
        .map((e) => e.state)
        .join(' → '),
      orderWrites: by('order').length,
      orderWcu: by('order').reduce((s, w) => s + w.wcu, 0),
      changeWrites: by('change request').length,
      changeWcu: by('change request').reduce((s, w) => s + w.wcu, 0),
      seconds,
    };
  }

  try {
    const rows = [
      await run('items, two approvals, written request (no consent)', false),
      await run('items, two approvals, customer consent', true),
    ];
    const table = [
      '| path | execution | transitions | order writes (WCU) | change-request writes (WCU) | total WCU | s |',
      '|---|---|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.label} | ${r.status} | ${r.transitions} | ${r.orderWrites} (${r.orderWcu}) | ${r.changeWrites} (${r.changeWcu}) | ${r.orderWcu + r.changeWcu} | ${r.seconds.toFixed(1)} |`,
      ),
    ];
    const section = [
      HEADING,
      '',
      `Measured by \`npx tsx bench/changes.ts\` on ${new Date().toISOString()} — Node ${process.version}. Target: ≤ 12 transitions for a two-step approval.`,
      '',
      ...table,
      '',
      ...rows.map((r) => `- ${r.label}: ${r.states}`),
      '',
      'WCU by the AWS rules (item-size.ts): each write costs the larger of the item before and after, plus every AWS index entry it puts, updates or deletes (by-day, order-list, with their projections). The decisions themselves (approval request items) are not in the order partition and not counted here: 2 per approval step (create, decide), 1 WCU each.',
      '',
    ].join('\n');
    console.log(section);
    const existing = await readFile(RESULTS, 'utf8');
    const start = existing.indexOf(HEADING);
    const next = start >= 0 ? existing.indexOf('\n## ', start + HEADING.length) : -1;
    const merged =
      start < 0
        ? `${existing.trimEnd()}\n\n${section}`
        : `${existing.slice(0, start)}${section}${next >= 0 ? existing.slice(next + 1) : ''}`;
    await writeFile(RESULTS, merged);
  } finally {
    raw.destroy();
    await sys.close();
  }
}

await main();
process.exit(0);
