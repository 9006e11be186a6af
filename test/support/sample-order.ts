/** A stored order for unit tests of use cases, with in-memory workflow ports around it. */
import { DEFAULT_CALENDAR } from '#shared/domain/working-calendar.ts';
import type { Order } from '#shared/entities/order-entity.ts';
import type { OutgoingEmail } from '#shared/ports.ts';
import type { WorkflowDeps } from '#shared/use-cases/workflow-deps.ts';
import { fixedClock, memoryOrderStore } from './memory-stores.ts';

export function sampleOrder(over: Partial<Order> = {}): Order {
  return {
    orderId: 'O1',
    orderNumber: 'OD20261127-000001',
    channel: 'web',
    status: 'received',
    priority: 'normal',
    customer: { name: '客户', email: 'c@example.cn' },
    customerKey: 'email:c@example.cn',
    items: [
      {
        sku: 'A',
        name: 'a',
        unit: '个',
        quantity: 5,
        unitPrice: 100,
        listPrice: 100,
        lastPrice: null,
        lineAmount: 500,
        tier: 'ops',
        tierReason: '',
      },
    ],
    totalAmount: 500,
    currency: 'CNY',
    paymentMethod: 'alipay',
    delivery: { address: 'x', requestedDate: '2026-12-10' },
    language: 'zh-CN',
    approvalTier: 'ops',
    approvalChain: ['ops'],
    assignee: null,
    history: [{ at: '2026-11-27T01:00:00.000Z', actor: 'customer', action: 'created', to: 'received' }],
    version: 1,
    createdAt: '2026-11-27T01:00:00.000Z',
    updatedAt: '2026-11-27T01:00:00.000Z',
    ...over,
  };
}

/** Workflow ports around one stored order: every email sent is kept in `mails`. */
export async function workflowWith(o: Order, over: Partial<WorkflowDeps> = {}) {
  const orders = memoryOrderStore();
  await orders.create(o);
  const mails: OutgoingEmail[] = [];
  const alerts: unknown[] = [];
  const deps = {
    orders,
    inventory: { reserve: async () => ({ reserved: true }), release: async () => {} },
    staff: { members: async (role: string) => [{ email: `${role}@example.com`, name: role }] },
    mailer: { send: async (m: OutgoingEmail) => void mails.push(m) },
    alerts: { raise: async (a: unknown) => void alerts.push(a) },
    clock: fixedClock('2026-11-27T02:00:00Z'),
    calendar: DEFAULT_CALENDAR,
    linkSecret: 'secret',
    publicBaseUrl: 'https://orders.example.cn',
    ...over,
  } as unknown as WorkflowDeps;
  return { deps, orders, mails, alerts };
}
