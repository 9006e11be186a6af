/**
 * Understanding an emailed order (R-INTAKE-1 email channel, R-INTAKE-6): labelled lines, item
 * lines, mail noise and attached order sheets, on hand-written Chinese and English mails.
 * Sheets are written by independent tools (exceljs, iconv-lite), not by our own writer.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { orderInputSchema } from '#shared/domain/order-schema.ts';
import { extractOrder, type MailAttachment } from '#shared/email/extract-order.ts';
import { parseCents, parseDate } from '#shared/email/order-values.ts';

const TODAY = '2026-11-27';
const read = (
  text: string,
  attachments: MailAttachment[] = [],
  sender?: { address: string; name?: string },
) => extractOrder({ subject: '订单', text, attachments }, { today: TODAY, sender });
const itemOf = (line: string) => {
  const r = read(line);
  expect(r.problems).toEqual([]);
  return r.body.items[0];
};

const CHINESE = `您好！请按以下信息安排发货：

客户名称：宁波华东机电有限公司
联系人：王建国
联系电话：0574-8888 6666
邮箱：wang@huadong.example.cn
收货地址：浙江省宁波市北仑区明州路88号
要求交货日期：2026年12月5日
付款方式：对公转账
运输方式：物流
优先级：重要
BRG-6204 x 200 @ 13.00
MTR-Y2-1.5 × 2 @ ¥1,580.50
备注：请用木箱包装，
易碎品轻放

谢谢！`;

describe('labelled lines of an emailed order (R-INTAKE-1 email channel, R-INTAKE-6)', () => {
  it('reads a Chinese order with full-width colons into a body the order schema accepts', () => {
    const r = read(CHINESE);
    expect(r.problems).toEqual([]);
    expect(r.body).toEqual({
      customer: {
        name: '王建国',
        company: '宁波华东机电有限公司',
        phone: '0574-8888 6666',
        email: 'wang@huadong.example.cn',
      },
      delivery: {
        address: '浙江省宁波市北仑区明州路88号',
        requestedDate: '2026-12-05',
        transportMethod: 'freight',
      },
      paymentMethod: 'bank_transfer',
      priority: 'important',
      notes: '请用木箱包装，\n易碎品轻放',
      language: 'zh-CN',
      items: [
        { sku: 'BRG-6204', quantity: 200, unitPrice: 1300 },
        { sku: 'MTR-Y2-1.5', quantity: 2, unitPrice: 158050 },
      ],
    });
    expect(orderInputSchema.safeParse(r.body).success).toBe(true);
    expect(r.sources).toMatchObject({
      'customer.name': '联系人：王建国',
      'delivery.requestedDate': '要求交货日期：2026年12月5日',
      paymentMethod: '付款方式：对公转账',
      'items.1': 'MTR-Y2-1.5 × 2 @ ¥1,580.50',
    });
  });

  it('reads an English order with half-width colons, spaces and bullets, and says it is English', () => {
    const r = read(
      [
        'Dear sales team,',
        '',
        '1. Company : Shenzhen Precision Parts Ltd.',
        '2. Contact: Chen Wei',
        '3. Phone:+86 138 0013 8000',
        '4. E-mail: chen@spp.example.com',
        '* Delivery address: Building 5, Nanshan Science Park, Shenzhen',
        '* Required by: Dec 20, 2026',
        '- Payment: monthly settlement',
        '- Shipping: Express',
        '- Priority: URGENT',
        'Item BRG-6204 qty 50 pcs price 13.20',
        'Remarks: please call before delivery',
        '',
        'Best regards',
      ].join('\n'),
    );
    expect(r.problems).toEqual([]);
    expect(r.body).toMatchObject({
      customer: {
        name: 'Chen Wei',
        company: 'Shenzhen Precision Parts Ltd.',
        phone: '+86 138 0013 8000',
        email: 'chen@spp.example.com',
      },
      delivery: {
        address: 'Building 5, Nanshan Science Park, Shenzhen',
        requestedDate: '2026-12-20',
        transportMethod: 'express',
      },
      paymentMethod: 'monthly_settlement',
      priority: 'urgent',
      notes: 'please call before delivery',
      language: 'en',
      items: [{ sku: 'BRG-6204', quantity: 50, unitPrice: 1320 }],
    });
  });

  it('splits several labels on one line and takes the phone written beside the contact', () => {
    const r = read('联系人：李娜 13912345678，公司：杭州某某贸易有限公司；地址：杭州市西湖区文三路1号');
    expect(r.body.customer).toEqual({ name: '李娜', phone: '13912345678', company: '杭州某某贸易有限公司' });
    expect(r.body.delivery.address).toBe('杭州市西湖区文三路1号');
    expect(r.sources['customer.phone']).toBe(
      '联系人：李娜 13912345678，公司：杭州某某贸易有限公司；地址：杭州市西湖区文三路1号',
    );
  });

  it('uses 客户 as company and name when no contact is given, and not the sender name', () => {
    const r = read('客户：温州东方阀门厂\n电话：13800000000', [], {
      address: 'buyer@df.example.cn',
      name: 'Buyer',
    });
    expect(r.body.customer).toEqual({
      name: '温州东方阀门厂',
      company: '温州东方阀门厂',
      phone: '13800000000',
      email: 'buyer@df.example.cn',
    });
    expect(r.sources['customer.email']).toBe('From: Buyer <buyer@df.example.cn>');
  });

  it('falls back to the sender for the email, and for the name only without a contact or customer line', () => {
    const r = read('地址：上海市浦东新区张江路100号\nBRG-6204 x 1 @ 13', [], {
      address: 'zhou@x.example.cn',
      name: '周敏',
    });
    expect(r.body.customer).toEqual({ name: '周敏', email: 'zhou@x.example.cn' });
    const withContact = read('联系人：张三\n邮箱：zs@y.example.cn', [], {
      address: 'other@x.example.cn',
      name: '周敏',
    });
    expect(withContact.body.customer).toEqual({ name: '张三', email: 'zs@y.example.cn' });
  });

  it('keeps the first of two different values and reports the second (nothing silently dropped)', () => {
    const r = read('交货日期：2026-12-05\n交货日期：2026-12-08');
    expect(r.body.delivery.requestedDate).toBe('2026-12-05');
    expect(r.problems).toEqual([
      expect.objectContaining({ path: 'delivery.requestedDate', line: '交货日期：2026-12-08' }),
    ]);
  });
});

describe('payment, transport and priority words (R-INTAKE-6)', () => {
  it.each([
    ['付款方式：银行转账', 'paymentMethod', 'bank_transfer'],
    ['付款方式：对公转账', 'paymentMethod', 'bank_transfer'],
    ['Payment: bank transfer', 'paymentMethod', 'bank_transfer'],
    ['付款方式：月结30天', 'paymentMethod', 'monthly_settlement'],
    ['付款方式：货到付款', 'paymentMethod', 'cash_on_delivery'],
    ['Payment: COD', 'paymentMethod', 'cash_on_delivery'],
    ['支付方式：支付宝', 'paymentMethod', 'alipay'],
    ['支付方式：微信', 'paymentMethod', 'wechat_pay'],
    ['运输方式：快递（顺丰）', 'transportMethod', 'express'],
    ['运输方式：物流', 'transportMethod', 'freight'],
    ['运输方式：货运', 'transportMethod', 'freight'],
    ['运输方式：送货上门', 'transportMethod', 'company_delivery'],
    ['运输方式：自提', 'transportMethod', 'self_pickup'],
    ['Shipping: self pickup', 'transportMethod', 'self_pickup'],
    ['优先级：普通', 'priority', 'normal'],
    ['优先级：一般', 'priority', 'normal'],
    ['优先级：不急', 'priority', 'normal'],
    ['优先级：重要', 'priority', 'important'],
    ['优先级：紧急', 'priority', 'urgent'],
    ['优先级：加急', 'priority', 'urgent'],
  ])('%s → %s %s', (line, field, value) => {
    const r = read(line);
    expect(r.problems).toEqual([]);
    const got = field === 'transportMethod' ? r.body.delivery.transportMethod : r.body[field as 'priority'];
    expect(got).toBe(value);
  });

  it('leaves a value it cannot map unset and quotes the line', () => {
    const r = read('付款方式：信用卡\n运输方式：快递或物流\nPriority: whenever');
    expect(r.body.paymentMethod).toBeUndefined();
    expect(r.body.delivery.transportMethod).toBeUndefined();
    expect(r.body.priority).toBeUndefined();
    expect(r.problems.map((p) => [p.path, p.line])).toEqual([
      ['paymentMethod', '付款方式：信用卡'],
      ['delivery.transportMethod', '运输方式：快递或物流'],
      ['priority', 'Priority: whenever'],
    ]);
    expect(r.problems[0]?.messageZh).toContain('银行转账');
  });
});

describe('dates (R-INTAKE-6)', () => {
  it.each([
    ['2026-12-05', '2026-12-05'],
    ['2026/12/5', '2026-12-05'],
    ['2026.12.5', '2026-12-05'],
    ['2026年12月5日', '2026-12-05'],
    ['２０２６年１２月５日前', '2026-12-05'],
    ['12月5日', '2026-12-05'],
    ['12-05', '2026-12-05'],
    ['11月27日', '2026-11-27'],
    ['11月26日', '2027-11-26'],
    ['1月5号', '2027-01-05'],
    ['02-29', '2028-02-29'],
    ['5 January 2027', '2027-01-05'],
    ['25/12/2026', '2026-12-25'],
    ['12/25/2026', '2026-12-25'],
    ['Dec 5', '2026-12-05'],
  ])('reads %s as %s (no year: the next such day on or after today)', (written, iso) => {
    expect(parseDate(written, TODAY)).toEqual({ ok: true, value: iso });
  });

  it('reports a date that does not exist, quoting the line', () => {
    expect(parseDate('2026-02-30', TODAY).ok).toBe(false);
    expect(parseDate('5/12/2026', TODAY)).toMatchObject({
      ok: false,
      message: expect.stringContaining('YYYY-MM-DD'),
    });
    const r = read('交货日期：13月40日');
    expect(r.body.delivery.requestedDate).toBeUndefined();
    expect(r.problems).toEqual([
      expect.objectContaining({ path: 'delivery.requestedDate', line: '交货日期：13月40日' }),
    ]);
  });
});

describe('item lines (R-INTAKE-6)', () => {
  it.each([
    ['SKU-001 x 20 @ 12.50', { sku: 'SKU-001', quantity: 20, unitPrice: 1250 }],
    ['SKU-001 × 20 @ ¥12.5', { sku: 'SKU-001', quantity: 20, unitPrice: 1250 }],
    ['SKU-001 *20 单价12.5元', { sku: 'SKU-001', quantity: 20, unitPrice: 1250 }],
    ['产品 SKU-001 数量 20 单价 12.5', { sku: 'SKU-001', quantity: 20, unitPrice: 1250 }],
    ['货号：SKU-001，数量：20，单价：12.50', { sku: 'SKU-001', quantity: 20, unitPrice: 1250 }],
    ['货号:SKU-001, 数量:20件, 单价:12.50元', { sku: 'SKU-001', quantity: 20, unitPrice: 1250 }],
    ['Item SKU-001 qty 20 price 12.50', { sku: 'SKU-001', quantity: 20, unitPrice: 1250 }],
    ['SKU-001 20件 12.5元', { sku: 'SKU-001', quantity: 20, unitPrice: 1250 }],
    ['SKU-001 x 20 pcs @ 12.50', { sku: 'SKU-001', quantity: 20, unitPrice: 1250 }],
    ['BRG-6204 数量：20箱 单价：¥13', { sku: 'BRG-6204', quantity: 20, unitPrice: 1300 }],
    ['CBL-YJV-3X4 x 500米 @ 18', { sku: 'CBL-YJV-3X4', quantity: 500, unitPrice: 1800 }],
    ['MTR-Y2-1.5 | 2 | 1,234.56', { sku: 'MTR-Y2-1.5', quantity: 2, unitPrice: 123456 }],
    ['BLT-M8X30\t1,000\t0.29', { sku: 'BLT-M8X30', quantity: 1000, unitPrice: 29 }],
    [
      'PMP-CUSTOM 规格：图号 P-2026-118，包装：木箱，数量：2，单价：15800',
      { sku: 'PMP-CUSTOM', quantity: 2, unitPrice: 1580000, spec: '图号 P-2026-118', packaging: '木箱' },
    ],
    ['- BRG-6204 Φ20×47 x 10 @ 13', { sku: 'BRG-6204', quantity: 10, unitPrice: 1300 }],
    ['BRG-6204x20 @ 13', { sku: 'BRG-6204', quantity: 20, unitPrice: 1300 }],
    ['CBL-YJV-3X4×100米 单价：18元/米', { sku: 'CBL-YJV-3X4', quantity: 100, unitPrice: 1800 }],
    ['ＢＲＧ－６２０４　ｘ　２０　＠　１３．５', { sku: 'BRG-6204', quantity: 20, unitPrice: 1350 }],
  ])('reads %s', (line, item) => {
    expect(itemOf(line)).toEqual(item);
  });

  it('converts yuan to integer cents exactly, without float drift', () => {
    for (const [yuan, cents] of [
      ['0.29', 29],
      ['12.5', 1250],
      ['1,234.56', 123456],
      ['1.15', 115],
      ['4.35', 435],
      ['8.20', 820],
      ['19.99', 1999],
      ['1,000,000', 100000000],
      ['12.500', 1250],
      ['.5', 50],
    ] as const)
      expect(parseCents(yuan)).toEqual({ ok: true, value: cents });
    expect(itemOf('BLT-M8X30 x 1 @ 0.29')?.unitPrice).toBe(29);
    expect(itemOf('BLT-M8X30 x 1 @ 4.35')?.unitPrice).toBe(435);
    expect(parseCents('12.345').ok).toBe(false);
  });

  it('quotes a line with a bad price and one without a quantity, and keeps a line without a price (R-INTAKE-6)', () => {
    const r = read(
      'BRG-6204 x 20 @ 12.5.3\nBRG-6204 x 20\nVLV-DN50 单价 300\nBRG-6204 x 2 @ 13\nBLT-M8X30 x 5 @ 1.234',
    );
    // The unpriced line is kept, to be priced from the list (price-email-lines).
    expect(r.body.items).toEqual([
      { sku: 'BRG-6204', quantity: 20 },
      { sku: 'BRG-6204', quantity: 2, unitPrice: 1300 },
    ]);
    expect(r.problems).toEqual([
      expect.objectContaining({ path: 'items.0.unitPrice', line: 'BRG-6204 x 20 @ 12.5.3' }),
      expect.objectContaining({ path: 'items.1.quantity', line: 'VLV-DN50 单价 300' }),
      expect.objectContaining({
        path: 'items.2.unitPrice',
        line: 'BLT-M8X30 x 5 @ 1.234',
        message: expect.stringContaining('more than 2 decimals'),
      }),
    ]);
    expect(r.problems[0]?.messageZh).toContain('12.5.3');
  });

  it('reports a whole-number quantity that is not whole, and a line naming a code only', () => {
    const r = read('BRG-6204 x 2.5 @ 13\n请同时报价 GSK-PTFE-50');
    expect(r.body.items).toEqual([]);
    expect(r.problems.map((p) => [p.path, p.line])).toEqual([
      ['items.0.quantity', 'BRG-6204 x 2.5 @ 13'],
      ['items.0.quantity', '请同时报价 GSK-PTFE-50'],
    ]);
  });

  it('reads a lower-case code on a line with quantity and price, and reports a priced line without a code', () => {
    const r = read(
      'brg-6204 x 20 @ 13\n轴承 数量 20 单价 13\n数量较多，请尽快安排\nWe will pay the price soon',
    );
    expect(r.body.items).toEqual([{ sku: 'BRG-6204', quantity: 20, unitPrice: 1300 }]);
    expect(r.problems).toEqual([
      {
        path: 'items.1.sku',
        message: 'No product code (SKU)',
        messageZh: '缺少产品编号（货号）',
        line: '轴承 数量 20 单价 13',
      },
    ]);
  });

  it('does not take email addresses or English hyphenated words for product codes', () => {
    const r = read(
      'Email: ABC-123@example.com\nPlease reply to ABC-123@example.com or see www.X-1.example/PO-7.\nWe need a follow-up call, e-mail or self-pickup.',
    );
    expect(r.body.items).toEqual([]);
    expect(r.problems).toEqual([]);
  });
});

describe('mail noise (R-INTAKE-6)', () => {
  it('reads a forwarded, quoted order and ignores forward headers and signatures', () => {
    const r = read(
      [
        '麻烦处理一下这个订单。',
        '-- ',
        '销售部 刘洋',
        '电话：021-5555 0000',
        '',
        '> -----原始邮件-----',
        '> 发件人: 赵六 <zhao@kehu.example.cn>',
        '> 发送时间: 2026年11月26日 9:30',
        '> 收件人: orders@orderdesk.example.com',
        '> 主题: 采购订单',
        '>',
        '> 公司：苏州某某机械有限公司',
        '> 联系人：赵六',
        '> 手机：139 1234 5678',
        '> 地址：苏州工业园区星湖街328号',
        '> 交货日期：12月10日',
        '> > BRG-6204 x 100 @ 13',
        '> -- ',
        '> 赵六 采购部',
        '> 电话：0512-0000 0000',
      ].join('\n'),
      [],
      { address: 'liu@orderdesk.example.com', name: '刘洋' },
    );
    expect(r.problems).toEqual([]);
    expect(r.body.customer).toEqual({
      name: '赵六',
      company: '苏州某某机械有限公司',
      phone: '139 1234 5678',
      email: 'liu@orderdesk.example.com',
    });
    expect(r.body.delivery).toEqual({ address: '苏州工业园区星湖街328号', requestedDate: '2026-12-10' });
    expect(r.body.items).toEqual([{ sku: 'BRG-6204', quantity: 100, unitPrice: 1300 }]);
    expect(r.sources['customer.phone']).toBe('手机：139 1234 5678');
  });

  it('reads a Gmail-style forward and an English quoted reply', () => {
    const r = read(
      [
        'FYI',
        '',
        '---------- Forwarded message ---------',
        'From: Zhang San <zhang@cust.example.com>',
        'Date: Thu, Nov 26, 2026 at 10:00 AM',
        'Subject: PO-2026-118',
        'To: <orders@orderdesk.example.com>',
        '',
        'On Thu, Nov 26, 2026 at 9:00 AM Sales <s@x.com> wrote:',
        '> Customer: Ningbo Trading Co.',
        '> Address: 1 Harbour Rd, Ningbo',
        '> SKU-001 x 3 @ 9.90',
      ].join('\n'),
    );
    expect(r.problems).toEqual([]);
    expect(r.body.customer).toEqual({ name: 'Ningbo Trading Co.', company: 'Ningbo Trading Co.' });
    expect(r.body.delivery.address).toBe('1 Harbour Rd, Ningbo');
    expect(r.body.items).toEqual([{ sku: 'SKU-001', quantity: 3, unitPrice: 990 }]);
    expect(r.body.language).toBe('en');
  });

  it('reads text converted from HTML: non-breaking spaces, table cells, full-width digits, values kept as written', () => {
    const r = read(
      '客户名称：\u00a0上海某某电气（集团）有限公司\u00a0\r\n联系人：孙七\r\n\r\n货号\t数量\t单价\r\nVLV-DN50\t２０\t３２０.００\r\n| GSK-PTFE-50 | 100 | 2.5 |\r\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.body.customer).toEqual({ name: '孙七', company: '上海某某电气（集团）有限公司' });
    expect(r.body.items).toEqual([
      { sku: 'VLV-DN50', quantity: 20, unitPrice: 32000 },
      { sku: 'GSK-PTFE-50', quantity: 100, unitPrice: 250 },
    ]);
  });

  it('says zh-CN for a mail without labels in Chinese, en for one in English', () => {
    expect(read('请报价，谢谢').body.language).toBe('zh-CN');
    expect(read('联系人：张三\nSKU-001 x 1 @ 2\nSKU-002 x 1 @ 2\nITEM-3 x 1 @ 2').body.language).toBe(
      'zh-CN',
    );
    expect(read('Contact: Zhang\n货号：SKU-001，数量：1，单价：2').body.language).toBe('zh-CN');
    const english = { subject: 'Quote', text: 'Please quote, thanks', attachments: [] };
    expect(extractOrder(english, { today: TODAY }).body.language).toBe('en');
    expect(extractOrder({ ...english, subject: '询价' }, { today: TODAY }).body.language).toBe('zh-CN');
  });
});

const utf8Bom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
const csv = (filename: string, content: Uint8Array): MailAttachment => ({
  filename,
  contentType: 'text/csv',
  content,
});
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('attached order sheets (R-INTAKE-6)', () => {
  it('appends the items of a UTF-8 CSV with BOM to the items of the body', () => {
    const r = read('联系人：王五\nBRG-6204 x 1 @ 13', [
      csv(
        '订单.csv',
        utf8Bom(
          '产品编号,产品名称,规格,包装,数量,单价(元)\r\nBLT-M8X30,螺栓,M8×30,纸箱,"1,000",0.29\r\nMTR-Y2-1.5,电机,,,2,"1,234.56"\r\n',
        ),
      ),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.body.items).toEqual([
      { sku: 'BRG-6204', quantity: 1, unitPrice: 1300 },
      { sku: 'BLT-M8X30', quantity: 1000, unitPrice: 29, spec: 'M8×30', packaging: '纸箱' },
      { sku: 'MTR-Y2-1.5', quantity: 2, unitPrice: 123456 },
    ]);
    expect(r.sources['items.1']).toBe('BLT-M8X30, 螺栓, M8×30, 纸箱, 1,000, 0.29');
  });

  it('reads a GBK CSV as saved by Chinese Excel, with a title above the header and a total row', () => {
    const text =
      '采购订单,,\r\n订单日期：2026-11-27,,\r\n货号,数量,单价\r\nVLV-DN50,20,320\r\n,,\r\nGSK-PTFE-50,100件,￥2.50\r\n合计,120,\r\n';
    const r = read('', [csv('order.csv', new Uint8Array(iconv.encode(text, 'gbk')))]);
    expect(r.problems).toEqual([]);
    expect(r.body.items).toEqual([
      { sku: 'VLV-DN50', quantity: 20, unitPrice: 32000 },
      { sku: 'GSK-PTFE-50', quantity: 100, unitPrice: 250 },
    ]);
    expect(r.body.language).toBe('zh-CN');
  });

  it('reads an XLSX written by exceljs: header on row 3, a gap column, numbers, an empty and a total row', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Order');
    sheet.getCell('A1').value = 'Purchase order';
    sheet.addRow([]);
    sheet.addRow(['No.', 'SKU', 'Description', null, 'Qty', 'Unit Price (CNY)', 'Amount']);
    sheet.addRow([1, 'BRG-6204', 'Bearing', null, 200, 13, 2600]);
    sheet.addRow([]);
    sheet.addRow([2, 'BLT-M8X30', 'Bolt', null, 1000, 0.29, 290]);
    sheet.addRow([3, 'GSK-PTFE-50', 'Gasket', null, 'ten', 2.5]);
    sheet.addRow([4, 'VLV-DN50', 'Valve', null, 2, 12.345]);
    sheet.addRow([null, 'Total', null, null, 1200, null, { formula: 'SUM(G4:G6)', result: 2890 }]);
    const content = new Uint8Array(await book.xlsx.writeBuffer());
    const r = read('', [{ filename: 'po.xlsx', contentType: XLSX_TYPE, content }]);
    expect(r.body.items).toEqual([
      { sku: 'BRG-6204', quantity: 200, unitPrice: 1300 },
      { sku: 'BLT-M8X30', quantity: 1000, unitPrice: 29 },
    ]);
    expect(r.problems).toEqual([
      {
        path: 'items.2.quantity',
        message: 'po.xlsx, row 7: "ten" is not a quantity',
        messageZh: '附件 po.xlsx 第 7 行：“ten”不是有效的数量',
        line: '3, GSK-PTFE-50, Gasket, , ten, 2.5',
      },
      expect.objectContaining({ path: 'items.2.unitPrice', line: '4, VLV-DN50, Valve, , 2, 12.345' }),
    ]);
    expect(r.body.language).toBe('en');
  });

  it('skips template rows that only carry a row number or a zero amount, but reports a product without code', () => {
    const text =
      '序号,货号,品名,数量,单价,金额\r\n1,BRG-6204,轴承,10,13,130\r\n2,,,,,0\r\n3,,法兰球阀,2,320,640\r\n4,,,,,\r\n';
    const r = read('', [csv('template.csv', utf8Bom(text))]);
    expect(r.body.items).toEqual([{ sku: 'BRG-6204', quantity: 10, unitPrice: 1300 }]);
    expect(r.problems).toEqual([
      {
        path: 'items.1.sku',
        message: 'template.csv, row 4: No product code (SKU)',
        messageZh: '附件 template.csv 第 4 行：缺少产品编号（货号）',
        line: '3, , 法兰球阀, 2, 320, 640',
      },
    ]);
  });

  it('reports an unreadable or headerless sheet as an attachment problem and ignores PDFs and images', () => {
    const r = read('BRG-6204 x 1 @ 13', [
      {
        filename: 'broken.xlsx',
        contentType: XLSX_TYPE,
        content: new TextEncoder().encode('not a workbook'),
      },
      csv('notes.csv', utf8Bom('hello,world\r\n1,2\r\n')),
      csv('price.csv', utf8Bom('货号,数量\r\nBRG-6204,2\r\n')),
      {
        filename: 'drawing.pdf',
        contentType: 'application/pdf',
        content: new Uint8Array([0x25, 0x50, 0x44, 0x46]),
      },
      { filename: 'photo.jpg', contentType: 'image/jpeg', content: new Uint8Array([0xff, 0xd8]) },
    ]);
    expect(r.body.items).toEqual([{ sku: 'BRG-6204', quantity: 1, unitPrice: 1300 }]);
    expect(r.problems).toEqual([
      {
        path: 'attachment',
        message: 'broken.xlsx: Not an XLSX file (not a zip archive)',
        messageZh: '附件 broken.xlsx：不是 XLSX 文件（不是 zip 压缩包）',
      },
      expect.objectContaining({
        path: 'attachment',
        message: expect.stringMatching(/^notes\.csv: No header row/),
      }),
      expect.objectContaining({
        path: 'attachment',
        message: 'price.csv: The sheet has no unit price column',
      }),
    ]);
  });

  it('reads a CSV sent as application/vnd.ms-excel, and refuses an old .xls binary clearly', () => {
    const r = read('', [
      {
        filename: 'order.xls',
        contentType: 'application/vnd.ms-excel',
        content: utf8Bom('sku,qty,price\nBRG-6204,3,13\n'),
      },
      {
        filename: 'old.xls',
        contentType: 'application/vnd.ms-excel',
        content: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      },
    ]);
    expect(r.body.items).toEqual([{ sku: 'BRG-6204', quantity: 3, unitPrice: 1300 }]);
    expect(r.problems).toEqual([
      expect.objectContaining({ path: 'attachment', message: expect.stringContaining('.xls') }),
    ]);
  });
});

describe('labels without a colon (R-INTAKE-6)', () => {
  it('reads a Chinese label followed by a space, but not English words starting a sentence', () => {
    const r = read('联系人 张三\n电话 13800000000\nContact us for anything\n单位：件');
    expect(r.body.customer).toEqual({ name: '张三', phone: '13800000000' });
    expect(r.body.language).toBe('zh-CN');
    expect(r.problems).toEqual([]);
  });
});

describe('replies and HTML tables (R-INTAKE-6)', () => {
  it('reads only the items of a reply when the reply writes its own, not the quoted earlier mail', () => {
    const r = read(`交货日期：2026-12-10
BRG-6204 x 150 @ 13.00

在 2026年11月26日，订单台 写道：
> 您的订单缺少以下内容：交货日期
> BRG-6204 x 200 @ 13.00
> MTR-Y2-1.5 x 2 @ 1580.50`);
    expect(r.body.items).toEqual([{ sku: 'BRG-6204', quantity: 150, unitPrice: 1300 }]);
    expect(r.body.delivery.requestedDate).toBe('2026-12-10');
  });

  it('still reads a quoted order when the sender wrote no items of their own', () => {
    const r = read(`请处理下面这个订单，谢谢。

> 收货地址：上海市浦东新区张江路1号
> BRG-6204 x 200 @ 13.00`);
    expect(r.body.items).toEqual([{ sku: 'BRG-6204', quantity: 200, unitPrice: 1300 }]);
    expect(r.body.delivery.address).toBe('上海市浦东新区张江路1号');
  });
});
