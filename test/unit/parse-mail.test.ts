/**
 * The MIME side of an emailed order (R-INTAKE-6): an HTML-only mail whose order is an HTML
 * table reads as table rows, so its items are understood.
 */
import { describe, expect, it } from 'vitest';
import { extractOrder } from '#shared/email/extract-order.ts';
import { parseMail } from '#shared/email/parse-mail.ts';

const raw = [
  'From: Buyer <buyer@example.cn>',
  'To: orders@example.com',
  'Subject: =?UTF-8?B?6K6i5Y2V?=',
  'Message-ID: <table-1@example.cn>',
  'MIME-Version: 1.0',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>收货地址：上海市浦东新区张江路1号 &amp; 仓库&#65306;B&#x53F7;</p>',
  '<table><tr><th>产品编号</th><th>数量</th><th>单价</th></tr>',
  '<tr><td>BRG-6204</td><td>200</td><td>13.00</td></tr>',
  '<tr><td>VLV-DN50</td><td>3</td><td>250</td></tr></table>',
  '',
].join('\r\n');

describe('parseMail', () => {
  it('keeps the cells of an HTML table apart, so its rows read as items (R-INTAKE-6)', async () => {
    const mail = await parseMail(Buffer.from(raw));
    expect(mail.text).toContain('BRG-6204\t200\t13.00');
    expect(mail.text).toContain('张江路1号 & 仓库：B号');
    const order = extractOrder(mail, { today: '2026-11-27' });
    expect(order.body.items).toEqual([
      { sku: 'BRG-6204', quantity: 200, unitPrice: 1300 },
      { sku: 'VLV-DN50', quantity: 3, unitPrice: 25000 },
    ]);
  });
});
