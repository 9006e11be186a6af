/**
 * Master-data imports and exports on dynalite through the real handler (R-MASTER-1..3): Chinese
 * or API column names in any order, prices in yuan, the whole file checked before anything is
 * written (errors by row and column, row 2 the first data row), a dry run, a re-import that
 * changes nothing, stock counts as adjustments, customers from XLSX, templates and exports.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '#shared/sheets/xlsx-write.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ background: false });
});
afterAll(() => sys.close());

const upload = async (kind: string, body: string | Uint8Array, role: string, query = '') => {
  const res = await sys.api(`/api/imports/${kind}${query}`, {
    method: 'POST',
    body: body as BodyInit,
    headers: {
      'content-type':
        typeof body === 'string'
          ? 'application/octet-stream'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    token: await sys.login(role),
  });
  return { status: res.status, body: (await res.json()) as Body };
};
const product = async (sku: string) =>
  ((await (await sys.api(`/api/products/${sku}`, { token: await sys.login('ops') })).json()) as Body)[
    'product'
  ];

const PRODUCTS = [
  '单位,产品编号,名称,规格,单价,包装,预警库存',
  '个,IMP-001,导入轴承,6301,"1,250.50",10个/盒；50个/箱,20',
  '台,IMP-002,导入电机,Y2-80,¥980,,',
  ',,,,,,',
  '米,IMP-003,导入电缆,YJV 3×2.5,18.6,,',
].join('\r\n');

describe('imports (R-MASTER-1..3)', () => {
  it('products: a dry run counts and writes nothing; the import creates with prices in fen; a re-import changes nothing', async () => {
    const dry = await upload('products', PRODUCTS, 'sales_director', '?dryRun=true');
    expect(dry).toEqual({ status: 200, body: { created: 3, updated: 0, unchanged: 0, dryRun: true } });
    expect((await sys.api('/api/products/IMP-001', { token: await sys.login('ops') })).status).toBe(404);
    expect((await upload('products', PRODUCTS, 'sales_director')).body).toMatchObject({
      created: 3,
      updated: 0,
      unchanged: 0,
    });
    expect(await product('IMP-001')).toMatchObject({
      listPrice: 125050,
      packaging: ['10个/盒', '50个/箱'],
      lowStockAt: 20,
      unit: '个',
    });
    expect(await product('IMP-002')).toMatchObject({ listPrice: 98000 });
    expect((await upload('products', PRODUCTS, 'sales_director')).body).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
    });
  });

  it('reports every bad row by row number and column, and writes nothing', async () => {
    const file = [
      '产品编号,名称,单位,单价',
      'IMP-010,好的,个,1',
      'bad sku,坏的,个,abc',
      'IMP-011,,个,2',
      'IMP-010,重复,个,1',
    ].join('\n');
    const res = await upload('products', file, 'gm');
    expect(res.status).toBe(400);
    expect(res.body['rows']).toEqual([
      { row: 3, column: '单价', message: expect.stringContaining('yuan') },
      { row: 3, column: '产品编号', message: expect.stringContaining('Letters, digits') },
      { row: 4, column: '名称', message: 'Required' },
      { row: 5, column: '产品编号', message: 'Repeats row 2' },
    ]);
    expect((await sys.api('/api/products/IMP-010', { token: await sys.login('ops') })).status).toBe(404);
    const missing = await upload('products', 'SKU,名称\nX-1,y', 'gm');
    expect(missing.body['rows']).toEqual([{ row: 1, column: '单位', message: 'Missing column 单位 (unit)' }]);
  });

  it('ops import products but not prices; sales may not import products', async () => {
    expect((await upload('products', PRODUCTS, 'sales')).status).toBe(403);
    const changed = PRODUCTS.replace('"1,250.50"', '13');
    const res = await upload('products', changed, 'ops');
    expect(res.status).toBe(400);
    expect(res.body['rows']).toEqual([
      { row: 2, column: '单价', message: expect.stringContaining('sales_director or gm') },
    ]);
    const specOnly = PRODUCTS.replace('6301', '6301-ZZ');
    expect((await upload('products', specOnly, 'ops')).body).toMatchObject({ updated: 1, unchanged: 2 });
    expect(
      (
        (await sys
          .api('/api/products/IMP-001', { token: await sys.login('ops') })
          .then((r) => r.json())) as Body
      )['history'][0],
    ).toMatchObject({
      kind: 'edited',
      by: 'ops@example.com',
      reason: '导入 import',
    });
  });

  it('stock counts become recorded adjustments; unknown SKUs are reported', async () => {
    const counts = 'sku,onHand,reason\nIMP-001,120,年末盘点\nIMP-002,5,';
    expect((await upload('stock', counts, 'ops')).body).toMatchObject({ updated: 2, unchanged: 0 });
    expect(await product('IMP-001')).toMatchObject({ onHand: 120, available: 120 });
    expect((await upload('stock', counts, 'ops')).body).toMatchObject({ updated: 0, unchanged: 2 });
    const unknown = await upload('stock', '产品编号,在库数量\nNOPE-1,3\nIMP-001,-1', 'ops');
    expect(unknown.body['rows']).toEqual(
      [
        { row: 2, column: '产品编号', message: expect.stringContaining('No product NOPE-1') },
        { row: 3, column: '在库数量', message: 'A whole number, 0 or more' },
      ].sort((a, b) => a.row - b.row),
    );
  });

  it('customers from XLSX: created, then unchanged; rows without a way to reach them are named', async () => {
    const sheet = (rows: string[][]) => writeXlsx([{ name: 'customers', rows }]);
    const first = sheet([
      ['客户名称', '联系人', '手机', '邮箱', '地址', '付款方式'],
      ['宁波港机', '孙采购', '13811112222', 'sun@gangji.example', '浙江宁波北仑 8 号', '月结'],
    ]);
    expect((await upload('customers', first, 'sales')).body).toMatchObject({ created: 1 });
    const found = await sys.api('/api/customers?q=%E5%AE%81%E6%B3%A2', { token: await sys.login('sales') });
    expect(((await found.json()) as Body)['items'][0]).toMatchObject({
      customerKey: 'email:sun@gangji.example',
      paymentTerms: 'monthly_settlement',
      contacts: [{ name: '孙采购', phone: '13811112222', email: 'sun@gangji.example', language: 'zh-CN' }],
    });
    expect((await upload('customers', first, 'sales')).body).toMatchObject({ unchanged: 1 });
    const bad = sheet([
      ['客户名称', '邮箱'],
      ['没有联系方式', ''],
      ['坏邮箱', 'not-an-email'],
    ]);
    const res = await upload('customers', bad, 'sales');
    expect(res.body['rows'].map((r: Body) => [r.row, r.column])).toEqual([
      [2, '电话'],
      [3, '邮箱'],
    ]);
  });

  it('templates and exports use the import columns; an export imports back unchanged', async () => {
    const token = await sys.login('ops');
    const template = await sys.api('/api/imports/products/template?format=csv', { token });
    const raw = new Uint8Array(await template.arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM: Excel opens the Chinese right
    expect(new TextDecoder().decode(raw).split('\r\n')[0]).toBe(
      '产品编号,名称,英文名称,规格,单位,包装,单价,生效日期,在售,预警库存',
    );
    const exported = await sys.api('/api/exports/products?format=xlsx', { token });
    expect(exported.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = new Uint8Array(await exported.arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as never);
    expect(book.worksheets[0]!.getRow(1).getCell(1).value).toBe('产品编号');
    const again = await upload('products', bytes, 'gm');
    expect(again.body).toMatchObject({ created: 0, updated: 0 });
  });
});
