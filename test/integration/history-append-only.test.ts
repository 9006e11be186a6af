/**
 * History is append-only (R-ARCH-2): every route of the manifest that changes an order is taken
 * once on real orders, and after each the order's earlier history is still there, unchanged, as
 * the start of the new one. A route added to the manifest without a step here fails the test.
 * The store itself refuses a change that would set the history, and every update expression on
 * a history in the adapters is a `list_append`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#functions/manifest.ts';
import { dynamoOrderStore } from '#shared/adapters/dynamo-order-store.ts';
import { waitForStatus, waitForStep } from '../support/approvals.ts';
import { eventually, ROUND_THE_CLOCK } from '../support/eventually.ts';
import { heldOrder, placedOrder } from '../support/order-life.ts';
import { inDays, startTestSystem, type TestSystem } from '../support/system.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;

process.env['WORKING_CALENDAR'] = ROUND_THE_CLOCK;
process.env['APPROVAL_DEADLINE_HOURS'] = JSON.stringify({ ops: 1000, sales_director: 1000, gm: 1000 });

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys.close());

/** Every route that changes an order or what hangs on it, as the manifest lists them. */
const orderRoutes = () =>
  FUNCTIONS.flatMap((f) => f.triggers)
    .filter((t) => t.kind === 'http' && t.method !== 'GET' && t.path.startsWith('/api/orders/{id}'))
    .map((t) => (t.kind === 'http' ? `${t.method} ${t.path}` : ''))
    .sort();

const history = async (orderId: string): Promise<Body[]> => {
  const res = await sys.api(`/api/orders/${orderId}`, { token: await sys.login('gm') });
  return ((await res.json()) as Body)['history'];
};

const taken = new Set<string>();

/** Takes a route and checks the history before is the start of the history after. */
async function step(route: string, orderId: string, role: string, path: string, json: unknown, status = 200) {
  const before = await history(orderId);
  const res = await sys.api(path, { token: await sys.login(role), json });
  expect(res.status, `${route}: ${await res.clone().text()}`).toBe(status);
  const after = await history(orderId);
  expect(after.length, route).toBeGreaterThanOrEqual(before.length);
  expect(after.slice(0, before.length), route).toEqual(before);
  taken.add(route);
  return (await res.json()) as Body;
}

describe('history is append-only (R-ARCH-2)', () => {
  it('holds through every route that changes an order', async () => {
    const { orderId } = await placedOrder(sys);
    const p = `/api/orders/${orderId}`;
    await waitForStep(sys, orderId, 'ops');
    await step('POST /api/orders/{id}/assign', orderId, 'ops', `${p}/assign`, {
      assignee: 'sales@example.com',
    });
    await step('POST /api/orders/{id}/notes', orderId, 'sales', `${p}/notes`, { text: '电话确认交期' }, 201);
    // R-INTAKE-7: the page the customer signed, uploaded first, attached to the order.
    const upload = await sys.api('/api/uploads', {
      method: 'POST',
      token: await sys.login('sales'),
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    const { uploadId } = (await upload.json()) as { uploadId: string };
    await step('POST /api/orders/{id}/evidence', orderId, 'sales', `${p}/evidence`, { uploadId });
    await step('POST /api/orders/{id}/decision', orderId, 'ops', `${p}/decision`, { decision: 'approve' });
    await waitForStatus(sys, orderId, 'approved');
    await step('POST /api/orders/{id}/production/start', orderId, 'production', `${p}/production/start`, {
      plannedCompletionDate: inDays(3),
    });
    await step(
      'POST /api/orders/{id}/exceptions',
      orderId,
      'production',
      `${p}/exceptions`,
      {
        kind: 'delay',
        plan: '加班赶工',
        expectedDate: inDays(4),
      },
      201,
    );
    await step(
      'POST /api/orders/{id}/production/finish',
      orderId,
      'production',
      `${p}/production/finish`,
      {},
    );
    const shipment = await step(
      'POST /api/orders/{id}/shipments',
      orderId,
      'logistics',
      `${p}/shipments`,
      {
        carrier: '顺丰速运',
        trackingNumber: 'SF1001',
        lines: [{ sku: 'BRG-6204', quantity: 4 }],
      },
      201,
    );
    await step(
      'POST /api/orders/{id}/shipments/{shipmentId}/deliver',
      orderId,
      'logistics',
      `${p}/shipments/${shipment['shipmentId']}/deliver`,
      { signedBy: '王五' },
    );
    await step('POST /api/orders/{id}/ship', orderId, 'logistics', `${p}/ship`, {
      carrier: '顺丰速运',
      trackingNumber: 'SF1002',
    });
    await step('POST /api/orders/{id}/deliver', orderId, 'logistics', `${p}/deliver`, { signedBy: '王五' });
    // R-FIN-1: an invoice of what was delivered, once the customer has invoicing details.
    const order = (await (await sys.api(p, { token: await sys.login('gm') })).json()) as Body;
    const key = encodeURIComponent(`email:${String(order['customer']['email']).toLowerCase()}`);
    // The delivery updates the customer's last prices in the background: retried until it is done.
    const finance = await sys.login('finance');
    const saveInvoicing = () =>
      sys.api(`/api/customers/${key}/invoicing`, {
        token: finance,
        method: 'PUT',
        json: {
          companyName: '福建示例机械有限公司',
          taxId: '91350100M000100Y43',
          address: '福州市鼓楼区五四路 1 号',
          phone: '0591-8888 0000',
          bank: '中国银行福州分行',
          account: '4010 0000 1234 5678',
        },
      });
    await eventually(async () => {
      const res = await saveInvoicing();
      return res.status === 200 ? true : undefined;
    });
    await step(
      'POST /api/orders/{id}/invoices',
      orderId,
      'finance',
      `${p}/invoices`,
      { type: 'normal', invoiceNumber: '20000001', date: inDays(0), amount: 100, taxRate: 13 },
      201,
    );
    const opened = await step(
      'POST /api/orders/{id}/cases',
      orderId,
      'after_sales',
      `${p}/cases`,
      {
        caseType: 'complaint',
        description: '包装破损',
      },
      201,
    );
    const caseId = opened['caseId'] ?? opened['case']?.['caseId'];
    const version = opened['version'] ?? opened['case']?.['version'] ?? 1;
    await step(
      'POST /api/orders/{id}/cases/{caseId}/actions',
      orderId,
      'after_sales',
      `${p}/cases/${caseId}/actions`,
      {
        action: 'start',
        expectedVersion: version,
      },
    );
    await step('POST /api/orders/{id}/complete', orderId, 'sales', `${p}/complete`, {});

    const held = (await heldOrder(sys)).orderId;
    await step('POST /api/orders/{id}/resume', held, 'gm', `/api/orders/${held}/resume`, {
      reason: '客户已确认',
    });
    const held2 = (await heldOrder(sys)).orderId;
    await step('POST /api/orders/{id}/cancel', held2, 'gm', `/api/orders/${held2}/cancel`, {
      reason: '客户取消',
    });

    // R-PROC-6: a change request and its decision append too.
    const changed = (await placedOrder(sys)).orderId;
    await waitForStep(sys, changed, 'ops');
    const { changeId } = await step(
      'POST /api/orders/{id}/changes',
      changed,
      'sales',
      `/api/orders/${changed}/changes`,
      { kind: 'items', items: [{ sku: 'BRG-6204', quantity: 2, unitPrice: 1250 }], reason: '减量' },
      202,
    );
    await eventually(async () => {
      const res = await sys.api(`/api/orders/${changed}/changes`, { token: await sys.login('ops') });
      const list = ((await res.json()) as Body)['changes'] as Body[];
      return list[0]?.['pendingStep']?.role === 'dept_manager' ? true : undefined;
    });
    await step(
      'POST /api/orders/{id}/changes/{changeId}/decision',
      changed,
      'dept_manager',
      `/api/orders/${changed}/changes/${changeId}/decision`,
      { decision: 'approve' },
    );

    // R-SPEC-1: a special-requirement opinion appends, and its rejection's hold too.
    const placeSpecial = async () => {
      const res = await sys.api('/api/orders', {
        token: await sys.login('sales'),
        json: {
          customer: { name: '特殊要求', email: 'special-history@customer.example' },
          items: [{ sku: 'BRG-6204', quantity: 2, unitPrice: 1250, inspection: '全检' }],
          paymentMethod: 'bank_transfer',
          delivery: { address: '上海市浦东新区世纪大道 100 号', requestedDate: inDays(10) },
        },
      });
      return ((await res.json()) as Body)['orderId'] as string;
    };
    const special = await placeSpecial();
    await step(
      'POST /api/orders/{id}/special-review',
      special,
      'production',
      `/api/orders/${special}/special-review`,
      { opinion: 'accept', conditions: '抽检' },
    );
    await step(
      'POST /api/orders/{id}/special-review',
      special,
      'ops',
      `/api/orders/${special}/special-review`,
      { opinion: 'reject', reason: '无法全检' },
    );

    expect([...taken].sort()).toEqual(orderRoutes());
  }, 120_000);

  it('ignores or refuses a body that tries to bring its own history', async () => {
    const { orderId } = await placedOrder(sys);
    const before = await history(orderId);
    const res = await sys.api(`/api/orders/${orderId}/notes`, {
      token: await sys.login('ops'),
      json: { text: '说明', history: [] },
    });
    expect([201, 400]).toContain(res.status);
    const after = await history(orderId);
    expect(after.slice(0, before.length)).toEqual(before);
  });

  it('the store refuses a change that sets the history or version', async () => {
    const { orderId } = await placedOrder(sys);
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: sys.dynamoEndpoint }));
    try {
      const store = dynamoOrderStore(db, sys.tableName);
      const order = (await store.get(orderId))!;
      const at = new Date().toISOString();
      for (const field of ['history', 'version']) {
        await expect(
          store.update(order, {
            updatedAt: at,
            set: { [field]: [] } as never,
            history: { at, actor: 't', action: 'x' },
          }),
        ).rejects.toThrow(`may not set ${field}`);
      }
      expect((await store.get(orderId))!.history).toEqual(order.history);
    } finally {
      db.destroy();
    }
  });

  it('every update of a history in the adapters appends with list_append', () => {
    const dir = join(import.meta.dirname, '../../shared/adapters');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      // The expression attribute name bound to `history`, then every use of it in an expression.
      for (const [, alias] of text.matchAll(/'(#\w+)': 'history'/g)) {
        for (const use of text.matchAll(new RegExp(`${alias} = (\\S+)`, 'g'))) {
          expect(use[1]!, `${file}: ${use[0]}`).toMatch(new RegExp(`^list_append\\(${alias},`));
        }
        expect(text, file).not.toMatch(new RegExp(`REMOVE[^']*${alias}`));
      }
    }
  });
});
