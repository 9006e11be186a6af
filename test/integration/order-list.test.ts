/**
 * The order list and its export on dynalite through the real handlers (R-PROC-7): filters,
 * prefix search, newest first, paging with a signed cursor (a bad one is a 400), counts per
 * status, roles, CSV with a BOM and XLSX read back with exceljs.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;

let sys: TestSystem;
const placed: { orderId: string; orderNumber: string; name: string }[] = [];

beforeAll(async () => {
  sys = await startTestSystem({ background: false });
  const names = ['列表甲', '列表乙', '列表丙', '列表丁', '列表戊'];
  for (const [i, name] of names.entries()) {
    const res = await sys.api('/api/orders', {
      json: orderBody({
        customer: {
          name,
          company: `检索${i}号公司`,
          email: `list${i}@buyer.example`,
          phone: `1390000100${i}`,
        },
        ...(i === 4 ? { priority: 'urgent' } : {}),
      }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Body;
    placed.push({ orderId: body['orderId'], orderNumber: body['orderNumber'], name });
  }
  // One of another customer, which the search must leave out.
  expect((await sys.api('/api/orders', { json: orderBody() })).status).toBe(201);
});
afterAll(() => sys.close());

const list = async (query: string, role = 'logistics') => {
  const res = await sys.api(`/api/orders?${query}`, { token: await sys.login(role) });
  return { status: res.status, body: (await res.json()) as Body };
};

describe('GET /api/orders (R-PROC-7)', () => {
  it('finds orders by a prefix of the customer name, newest first, for any staff role', async () => {
    const { status, body } = await list(`q=${encodeURIComponent('列表')}`);
    expect(status).toBe(200);
    expect(body['items'].map((i: Body) => i.customerName)).toEqual([...placed].reverse().map((p) => p.name));
    const first = body['items'][0];
    expect(Object.keys(first).sort()).toEqual(
      [
        'orderId',
        'orderNumber',
        'status',
        'priority',
        'channel',
        'customerName',
        'company',
        'totalAmount',
        'currency',
        'createdAt',
      ].sort(),
    );
    expect(first).toMatchObject({
      status: 'received',
      channel: 'web',
      priority: 'urgent',
      company: '检索4号公司',
    });
    expect((await list('q=%E5%88%97%E8%A1%A8', 'after_sales')).status).toBe(200);
  });

  it('finds by order number, company, phone and email prefixes', async () => {
    const target = placed[2]!;
    expect((await list(`q=${target.orderNumber}`)).body['items'].map((i: Body) => i.orderId)).toEqual([
      target.orderId,
    ]);
    expect((await list(`q=${target.orderNumber.toLowerCase()}`)).body['items']).toHaveLength(1);
    expect(
      (await list(`q=${encodeURIComponent('检索2')}`)).body['items'].map((i: Body) => i.orderId),
    ).toEqual([target.orderId]);
    expect((await list('q=13900001002')).body['items'].map((i: Body) => i.orderId)).toEqual([target.orderId]);
    expect((await list('q=LIST2%40')).body['items'].map((i: Body) => i.orderId)).toEqual([target.orderId]);
    // Prefix, not substring.
    expect((await list(`q=${encodeURIComponent('表甲')}`)).body['items']).toEqual([]);
  });

  it('filters by status, priority, channel and days', async () => {
    const q = `q=${encodeURIComponent('列表')}`;
    expect((await list(`${q}&priority=urgent`)).body['items'].map((i: Body) => i.customerName)).toEqual([
      '列表戊',
    ]);
    expect((await list(`${q}&status=received`)).body['items']).toHaveLength(5);
    expect((await list(`${q}&status=approved`)).body['items']).toHaveLength(0);
    expect((await list(`${q}&channel=email`)).body['items']).toHaveLength(0);
    expect((await list(`${q}&from=2020-01-01&to=2020-12-31`)).body['items']).toHaveLength(0);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect((await list(`${q}&from=${today}&to=${today}`)).body['items']).toHaveLength(5);
  });

  it('counts each status for the filters on the first page', async () => {
    const { body } = await list(`q=${encodeURIComponent('列表')}&status=approved`);
    expect(body['counts']).toMatchObject({ received: 5, approved: 0, archived: 0 });
    expect(body['countsExact']).toBe(true);
  });

  it('pages with a signed cursor and loses or repeats nothing', async () => {
    const q = `q=${encodeURIComponent('列表')}`;
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { status, body } = await list(
        `${q}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(status).toBe(200);
      expect(body['items'].length).toBeLessThanOrEqual(2);
      seen.push(...body['items'].map((i: Body) => i.orderId));
      cursor = body['nextCursor'];
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...placed].reverse().map((p) => p.orderId));
  });

  it('refuses a tampered cursor, one made for other filters, and bad filters with 400 by field', async () => {
    const { body } = await list(`q=${encodeURIComponent('列表')}&limit=1`);
    const cursor = body['nextCursor'] as string;
    const [payload, mac] = cursor.split('.');
    const edited = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        at: '2099-01-01T00:00:00.000Z',
      }),
    ).toString('base64url');
    for (const bad of [`${edited}.${mac}`, 'garbage', `${payload}.x`]) {
      const res = await list(`q=${encodeURIComponent('列表')}&cursor=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(res.body['issues'].map((i: Body) => i.path)).toEqual(['cursor']);
    }
    const other = await list(`q=${encodeURIComponent('列表乙')}&cursor=${encodeURIComponent(cursor)}`);
    expect(other.status).toBe(400);
    expect(other.body['issues'][0].message).toMatch(/other filters/);
    const wrong = await list('status=shipping&priority=high&from=2026-13-01&limit=0');
    expect(wrong.status).toBe(400);
    expect(wrong.body['issues'].map((i: Body) => i.path).sort()).toEqual([
      'from',
      'limit',
      'priority',
      'status',
    ]);
    const reversed = await list('from=2026-12-02&to=2026-12-01');
    expect(reversed.body['issues'].map((i: Body) => i.path)).toEqual(['to']);
  });

  it('is for staff only', async () => {
    expect((await sys.api('/api/orders')).status).toBe(401);
  });
});

describe('GET /api/orders/export (R-PROC-7)', () => {
  it('writes the filtered list as CSV in UTF-8 with a BOM', async () => {
    const res = await sys.api(`/api/orders/export?q=${encodeURIComponent('列表')}&format=csv`, {
      token: await sys.login('ops'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('x-export-truncated')).toBe('false');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(lines[0]).toMatch(/^订单号 Order number,状态 Status/);
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain('列表戊');
    expect(lines[1]).toContain('已受理');
    expect(lines[1]).toContain('125.00');
  });

  it('writes XLSX that a spreadsheet reads back', async () => {
    const res = await sys.api(`/api/orders/export?q=${encodeURIComponent('列表')}&format=xlsx`, {
      token: await sys.login('sales'),
    });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(6);
    expect(String(sheet.getRow(2).getCell(5).value)).toBe('列表戊');
    expect(Number(sheet.getRow(2).getCell(7).value)).toBe(125);
  });

  it('refuses an unknown format by field', async () => {
    const res = await sys.api('/api/orders/export?format=pdf', { token: await sys.login('ops') });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Body)['issues'].map((i: Body) => i.path)).toEqual(['format']);
  });
});
