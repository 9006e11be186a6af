/**
 * Imports of products with prices, stock counts and customers from a CSV or XLSX file
 * (R-MASTER-1..3). The whole file is read and checked first — every cell, and every row against
 * the data as it stands (unknown SKUs, counts below what is reserved, prices in the past) — and
 * nothing is written while any row is wrong. Each row then becomes the same change the pages
 * make (with its record), or none when the data already says what the row says: importing the
 * same file again changes nothing.
 */
import { businessDay } from '../domain/calendar.ts';
import { ConflictError, DomainError } from '../domain/errors.ts';
import { type CustomerRecord, priceInForce } from '../domain/master-data.ts';
import {
  type CustomerRow,
  type ImportKind,
  mapHeader,
  type ProductRow,
  parseImport,
  type RowIssue,
  type StockRow,
} from '../domain/master-import.ts';
import type { StaffRole } from '../domain/roles.ts';
import { customerIdentity } from '../entities/catalogue-entities.ts';
import { readCsv } from '../sheets/csv-read.ts';
import { decodeText } from '../sheets/decode-text.ts';
import { readXlsx, SheetReadError } from '../sheets/xlsx-read.ts';
import type { CustomerDeps } from './manage-customers.ts';
import { createCustomer, editCustomer } from './manage-customers.ts';
import { editProduct, moveStock, type ProductDeps, setListPrice } from './manage-products.ts';

/** The file has bad rows: nothing was written. */
export class ImportRowsError extends DomainError {
  constructor(readonly rows: RowIssue[]) {
    super(`The file has ${rows.length} problem(s); nothing was imported`);
    this.name = 'ImportRowsError';
  }
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
}

/** Who may import each kind (R-MASTER: ops keep products and stock, sales their customers). */
export const IMPORT_ROLES: Record<ImportKind, readonly StaffRole[]> = {
  products: ['ops', 'sales_director', 'gm'],
  stock: ['ops'],
  customers: ['sales', 'ops', 'sales_director', 'gm'],
};
const PRICE_SETTERS: readonly StaffRole[] = ['sales_director', 'gm'];

export function readSheet(bytes: Uint8Array): string[][] {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  try {
    return zip ? readXlsx(bytes) : readCsv(decodeText(bytes));
  } catch (error) {
    if (error instanceof SheetReadError)
      throw new ImportRowsError([{ row: 0, column: '', message: error.message }]);
    throw error;
  }
}

type Step = () => Promise<unknown>;
type Plan = { creates: Step[]; updates: Step[]; unchanged: number; issues: RowIssue[] };

async function planProducts(
  deps: ProductDeps,
  rows: ProductRow[],
  actor: { email: string; roles: readonly StaffRole[] },
  today: string,
  columns: { has: (field: string) => boolean },
): Promise<Plan> {
  const plan: Plan = { creates: [], updates: [], unchanged: 0, issues: [] };
  const current = new Map((await deps.products.list(today)).map((p) => [p.sku, p]));
  const maySetPrices = actor.roles.some((r) => PRICE_SETTERS.includes(r));
  const at = deps.clock.now().toISOString();
  for (const r of rows) {
    const existing = current.get(r.product.sku);
    const from = r.effectiveFrom ?? today;
    const priceChanges =
      r.listPrice !== undefined &&
      (!existing ||
        priceInForce(existing.prices, from, existing.prices.length ? null : existing.listPrice) !==
          r.listPrice);
    if (priceChanges && !maySetPrices) {
      plan.issues.push({
        row: r.row,
        column: '单价',
        message: 'Only sales_director or gm set list prices: leave the price column out',
      });
      continue;
    }
    if (!existing) {
      const price =
        r.listPrice !== undefined
          ? { listPrice: r.listPrice, effectiveFrom: from, at, by: actor.email, reason: '导入 import' }
          : undefined;
      plan.creates.push(async () => {
        if ((await deps.products.create(r.product, actor.email, at, price)) === 'exists')
          throw new ConflictError(
            `Product ${r.product.sku} was added while the file was imported; import it again`,
          );
      });
      continue;
    }
    if (priceChanges && from < today) {
      plan.issues.push({
        row: r.row,
        column: '生效日期',
        message: `A changed price starts today (${today}) or later`,
      });
      continue;
    }
    const edit: Record<string, unknown> = {};
    const fields = ['nameZh', 'nameEn', 'spec', 'unit', 'packaging', 'active', 'lowStockAt'] as const;
    for (const f of fields) {
      if (!columns.has(f) || r.product[f] === undefined) continue;
      if (
        JSON.stringify(r.product[f]) !== JSON.stringify((existing as unknown as Record<string, unknown>)[f])
      )
        edit[f] = r.product[f];
    }
    if (Object.keys(edit).length === 0 && !priceChanges) {
      plan.unchanged++;
      continue;
    }
    plan.updates.push(async () => {
      if (Object.keys(edit).length)
        await editProduct(deps, r.product.sku, { ...edit, reason: '导入 import' }, actor.email);
      if (priceChanges)
        await setListPrice(
          deps,
          r.product.sku,
          { listPrice: r.listPrice!, effectiveFrom: from, reason: '导入 import' },
          actor.email,
        );
    });
  }
  return plan;
}

async function planStock(deps: ProductDeps, rows: StockRow[], actor: string): Promise<Plan> {
  const plan: Plan = { creates: [], updates: [], unchanged: 0, issues: [] };
  const current = new Map((await deps.products.list()).map((p) => [p.sku, p]));
  for (const r of rows) {
    const p = current.get(r.sku);
    if (!p) {
      plan.issues.push({
        row: r.row,
        column: '产品编号',
        message: `No product ${r.sku}: import it with the products first`,
      });
      continue;
    }
    const delta = r.onHand - p.onHand;
    if (delta === 0) {
      plan.unchanged++;
      continue;
    }
    if (!p.allowNegativeStock && p.available + delta < 0) {
      plan.issues.push({
        row: r.row,
        column: '在库数量',
        message: `Below what is reserved for orders (${p.reserved})`,
      });
      continue;
    }
    plan.updates.push(() =>
      moveStock(
        deps,
        r.sku,
        { kind: 'adjustment', quantity: delta, reason: r.reason ?? '盘点导入 stocktake import' },
        actor,
      ),
    );
  }
  return plan;
}

async function planCustomers(deps: CustomerDeps, rows: CustomerRow[], actor: string): Promise<Plan> {
  const plan: Plan = { creates: [], updates: [], unchanged: 0, issues: [] };
  for (const r of rows) {
    const key = customerIdentity(r.fields.contacts[0]!);
    const got = await deps.customers.get(key);
    if (!got) {
      plan.creates.push(() => createCustomer(deps, r.fields, actor));
      continue;
    }
    const c: CustomerRecord = got.customer;
    if (c.mergedInto) {
      plan.issues.push({
        row: r.row,
        column: '邮箱',
        message: `This customer was merged into ${c.mergedInto}`,
      });
      continue;
    }
    const sameContact = (a: { email?: string | undefined; phone?: string | undefined }) =>
      c.contacts.some((x) => (a.email && x.email === a.email) || (a.phone && x.phone === a.phone));
    const next = {
      name: r.fields.name,
      company: r.fields.company ?? c.company,
      contacts: [...c.contacts, ...r.fields.contacts.filter((x) => !sameContact(x))],
      addresses: [
        ...c.addresses,
        ...r.fields.addresses.filter((a) => !c.addresses.some((x) => x.address === a.address)),
      ],
      paymentTerms: r.fields.paymentTerms ?? c.paymentTerms,
      notes: r.fields.notes ?? c.notes,
      owner: r.fields.owner ?? c.owner,
    };
    const before = {
      name: c.name,
      company: c.company,
      contacts: c.contacts,
      addresses: c.addresses,
      paymentTerms: c.paymentTerms,
      notes: c.notes,
      owner: c.owner,
    };
    if (JSON.stringify(next) === JSON.stringify(before)) {
      plan.unchanged++;
      continue;
    }
    plan.updates.push(() => editCustomer(deps, key, { ...next, version: c.version }, actor));
  }
  return plan;
}

/** Runs the steps a few at a time (each is one product or customer: independent writes). */
async function runAll(steps: Step[], concurrency = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < steps.length) await steps[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, steps.length) }, worker));
}

export async function importMasterData(
  deps: ProductDeps & CustomerDeps,
  request: {
    kind: ImportKind;
    bytes: Uint8Array;
    dryRun: boolean;
    actor: { email: string; roles: readonly StaffRole[] };
  },
): Promise<ImportResult> {
  const rows = readSheet(request.bytes);
  // Every row is checked — the cells, then the valid rows against the data — before any is written.
  const parsed = parseImport(request.kind, rows);
  if (parsed.issues.some((i) => i.row <= 1)) throw new ImportRowsError(parsed.issues);
  const header = rows[0] ?? [];
  const today = businessDay(deps.clock.now());
  const { columns } = mapHeader(request.kind, header);
  const plan =
    request.kind === 'products'
      ? await planProducts(deps, parsed.records as ProductRow[], request.actor, today, columns)
      : request.kind === 'stock'
        ? await planStock(deps, parsed.records as StockRow[], request.actor.email)
        : await planCustomers(deps, parsed.records as CustomerRow[], request.actor.email);
  const issues = [...parsed.issues, ...plan.issues];
  if (issues.length) throw new ImportRowsError(issues.sort((a, b) => a.row - b.row));
  const result = { created: plan.creates.length, updated: plan.updates.length, unchanged: plan.unchanged };
  if (request.dryRun) return result;
  await runAll([...plan.creates, ...plan.updates]);
  return result;
}
