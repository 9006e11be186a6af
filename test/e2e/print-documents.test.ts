/**
 * The documents people print (R-PROC-7): the order confirmation (销售订单确认书) and a shipment's
 * delivery note (送货单), each printed to PDF by Chromium on A4 and read back with pdftotext:
 * the company header, the lines, the total and the total in Chinese capital numerals.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { browserSuite, signedInPage } from '../support/browser-suite.ts';
import { approvedOrder } from '../support/order-life.ts';

const suite = browserSuite({ background: false });
let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number; a4: boolean }> {
  dir ??= await mkdtemp(join(tmpdir(), 'orderdesk-pdf-'));
  const file = join(dir, `${Date.now()}.pdf`);
  await writeFile(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  const a4 = /Page size:\s+595(\.\d+)? x 841(\.\d+)? pts \(A4\)|Page size:\s+595(\.\d+)? x 842/.test(info);
  return { text, pages, a4 };
}

describe('printed documents', () => {
  it('prints the order confirmation and a delivery note with the amount in capital numerals', async () => {
    const { sys } = suite;
    const { orderId, orderNumber } = await approvedOrder(sys);
    const logistics = await sys.login('logistics');
    const res = await sys.api(`/api/orders/${orderId}/shipments`, {
      token: logistics,
      json: { carrier: '顺丰速运', trackingNumber: 'SF7788', lines: [{ sku: 'VLV-DN50', quantity: 1 }] },
    });
    expect(res.status).toBe(201);

    const page = await signedInPage(
      suite,
      `/staff/print.html?id=${orderId}&doc=confirmation`,
      'sales@example.com',
    );
    await page.locator('#doc[data-ready="true"]').waitFor();
    expect(await page.locator('#amount-words').textContent()).toBe('人民币陆佰肆拾伍元整');
    const confirmation = await pdfText(await page.pdf({ format: 'A4', printBackground: true }));
    expect(confirmation.a4).toBe(true);
    expect(confirmation.pages).toBe(1);
    for (const text of [
      '销售订单确认书',
      'Sales Order Confirmation',
      '示例机电设备有限公司',
      orderNumber,
      'BRG-6204',
      '645.00',
      '陆佰肆拾伍元整',
      '客户确认',
    ]) {
      expect(confirmation.text).toContain(text);
    }

    await page.goto(`${sys.baseUrl}/staff/print.html?id=${orderId}&doc=delivery&shipment=S1`);
    await page.locator('#doc[data-ready="true"]').waitFor();
    const note = await pdfText(await page.pdf({ format: 'A4', printBackground: true }));
    for (const text of [
      '送货单',
      'Delivery Note',
      `${orderNumber}-S1`,
      '顺丰速运',
      'SF7788',
      'VLV-DN50',
      '贰佰陆拾元整',
      '收货人签收',
    ]) {
      expect(note.text).toContain(text);
    }
    expect(note.text).not.toContain('BRG-6204');

    // The order page links to both.
    await page.goto(`${sys.baseUrl}/staff/order.html?id=${orderId}`);
    await expect.poll(() => page.locator('#print-links a').count()).toBe(2);
    expect(await page.locator('#print-links a').nth(1).getAttribute('href')).toContain(
      'doc=delivery&shipment=S1',
    );
  });

  it('says so when the shipment does not exist', async () => {
    const { sys } = suite;
    const { orderId } = await approvedOrder(sys);
    const page = await signedInPage(
      suite,
      `/staff/print.html?id=${orderId}&doc=delivery&shipment=S9`,
      'ops@example.com',
    );
    await expect.poll(() => page.locator('#print-error').textContent()).toContain('没有这次发货');
  });
});
