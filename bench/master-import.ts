/**
 * Importing the price list (R-MASTER-1, issue 18): a CSV of 10,000 products with Chinese
 * headers and prices in yuan, through `importMasterData` and the DynamoDB adapters on dynalite
 * on disk — checked whole, then written (one PutItem per new product, its first price inside);
 * then the same file again (every row unchanged, nothing written). Write units per product by
 * the AWS rules (item-size.ts) for the item the import wrote. Target: the first import < 30 s.
 *
 * `npm run bench -- --only import` runs it and merges its section into bench/results.md;
 * `npx tsx bench/master-import.ts` runs it alone and prints the section.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, startDynalite } from '#local/dynamo.ts';
import { dynamoCustomerStore } from '#shared/adapters/dynamo-customers.ts';
import { dynamoProductStore } from '#shared/adapters/dynamo-products.ts';
import { systemClock } from '#shared/ports.ts';
import { importMasterData } from '#shared/use-cases/import-master-data.ts';
import { itemSize, writeUnits } from './item-size.ts';
import { mergeSection } from './merge-section.ts';
import { TARGETS } from './targets.ts';

const TABLE = 'orderdesk';
export const IMPORT_PRODUCTS = 10_000;

export interface ImportResults {
  products: number;
  fileBytes: number;
  firstMs: number;
  againMs: number;
  created: number;
  unchanged: number;
  itemBytes: number;
  unitsPerProduct: number;
}

function priceList(n: number): string {
  const rows = ['产品编号,名称,英文名称,规格,单位,包装,单价,预警库存'];
  for (let i = 0; i < n; i++) {
    const sku = `BK-${String(i).padStart(5, '0')}`;
    const yuan = (10 + ((i * 7919) % 99_000) / 100).toFixed(2);
    rows.push(
      `${sku},导入测试产品${i},Bench product ${i},型号 ${i % 97}-${i % 13},个,10个/盒；100个/箱,"${yuan}",${i % 50}`,
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

export async function measureImport(
  work: string,
  n = IMPORT_PRODUCTS,
  log = console.log,
): Promise<ImportResults> {
  const dynamo = await startDynalite({ path: join(work, 'dynamo') });
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    await ensureTable(db, TABLE);
    const deps = {
      products: dynamoProductStore(db, TABLE),
      customers: dynamoCustomerStore(db, TABLE),
      clock: systemClock,
    };
    const bytes = new TextEncoder().encode(priceList(n));
    const actor = { email: 'gm@example.com', roles: ['gm' as const] };
    let t = performance.now();
    const first = await importMasterData(deps, { kind: 'products', bytes, dryRun: false, actor });
    const firstMs = performance.now() - t;
    log(`    first import: ${first.created} created in ${(firstMs / 1000).toFixed(1)} s`);
    t = performance.now();
    const again = await importMasterData(deps, { kind: 'products', bytes, dryRun: false, actor });
    const againMs = performance.now() - t;
    log(`    again: ${again.unchanged} unchanged in ${(againMs / 1000).toFixed(1)} s`);
    const stored = await client.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { pk: { S: 'CATALOGUE' }, sk: { S: 'PRODUCT#BK-00123' } },
      }),
    );
    const size = itemSize(stored.Item ?? {});
    return {
      products: n,
      fileBytes: bytes.length,
      firstMs,
      againMs,
      created: first.created,
      unchanged: again.unchanged,
      itemBytes: size,
      unitsPerProduct: writeUnits(size),
    };
  } finally {
    db.destroy();
    await dynamo.close();
  }
}

export const importVerdict = (r: ImportResults): boolean =>
  r.firstMs < TARGETS.importProductsMs && r.created === r.products && r.unchanged === r.products;

export function renderImport(r: ImportResults, note: string): string[] {
  return [
    '## 10. Importing 10,000 products',
    '',
    note,
    '',
    `A price list of ${r.products.toLocaleString('en-US')} products (CSV, ${(r.fileBytes / 1024).toFixed(0)} KB, Chinese headers, prices in yuan) through \`importMasterData\` and the DynamoDB adapters on dynalite on disk: the whole file read and checked, the catalogue read once, then one PutItem per new product (its first dated price inside), eight at a time.`,
    '',
    '| run | rows | result | time |',
    '| --- | --: | --- | --: |',
    `| first import | ${r.products} | ${r.created} created | ${(r.firstMs / 1000).toFixed(1)} s |`,
    `| the same file again | ${r.products} | ${r.unchanged} unchanged, nothing written | ${(r.againMs / 1000).toFixed(1)} s |`,
    '',
    `Write units per imported product (AWS rules): the product item is ${r.itemBytes} bytes with its price entry and record → **${r.unitsPerProduct}** write unit${r.unitsPerProduct === 1 ? '' : 's'} (no index carries products). A price changed later is a read, a history copy of the last record (1 unit) and the update (${r.unitsPerProduct} unit${r.unitsPerProduct === 1 ? '' : 's'}).`,
    '',
    `First import: ${importVerdict(r) ? '**PASS**' : '**FAIL**'} (target < ${TARGETS.importProductsMs / 1000} s).`,
  ];
}

export function mergeImport(existing: string, r: ImportResults, note: string): string {
  return mergeSection(existing, {
    heading: '## 10. Importing 10,000 products',
    lines: renderImport(r, note),
    summaryPrefix: '| product import',
    summaryRow: `| product import: 10,000 products < ${TARGETS.importProductsMs / 1000} s locally (R-MASTER-1) | ${(r.firstMs / 1000).toFixed(1)} s, ${r.unitsPerProduct} write unit(s) per product | ${importVerdict(r) ? '**PASS**' : '**FAIL**'} |`,
  });
}

if (process.argv[1]?.endsWith('master-import.ts')) {
  const work = await mkdtemp(join(tmpdir(), 'orderdesk-import-'));
  try {
    const r = await measureImport(work);
    console.log(renderImport(r, 'Measured by `npx tsx bench/master-import.ts`.').join('\n'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
