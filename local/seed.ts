/**
 * Demo data of the local runtime, written on first start only (never on AWS): a catalogue with
 * one product that has no list price (R-PRICE-3), customers with last transaction prices
 * (R-PRICE-1), one staff user per role, and optionally a few orders so the queue is not empty.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoCatalogueStore } from '#shared/adapters/dynamo-catalogue-store.ts';
import { dynamoCustomerStore } from '#shared/adapters/dynamo-customers.ts';
import { dynamoProductStore } from '#shared/adapters/dynamo-products.ts';
import { businessDay } from '#shared/domain/calendar.ts';
import { newCustomerSchema, newProductSchema } from '#shared/domain/master-data.ts';
import { STAFF_ROLES, type StaffRole } from '#shared/domain/roles.ts';
import type { Product } from '#shared/entities/catalogue-entities.ts';
import { systemClock } from '#shared/ports.ts';
import { createCustomer } from '#shared/use-cases/manage-customers.ts';
import { createProduct, moveStock, setListPrice } from '#shared/use-cases/manage-products.ts';
import type { LocalIssuer } from './issuer.ts';

export const DEMO_PRODUCTS: Product[] = [
  {
    sku: 'BRG-6204',
    name: '深沟球轴承 Deep groove ball bearing',
    spec: '6204-2RS',
    unit: '个',
    listPrice: 1250,
    stock: 5000,
    // R-SPEC-1: the standard packagings; any other is a special requirement reviewed first.
    packaging: ['纸箱', '10个/盒'],
  },
  {
    sku: 'BLT-M8X30',
    name: '不锈钢六角螺栓 Hex bolt',
    spec: 'M8×30 304',
    unit: '盒',
    listPrice: 3800,
    stock: 800,
  },
  {
    sku: 'MTR-Y2-1.5',
    name: '三相异步电机 Induction motor',
    spec: 'Y2-90L-4 1.5kW',
    unit: '台',
    listPrice: 98000,
    stock: 40,
  },
  {
    sku: 'VLV-DN50',
    name: '法兰球阀 Flanged ball valve',
    spec: 'DN50 PN16',
    unit: '只',
    listPrice: 26000,
    stock: 120,
  },
  {
    sku: 'CBL-YJV-3X4',
    name: '电力电缆 Power cable',
    spec: 'YJV 3×4mm²',
    unit: '米',
    listPrice: 1860,
    stock: 10000,
  },
  {
    sku: 'PLT-Q235-6',
    name: '热轧钢板 Hot-rolled plate',
    spec: 'Q235 6mm',
    unit: '吨',
    listPrice: 420000,
    stock: 25,
  },
  {
    sku: 'GSK-PTFE-50',
    name: '聚四氟乙烯垫片 PTFE gasket',
    spec: 'DN50',
    unit: '片',
    listPrice: 450,
    stock: 3000,
    packaging: ['袋装'],
  },
  // No list price: made to order and priced per drawing, so its orders need the sales director (R-PRICE-3).
  {
    sku: 'PMP-CUSTOM',
    name: '定制离心泵 Custom centrifugal pump',
    spec: '按图纸 per drawing',
    unit: '台',
    listPrice: null,
    stock: 0,
    madeToOrder: true,
  },
];

export const DEMO_CUSTOMERS: {
  key: string;
  name: string;
  contact: string;
  paymentTerms: string;
  lastPrices: Record<string, number>;
}[] = [
  {
    key: 'email:purchasing@huaxin-machinery.example',
    name: '华鑫机械有限公司',
    contact: '采购部 周工',
    paymentTerms: 'monthly_settlement',
    lastPrices: { 'BRG-6204': 1300, 'VLV-DN50': 25000 },
  },
  {
    key: 'email:caigou@donghai-electric.example',
    name: '东海电气设备厂',
    contact: '王工',
    paymentTerms: 'bank_transfer',
    lastPrices: { 'CBL-YJV-3X4': 1900 },
  },
  {
    key: 'phone:13800138000',
    name: '李经理',
    contact: '李经理',
    paymentTerms: 'cash_on_delivery',
    lastPrices: { 'BLT-M8X30': 3600 },
  },
];

/** People's names only: the pages add the role in the reader's language. */
const ROLE_NAMES: Record<StaffRole, string> = {
  sales: '王销售',
  ops: '陈运营',
  sales_director: '刘总监',
  gm: '张总经理',
  dept_manager: '赵经理',
  production: '孙计划',
  logistics: '周物流',
  finance: '吴财务',
  after_sales: '郑售后',
  safety: '冯安全',
};

/** The general manager gets urgent escalations by SMS too (R-RUSH-3). */
const PHONES: Partial<Record<StaffRole, string>> = { gm: '+8613900000001' };

export const demoUsers = (password: string) =>
  STAFF_ROLES.map((role) => ({
    email: `${role}@example.com`,
    name: ROLE_NAMES[role],
    roles: [role],
    ...(PHONES[role] ? { phone: PHONES[role] } : {}),
    password,
  }));

/** '深沟球轴承 Deep groove ball bearing' → the Chinese and the English name. */
const splitName = (name: string) => {
  const at = name.search(/ [A-Za-z]/);
  return at < 0 ? { nameZh: name } : { nameZh: name.slice(0, at), nameEn: name.slice(at + 1) };
};

/** The demo catalogue goes through the same use cases as the product pages (R-MASTER-1/2). */
export async function seedProducts(db: DynamoDBDocumentClient, tableName: string): Promise<void> {
  const deps = { products: dynamoProductStore(db, tableName), clock: systemClock };
  const actor = 'seed@orderdesk.local';
  const today = businessDay(new Date());
  for (const p of DEMO_PRODUCTS) {
    await createProduct(
      deps,
      newProductSchema.parse({
        sku: p.sku,
        ...splitName(p.name),
        spec: p.spec,
        unit: p.unit,
        ...(p.madeToOrder ? { madeToOrder: true } : {}),
        ...(p.packaging ? { packaging: p.packaging } : {}),
        // The motor runs low first: a threshold shows the low-stock alert in the demo.
        ...(p.sku === 'MTR-Y2-1.5' ? { lowStockAt: 30 } : {}),
      }),
      actor,
    );
    if (p.listPrice !== null)
      await setListPrice(
        deps,
        p.sku,
        { listPrice: p.listPrice, effectiveFrom: today, reason: '初始价目表 opening price list' },
        actor,
      );
    if (p.stock > 0)
      await moveStock(
        deps,
        p.sku,
        { kind: 'receipt', quantity: p.stock, reason: '期初库存 opening stock' },
        actor,
      );
  }
}

/**
 * The demo customers go through the customer use case (R-MASTER-3); their last transaction
 * prices stand for deliveries before the system, so they are written as a delivery writes them.
 */
export async function seedCatalogue(db: DynamoDBDocumentClient, tableName: string): Promise<void> {
  await seedProducts(db, tableName);
  const deps = { customers: dynamoCustomerStore(db, tableName), clock: systemClock };
  const catalogue = dynamoCatalogueStore(db, tableName);
  const at = new Date().toISOString();
  for (const c of DEMO_CUSTOMERS) {
    const [kind, id] = c.key.split(':') as ['email' | 'phone', string];
    await createCustomer(
      deps,
      newCustomerSchema.parse({
        name: c.name,
        ...(kind === 'email' ? { company: c.name } : {}),
        contacts: [{ name: c.contact, [kind]: id }],
        paymentTerms: c.paymentTerms,
      }),
      'seed@orderdesk.local',
    );
    await catalogue.recordLastPrices(c.key, c.lastPrices, { name: c.name, at });
  }
}
export async function seedUsers(issuer: LocalIssuer, password: string): Promise<void> {
  await issuer.saveUsers(demoUsers(password));
}

/** A few orders for the demo queue: one of each priority and price tier. */
export function demoOrderBodies(requestedDate: string): unknown[] {
  const delivery = { address: '江苏省苏州市工业园区星湖街 88 号', requestedDate, transportMethod: 'freight' };
  return [
    {
      customer: {
        name: '华鑫机械 采购部',
        company: '华鑫机械有限公司',
        email: 'purchasing@huaxin-machinery.example',
      },
      items: [{ sku: 'BRG-6204', quantity: 200, unitPrice: 1300 }],
      paymentMethod: 'monthly_settlement',
      delivery,
      priority: 'normal',
    },
    {
      customer: {
        name: '东海电气 王工',
        company: '东海电气设备厂',
        email: 'caigou@donghai-electric.example',
      },
      items: [{ sku: 'CBL-YJV-3X4', quantity: 500, unitPrice: 1800 }],
      paymentMethod: 'bank_transfer',
      delivery,
      priority: 'urgent',
      notes: '工地急用 / needed on site',
    },
    {
      customer: { name: '李经理', phone: '13800138000' },
      items: [{ sku: 'PMP-CUSTOM', quantity: 2, unitPrice: 1580000, spec: '图号 P-2026-118' }],
      paymentMethod: 'bank_transfer',
      delivery,
      priority: 'important',
    },
  ];
}
