/**
 * Email intake end to end (R-INTAKE-1, -3, -4, -6): real SMTP sends (nodemailer) to the local
 * intake server, the same handler SES invokes on AWS, dynalite and the SES emulator.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type Mail from 'nodemailer/lib/mailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { chineseOrderText, inboundOf as inboundOfMail, sendMail } from '../support/mail.ts';
import { inDays, startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
let ops: string;
beforeAll(async () => {
  sys = await startTestSystem();
  ops = await sys.login('ops');
});
afterAll(async () => {
  await sys?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: API answers, read loosely by the assertions
type Json = Record<string, any>;

let counter = 0;
/** A fresh sender and Message-ID per test, so tests never see each other's mail. */
const unique = (name: string) => {
  counter++;
  return {
    from: `${name}${counter}@customer${counter}.example`,
    messageId: `<${name}-${counter}-${Date.now()}@customer.example>`,
  };
};

/** The inbound item of a message, once the pipeline has dealt with it (test/support/mail.ts). */
const inboundOf = (messageId: string) => inboundOfMail(sys, ops, messageId);

const order = async (orderId: string): Promise<Json> =>
  (await (await sys.api(`/api/orders/${orderId}`, { token: ops })).json()) as Json;

/**
 * Mails `mail` (subject 订单 unless it says otherwise) from a fresh sender; its inbound item
 * must be registered. Answers the item and the order it became.
 */
async function registered(name: string, mail: Mail.Options): Promise<{ inbound: Json; placed: Json }> {
  const { from, messageId } = unique(name);
  await sendMail(sys, { from, subject: '订单', messageId, ...mail });
  const inbound = await inboundOf(messageId);
  expect(inbound['state']).toBe('registered');
  return { inbound, placed: await order(inbound['orderId']) };
}

const mailTo = async (address: string) =>
  (await sys.outbox()).filter((m) => m.to.includes(address)) as Json[];

const englishText = (date: string) =>
  [
    'Hello, please book the order below.',
    '',
    'Customer: Harbour Trading Ltd',
    'Contact: Ann Lee',
    'Phone: +86 139 0000 2222',
    'Delivery address: 88 Xinghu Street, Suzhou Industrial Park',
    `Delivery date: ${date}`,
    'Payment: bank transfer',
    '',
    'SKU-001 x 20 @ 12.50'.replace('SKU-001', 'BRG-6204'),
    'VLV-DN50 x 2 @ 260.00',
    '',
    'Best regards,',
    'Ann',
  ].join('\n');

/** The labelled lines of an order whose items come in an attached sheet. */
const headerOnlyText = (date: string) =>
  chineseOrderText(date, []).replace('请安排以下订单', '订单明细见附件');

describe('an emailed order that is complete is registered (R-INTAKE-1, R-INTAKE-6)', () => {
  it('reads a Chinese body, registers it with channel email and links the raw message', async () => {
    const { from, messageId } = unique('zh');
    const subject = '采购订单 PO-2026-001';
    await sendMail(sys, { from: `王磊 <${from}>`, subject, messageId, text: chineseOrderText(inDays(10)) });
    const inbound = await inboundOf(messageId);
    expect(inbound).toMatchObject({ state: 'registered', subject, from: { address: from, name: '王磊' } });
    const placed = await order(inbound['orderId']);
    expect(placed).toMatchObject({
      channel: 'email',
      customer: { name: '王磊', company: '苏州精工机械有限公司', phone: '13912345678', email: from },
      delivery: { requestedDate: inDays(10), address: expect.stringContaining('星湖街') },
      paymentMethod: 'bank_transfer',
      items: [expect.objectContaining({ sku: 'BRG-6204', quantity: 20, unitPrice: 1250 })],
      source: { inboundId: inbound['inboundId'], messageId, rawKey: inbound['rawKey'], subject },
    });
    expect(placed['history'][0]).toMatchObject({ actor: 'email-intake', reason: 'email' });

    const raw = await sys.api(`/api/inbound/${inbound['inboundId']}/raw`, { token: ops });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(await raw.text()).toContain(`Message-ID: ${messageId}`);
  });

  it('answers with the confirmation in the same thread: In-Reply-To, References, Re: subject (R-INTAKE-3)', async () => {
    const { from, messageId } = unique('thread');
    const earlier = '<earlier-1@customer.example>';
    await sendMail(sys, {
      from,
      subject: '订单',
      messageId,
      references: [earlier],
      text: chineseOrderText(inDays(9)),
    });
    const inbound = await inboundOf(messageId);
    const [confirmation] = await eventually(async () => {
      const mails = await mailTo(from);
      return mails.length > 0 && mails;
    });
    expect(confirmation!['subject']).toBe('Re: 订单');
    expect(confirmation!['headers']).toMatchObject({
      'In-Reply-To': messageId,
      References: `${earlier} ${messageId}`,
    });
    expect(confirmation!['text']).toContain(inbound['orderNumber']);
  });

  it('reads an English body with several items', async () => {
    const { placed } = await registered('en', { subject: 'Purchase order', text: englishText(inDays(12)) });
    expect(placed['language']).toBe('en');
    expect(placed['items']).toEqual([
      expect.objectContaining({ sku: 'BRG-6204', quantity: 20, unitPrice: 1250 }),
      expect.objectContaining({ sku: 'VLV-DN50', quantity: 2, unitPrice: 26000 }),
    ]);
    expect(placed['totalAmount']).toBe(20 * 1250 + 2 * 26000);
  });

  it('reads an HTML-only mail', async () => {
    const html = `<html><body>${chineseOrderText(inDays(8))
      .split('\n')
      .map((l) => `<p>${l}</p>`)
      .join('')}</body></html>`;
    const { placed } = await registered('html', { subject: '订单（HTML）', html });
    expect(placed['items']).toEqual([expect.objectContaining({ sku: 'BRG-6204', quantity: 20 })]);
  });

  it('reads an order forwarded inline and one forwarded as an attached message', async () => {
    const inline = unique('fwd');
    const forwarded = [
      '请处理客户的订单，谢谢。',
      '',
      '---------- Forwarded message ---------',
      'From: 王磊 <wang@jinggong.example>',
      'Subject: 订单',
      '',
      chineseOrderText(inDays(11)),
    ].join('\n');
    await sendMail(sys, {
      from: inline.from,
      subject: 'Fwd: 订单',
      messageId: inline.messageId,
      text: forwarded,
    });
    expect((await inboundOf(inline.messageId))['state']).toBe('registered');

    const innerMessage = [
      'From: wang@jinggong.example',
      `To: ${sys.intakeAddress}`,
      'Subject: =?UTF-8?B?6K6i5Y2V?=',
      'Message-ID: <inner-1@jinggong.example>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      chineseOrderText(inDays(11)),
    ].join('\r\n');
    const { placed } = await registered('fwdatt', {
      subject: 'Fwd: 订单',
      text: '转发客户订单。',
      attachments: [{ filename: 'order.eml', contentType: 'message/rfc822', content: innerMessage }],
    });
    expect(placed['items']).toEqual([expect.objectContaining({ sku: 'BRG-6204', quantity: 20 })]);
  });
});

describe('order sheets attached to the mail', () => {
  const rows = [
    ['产品编号', '名称', '规格', '包装', '数量', '单价'],
    ['BRG-6204', '深沟球轴承', '6204-2RS', '纸箱', '100', '12.50'],
    ['GSK-PTFE-50', '聚四氟乙烯垫片', 'DN50', '袋装', '40', '4.50'],
  ];
  const csv = rows.map((r) => r.join(',')).join('\r\n');
  /** The items of the order a mail with only labelled lines and `attachment` became. */
  const sheetOrder = async (name: string, attachment: Mail.Attachment): Promise<Json> =>
    (await registered(name, { text: headerOnlyText(inDays(10)), attachments: [attachment] })).placed;
  const expectItems = (placed: Json) =>
    expect(placed['items']).toEqual([
      expect.objectContaining({ sku: 'BRG-6204', quantity: 100, unitPrice: 1250, packaging: '纸箱' }),
      expect.objectContaining({ sku: 'GSK-PTFE-50', quantity: 40, unitPrice: 450 }),
    ]);

  it('reads a UTF-8 CSV', async () => {
    expectItems(
      await sheetOrder('csv', {
        filename: '订单.csv',
        contentType: 'text/csv; charset=utf-8',
        content: Buffer.from(csv),
      }),
    );
  });

  it('reads a GBK CSV as Chinese Excel exports it', async () => {
    expectItems(
      await sheetOrder('gbk', {
        filename: 'order.csv',
        contentType: 'application/vnd.ms-excel',
        content: iconv.encode(csv, 'gbk'),
      }),
    );
  });

  it('reads an XLSX order sheet', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('订单');
    for (const row of rows) sheet.addRow(row.map((c, i) => (i >= 4 && /^\d/.test(c) ? Number(c) : c)));
    const content = Buffer.from(await book.xlsx.writeBuffer());
    expectItems(
      await sheetOrder('xlsx', {
        filename: '订单.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        content,
      }),
    );
  });
});

describe('an incomplete or unreadable order is kept for staff and answered (R-INTAKE-6)', () => {
  it('registers nothing and replies in the thread with what is missing, quoting the lines', async () => {
    const { from, messageId } = unique('missing');
    const text = ['客户：宁波港机配件厂', '交货日期：下个月', 'BRG-6204 x 20 @ 12.50'].join('\n');
    await sendMail(sys, { from, subject: '急单', messageId, text });
    const inbound = await inboundOf(messageId);
    expect(inbound['state']).toBe('attention');
    expect(inbound['orderId']).toBeUndefined();
    const paths = (inbound['problems'] as Json[]).map((p) => p['path']);
    expect(paths).toEqual(
      expect.arrayContaining(['delivery.address', 'delivery.requestedDate', 'paymentMethod']),
    );
    const [reply] = await mailTo(from);
    expect(reply!['subject']).toBe('Re: 急单');
    expect(reply!['headers']).toMatchObject({ 'In-Reply-To': messageId, References: messageId });
    const textBody = String(reply!['text']);
    expect(textBody.indexOf('收货地址')).toBeGreaterThan(-1);
    expect(textBody.indexOf('付款方式')).toBeGreaterThan(-1);
    expect(textBody).toContain('交货日期：下个月');
    expect(textBody.indexOf('您好')).toBeLessThan(textBody.indexOf('Hello'));
    expect(textBody).toContain('Delivery address');
    expect(inbound['draft']).toMatchObject({ customer: expect.objectContaining({ email: from }) });
  });

  it('names an unknown SKU and registers nothing', async () => {
    const { from, messageId } = unique('sku');
    await sendMail(sys, {
      from,
      subject: '订单',
      messageId,
      text: chineseOrderText(inDays(10), ['NOPE-404 x 5 @ 10.00']),
    });
    const inbound = await inboundOf(messageId);
    expect(inbound['state']).toBe('attention');
    expect(inbound['problems']).toEqual([
      expect.objectContaining({ path: 'items.0.sku', messageZh: expect.stringContaining('NOPE-404') }),
    ]);
    const [reply] = await mailTo(from);
    expect(reply!['text']).toContain('未知的产品编号 NOPE-404');
    expect(reply!['text']).toContain('NOPE-404 x 5 @ 10.00');
  });
});

describe('the same message twice is one order (R-INTAKE-4)', () => {
  it('registers a duplicate Message-ID once and records the second delivery', async () => {
    const { from, messageId } = unique('dup');
    const mail = { from, subject: '订单', messageId, text: chineseOrderText(inDays(10)) };
    await sendMail(sys, mail);
    const first = await inboundOf(messageId);
    await sendMail(sys, mail);
    const again = await inboundOf(messageId);
    expect(again['orderId']).toBe(first['orderId']);
    expect((again['actions'] as Json[]).map((a) => a['action'])).toEqual([
      'received',
      'registered',
      'duplicate',
    ]);
    const confirmations = await mailTo(from);
    expect(confirmations).toHaveLength(1);
  });
});

describe('quarantine: kept, listed, no reply, never read into an order', () => {
  it('quarantines a message over 10 MB', async () => {
    const { from, messageId } = unique('big');
    const content = Buffer.alloc(11 * 1024 * 1024, 'a');
    await sendMail(sys, {
      from,
      subject: '大附件',
      messageId,
      text: chineseOrderText(inDays(10)),
      attachments: [{ filename: 'big.csv', contentType: 'text/csv', content }],
    });
    const inbound = await inboundOf(messageId);
    expect(inbound['state']).toBe('quarantined');
    expect(inbound['quarantineReasons']).toEqual([expect.stringMatching(/^too-large:/)]);
    expect(inbound['orderId']).toBeUndefined();
    expect(await mailTo(from)).toEqual([]);
  });

  it('quarantines an attachment that is not CSV/XLSX/PDF/image, and a blocked sender', async () => {
    const exe = unique('exe');
    await sendMail(sys, {
      from: exe.from,
      subject: '订单',
      messageId: exe.messageId,
      text: chineseOrderText(inDays(10)),
      attachments: [{ filename: 'invoice.exe', contentType: 'application/octet-stream', content: 'MZ' }],
    });
    expect(await inboundOf(exe.messageId)).toMatchObject({
      state: 'quarantined',
      quarantineReasons: [expect.stringContaining('invoice.exe')],
    });

    process.env['INBOUND_BLOCKLIST'] = '@blocked.example';
    try {
      const messageId = '<blocked-1@blocked.example>';
      await sendMail(sys, {
        from: 'spammer@blocked.example',
        subject: '订单',
        messageId,
        text: chineseOrderText(inDays(10)),
      });
      expect(await inboundOf(messageId)).toMatchObject({
        state: 'quarantined',
        quarantineReasons: ['blocked-sender'],
      });
      expect(await mailTo('spammer@blocked.example')).toEqual([]);

      // A harmless From does not hide a blocked envelope sender (SMTP MAIL FROM / SES mail.source).
      const hidden = '<blocked-2@customer.example>';
      await sendMail(sys, {
        from: 'buyer-hidden@customer.example',
        envelope: { from: 'bounce@blocked.example', to: [sys.intakeAddress] },
        subject: '订单',
        messageId: hidden,
        text: chineseOrderText(inDays(10)),
      });
      expect(await inboundOf(hidden)).toMatchObject({
        state: 'quarantined',
        quarantineReasons: ['blocked-envelope-sender'],
      });
      expect(await mailTo('buyer-hidden@customer.example')).toEqual([]);
    } finally {
      delete process.env['INBOUND_BLOCKLIST'];
    }
  });

  it('quarantines a message SES marks as a virus (fake verdict event to the same handler)', async () => {
    const { writeFile, mkdir } = await import('node:fs/promises');
    const { dirname } = await import('node:path');
    const { localRawPath } = await import('#shared/adapters/raw-message-store.ts');
    const { sesEvent } = await import('#local/smtp.ts');
    const { handler } = await import('#functions/receive-email/handler.ts');
    const sesId = `virus${Date.now()}`;
    const messageId = `<virus-${Date.now()}@customer.example>`;
    const raw = [
      'From: infected@customer.example',
      `To: ${sys.intakeAddress}`,
      'Subject: order',
      `Message-ID: ${messageId}`,
      '',
      chineseOrderText(inDays(10)),
    ].join('\r\n');
    const path = localRawPath(sys.environment['INBOUND_DIR']!, `inbound/${sesId}`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, raw);
    const event = sesEvent(sesId, 'infected@customer.example', [sys.intakeAddress], new Date()) as Json;
    event['Records'][0].ses.receipt.virusVerdict = { status: 'FAIL' };
    const [result] = await sys.run(() => handler(event as never));
    expect(result).toMatchObject({ state: 'quarantined' });
    const inbound = await inboundOf(messageId);
    expect(inbound['quarantineReasons']).toEqual(['virus-fail']);
    expect(inbound['text']).toBe('');
    expect(await mailTo('infected@customer.example')).toEqual([]);
  });

  it('refuses mail for any other recipient with 550', async () => {
    await expect(
      sendMail(
        { smtpPort: sys.smtpPort, intakeAddress: 'someone-else@example.com' },
        {
          from: 'a@customer.example',
          subject: 'x',
          text: 'x',
        },
      ),
    ).rejects.toThrow(/550/);
  });
});

describe('staff work the attention list (R-INTAKE-6, R-SEC-2)', () => {
  const incomplete = async () => {
    const { from, messageId } = unique('staff');
    await sendMail(sys, { from, subject: '订单', messageId, text: 'BRG-6204 x 20 @ 12.50' });
    const inbound = await inboundOf(messageId);
    expect(inbound['state']).toBe('attention');
    return { from, messageId, inbound };
  };

  it('registers the corrected order by hand: validated field by field, channel email, linked', async () => {
    const { from, messageId, inbound } = await incomplete();
    const id = inbound['inboundId'];
    const bad = await sys.api(`/api/inbound/${id}/register`, {
      token: ops,
      json: { customer: { name: '' }, items: [], paymentMethod: 'cheque', delivery: {} },
    });
    expect(bad.status).toBe(400);
    const issues = ((await bad.json()) as Json)['issues'] as Json[];
    expect(issues.map((i) => i['path'])).toEqual(
      expect.arrayContaining(['customer.name', 'items', 'paymentMethod', 'delivery.address']),
    );

    const body = {
      customer: { name: '王磊', email: from },
      items: [{ sku: 'BRG-6204', quantity: 20, unitPrice: 1250 }],
      paymentMethod: 'bank_transfer',
      delivery: { address: '苏州工业园区星湖街 88 号', requestedDate: inDays(10) },
    };
    const res = await sys.api(`/api/inbound/${id}/register`, { token: ops, json: body });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Json;
    const placed = await order(created['orderId']);
    expect(placed).toMatchObject({ channel: 'email', source: { inboundId: id, messageId } });
    expect(placed['history'][0]).toMatchObject({ actor: 'ops@example.com' });
    const after = await inboundOf(messageId);
    expect(after).toMatchObject({
      state: 'registered',
      orderId: created['orderId'],
      newCustomerKey: `email:${from}`,
    });
    expect((after['actions'] as Json[]).at(-1)).toMatchObject({
      actor: 'ops@example.com',
      action: 'registered',
    });

    const again = await sys.api(`/api/inbound/${id}/register`, { token: ops, json: body });
    expect(again.status).toBe(409);
    const confirmation = (await mailTo(from)).find((m) => String(m['text']).includes(created['orderNumber']));
    expect(confirmation?.['headers']).toMatchObject({ 'In-Reply-To': messageId });
  });

  it('confirms the customer an unknown sender became, once', async () => {
    const { from, messageId } = unique('newcust');
    await sendMail(sys, { from, subject: '订单', messageId, text: chineseOrderText(inDays(10)) });
    const inbound = await inboundOf(messageId);
    expect(inbound).toMatchObject({ state: 'registered', newCustomerKey: `email:${from}` });
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { DynamoDBDocumentClient, GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: sys.dynamoEndpoint }));
    const profile = async () =>
      (
        await db.send(
          new GetCommand({ TableName: sys.tableName, Key: { pk: `CUSTOMER#email:${from}`, sk: 'PROFILE' } }),
        )
      ).Item;
    expect(await profile()).toMatchObject({ pendingConfirmation: true, source: 'email', name: '王磊' });

    const path = `/api/inbound/${inbound['inboundId']}/confirm-customer`;
    const first = await sys.api(path, { method: 'POST', token: ops });
    expect(await first.json()).toEqual({ customerKey: `email:${from}`, outcome: 'confirmed' });
    const again = await sys.api(path, { method: 'POST', token: ops });
    expect(await again.json()).toMatchObject({ outcome: 'already-confirmed' });
    const stored = await profile();
    expect(stored?.['pendingConfirmation']).toBeUndefined();
    expect(stored).toMatchObject({ confirmedBy: 'ops@example.com' });
    const after = await inboundOf(messageId);
    expect((after['actions'] as Json[]).filter((a) => a['action'] === 'customer-confirmed')).toHaveLength(1);
    db.destroy();

    // A known customer (seeded) creates none, so there is nothing to confirm.
    const known = unique('known');
    await sendMail(sys, {
      from: 'purchasing@huaxin-machinery.example',
      subject: '订单',
      messageId: known.messageId,
      text: chineseOrderText(inDays(10)).replace('联系人：王磊\n', ''),
    });
    const knownItem = await inboundOf(known.messageId);
    expect(knownItem['newCustomerKey']).toBeUndefined();
    const none = await sys.api(`/api/inbound/${knownItem['inboundId']}/confirm-customer`, {
      method: 'POST',
      token: ops,
    });
    expect(none.status).toBe(409);
  });

  it('dismisses with a reason, recorded with who and when, and lists it under dismissed', async () => {
    const { messageId, inbound } = await incomplete();
    const id = inbound['inboundId'];
    const noReason = await sys.api(`/api/inbound/${id}/dismiss`, { token: ops, json: {} });
    expect(noReason.status).toBe(400);
    const res = await sys.api(`/api/inbound/${id}/dismiss`, {
      token: ops,
      json: { reason: '客户已电话下单' },
    });
    expect(res.status).toBe(200);
    const after = await inboundOf(messageId);
    expect(after).toMatchObject({
      state: 'dismissed',
      dismissal: { reason: '客户已电话下单', by: 'ops@example.com' },
    });
    const attention = (await (await sys.api('/api/inbound?state=attention', { token: ops })).json()) as Json;
    expect((attention['items'] as Json[]).map((i) => i['inboundId'])).not.toContain(id);
    const dismissed = (await (await sys.api('/api/inbound?state=dismissed', { token: ops })).json()) as Json;
    expect((dismissed['items'] as Json[]).map((i) => i['inboundId'])).toContain(id);
  });

  it('lists newest first, a page at a time', async () => {
    await incomplete();
    await incomplete();
    const first = (await (
      await sys.api('/api/inbound?state=attention&limit=1', { token: ops })
    ).json()) as Json;
    expect(first['items']).toHaveLength(1);
    expect(first['nextCursor']).toBeTruthy();
    const second = (await (
      await sys.api(`/api/inbound?state=attention&limit=1&cursor=${first['nextCursor']}`, { token: ops })
    ).json()) as Json;
    expect(second['items'][0]['receivedAt'] <= first['items'][0]['receivedAt']).toBe(true);
    expect(second['items'][0]['inboundId']).not.toBe(first['items'][0]['inboundId']);
  });

  it('keeps the lists to the staff roles that handle intake', async () => {
    const production = await sys.login('production');
    expect((await sys.api('/api/inbound', { token: production })).status).toBe(403);
    expect((await sys.api('/api/inbound')).status).toBe(401);
    const sales = await sys.login('sales');
    expect((await sys.api('/api/inbound?state=attention', { token: sales })).status).toBe(200);
    const bad = await sys.api('/api/inbound?state=lost', { token: sales });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json)['issues'][0]['path']).toBe('state');
  });
});
