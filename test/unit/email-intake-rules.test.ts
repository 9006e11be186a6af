import { describe, expect, it } from 'vitest';
import {
  attachmentAllowed,
  blocked,
  MAX_MESSAGE_BYTES,
  quarantineReasons,
} from '#shared/email/quarantine.ts';
import type { InboundMessage } from '#shared/entities/inbound-entity.ts';
import { inboundProblemReply } from '#shared/notifications/inbound-reply.ts';
import { replySubject, threadHeaders } from '#shared/notifications/order-confirmation.ts';
import { problemFromIssue } from '#shared/use-cases/email-order.ts';

const PASS = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };

describe('quarantine rules (R-INTAKE-6)', () => {
  it('lets order sheets, PDFs and pictures through and stops everything else', () => {
    expect(attachmentAllowed({ filename: '订单.csv', contentType: 'text/csv' })).toBe(true);
    expect(attachmentAllowed({ filename: 'order.csv', contentType: 'application/vnd.ms-excel' })).toBe(true);
    expect(attachmentAllowed({ filename: 'o.xlsx', contentType: 'application/octet-stream' })).toBe(true);
    expect(attachmentAllowed({ filename: 'scan.pdf', contentType: 'application/pdf' })).toBe(true);
    expect(attachmentAllowed({ filename: 'photo.jpg', contentType: 'image/jpeg' })).toBe(true);
    expect(attachmentAllowed({ filename: 'invoice.exe', contentType: 'application/octet-stream' })).toBe(
      false,
    );
    expect(attachmentAllowed({ filename: 'invoice.exe', contentType: 'image/png' })).toBe(false);
    expect(attachmentAllowed({ filename: 'macro.xlsm', contentType: 'application/vnd.ms-excel' })).toBe(
      false,
    );
    expect(attachmentAllowed({ filename: 'archive.zip', contentType: 'application/zip' })).toBe(false);
  });

  it('blocks an address or a whole domain, case-insensitively', () => {
    const list = ['spam@bad.example', '@worse.example'];
    expect(blocked('Spam@Bad.example', list)).toBe(true);
    expect(blocked('anyone@worse.example', list)).toBe(true);
    expect(blocked('anyone@notworse.example', list)).toBe(false);
    expect(blocked('other@bad.example', list)).toBe(false);
  });

  it('names every reason: size, each failed verdict, sender, attachment', () => {
    expect(quarantineReasons({ size: 100, verdicts: PASS, sender: 'a@b.example', blocklist: [] })).toEqual(
      [],
    );
    expect(
      quarantineReasons({
        size: MAX_MESSAGE_BYTES + 1,
        verdicts: { ...PASS, virus: 'FAIL', dmarc: 'fail', spam: 'GRAY' },
        sender: 'a@b.example',
        attachments: [{ filename: 'x.js', contentType: 'text/javascript' }],
        blocklist: ['@b.example'],
      }),
    ).toEqual([
      `too-large:${MAX_MESSAGE_BYTES + 1}`,
      'virus-fail',
      'dmarc-fail',
      'blocked-sender',
      'attachment-type:text/javascript:x.js',
    ]);
  });
});

describe('replies in the thread (R-INTAKE-3, R-INTAKE-6)', () => {
  it('prefixes Re: once and chains References', () => {
    expect(replySubject('订单')).toBe('Re: 订单');
    expect(replySubject('RE: 订单')).toBe('RE: 订单');
    expect(replySubject('回复：订单')).toBe('回复：订单');
    expect(threadHeaders({ messageId: '<c@x>', references: ['<a@x>', '<b@x>'] })).toEqual({
      'In-Reply-To': '<c@x>',
      References: '<a@x> <b@x> <c@x>',
    });
  });

  it('lists each problem in Chinese then English, quoting the line', () => {
    const message = {
      from: { address: 'buyer@customer.example' },
      subject: '订单',
      messageId: '<m@customer.example>',
      references: [],
    } as unknown as InboundMessage;
    const reply = inboundProblemReply(message, [
      {
        path: 'delivery.requestedDate',
        message: 'Not a date',
        messageZh: '不是有效的日期',
        line: '交货日期：下月',
      },
      { path: 'items.1.quantity', message: 'Required', messageZh: '缺少此项' },
    ]);
    expect(reply.to).toEqual(['buyer@customer.example']);
    expect(reply.headers).toEqual({
      'In-Reply-To': '<m@customer.example>',
      References: '<m@customer.example>',
    });
    expect(reply.text).toContain('- 交货日期：不是有效的日期（原文：“交货日期：下月”）');
    expect(reply.text).toContain('- Requested delivery date: Not a date (you wrote: "交货日期：下月")');
    expect(reply.text).toContain('- 第 2 行 数量：缺少此项');
    expect(reply.text).toContain('- Item 2 quantity: Required');
    expect(reply.text.indexOf('您好')).toBeLessThan(reply.text.indexOf('Hello'));
  });

  it('turns validation issues into Chinese and quotes the nearest source line', () => {
    const sources = { 'items.0': 'NOPE x 1 @ 1', 'delivery.address': '地址：某处' };
    expect(problemFromIssue({ path: 'items.0.sku', message: 'Unknown SKU NOPE' }, sources)).toEqual({
      path: 'items.0.sku',
      message: 'Unknown SKU NOPE',
      messageZh: '未知的产品编号 NOPE',
      line: 'NOPE x 1 @ 1',
    });
    expect(problemFromIssue({ path: 'paymentMethod', message: 'Invalid option' }, sources)).toEqual({
      path: 'paymentMethod',
      message: 'Invalid option',
      messageZh: '内容有误（Invalid option）',
    });
  });
});
