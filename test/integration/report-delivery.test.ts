/**
 * Scheduled report delivery on the real local system (R-REPORT-1): dynalite, the SES emulator,
 * the local issuer as staff directory, the croner scheduler's runs with retries and alert.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOnEveryRobot, robotMessages } from '../support/robots.ts';
import { orderBody, startTestSystem, type TestSystem } from '../support/system.ts';

interface OutboxEmail {
  channel: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; contentType: string; size: number; content?: string }[];
}

let system: TestSystem;
const ORDERS = 3;

beforeAll(async () => {
  system = await startTestSystem({
    reports: {
      // daily: today's figures to gm and finance and one outside address;
      // weekly: nobody to send to, so every attempt fails.
      schedules: JSON.stringify({
        daily: { period: 'today', roles: ['gm', 'finance'], addresses: ['boss@partner.example'] },
        weekly: { roles: [], addresses: [] },
      }),
      attempts: 3,
      retryDelayMs: 5,
    },
  });
  for (let i = 0; i < ORDERS; i++) {
    const res = await system.api('/api/orders', { json: orderBody() });
    expect(res.status).toBe(201);
  }
  await system.drain();
});
afterAll(async () => {
  await system?.close();
});

const outbox = async () => (await system.outbox()) as unknown as OutboxEmail[];
const reportEmails = async (prefix: string) => (await outbox()).filter((m) => m.subject.startsWith(prefix));

describe('scheduled report delivery (R-REPORT-1)', () => {
  it('creates one croner job per schedule, in the schedule time zone', () => {
    const jobs = system.reports.jobs();
    expect(jobs.map((j) => [j.function, j.schedule, j.cron, j.timezone])).toEqual([
      ['billing', 'monthly-statements', '0 9 1 * *', 'Asia/Shanghai'],
      ['quotations', 'quotation-expiry', '0 8 * * *', 'Asia/Shanghai'],
      ['send-report', 'daily', '30 8 * * *', 'Asia/Shanghai'],
      ['send-report', 'weekly', '0 9 * * 1', 'Asia/Shanghai'],
    ]);
    // 08:30 in Shanghai is 00:30 UTC.
    expect(jobs.find((j) => j.schedule === 'daily')!.nextRun!.toISOString()).toMatch(/T00:30:00\.000Z$/);
  });

  it('sends once per schedule and period: a re-run sends nothing', async () => {
    const first = await system.reports.runNow('daily');
    expect(first).toMatchObject({ ok: true, attempts: 1, result: { outcome: 'sent', recipients: 3 } });
    const again = await system.reports.runNow('daily');
    expect(again).toMatchObject({ ok: true, result: { outcome: 'already-sent' } });
    // Two emails of one run: gm and finance with the receivables, the outside address without
    // them (R-SEC-2); a re-run adds none.
    expect(await reportEmails('每日订单报表 20')).toHaveLength(2);
  });

  it('lets only one of two simultaneous runs of a period send', async () => {
    const period = '2026-01-05..2026-01-05';
    const runs = await Promise.all([
      system.reports.runNow('daily', period),
      system.reports.runNow('daily', period),
    ]);
    // The other one found the claim (a conflict, retried) or, later, the sent run.
    const outcomes = runs.map((r) =>
      r.ok ? (r.result as { outcome: string }).outcome : r.error!.replace(/:.*/, ''),
    );
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'sent')[0]).toMatch(/^(already-sent|ConflictError)$/);
    expect(await reportEmails('每日订单报表 2026-01-05')).toHaveLength(2);
  });

  it('takes over the claim of a crashed run once it is stale, but not a fresh one', async () => {
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: system.dynamoEndpoint }));
    const claim = (day: string, claimedAt: string) =>
      db.send(
        new PutCommand({
          TableName: system.tableName,
          Item: {
            pk: 'REPORT#daily',
            sk: `RUN#${day}..${day}`,
            entity: 'report-run',
            status: 'claimed',
            claimToken: 'crashed-run',
            claimedAt,
            attempts: 1,
          },
        }),
      );
    await claim('2026-01-06', new Date(Date.now() - 60 * 60_000).toISOString());
    const stale = await system.reports.runNow('daily', '2026-01-06..2026-01-06');
    expect(stale).toMatchObject({ ok: true, result: { outcome: 'sent' } });
    const run = await db.send(
      new GetCommand({
        TableName: system.tableName,
        Key: { pk: 'REPORT#daily', sk: 'RUN#2026-01-06..2026-01-06' },
      }),
    );
    expect(run.Item).toMatchObject({ status: 'sent', attempts: 2, recipients: 3 });

    await claim('2026-01-07', new Date().toISOString());
    const fresh = await system.reports.runNow('daily', '2026-01-07..2026-01-07');
    expect(fresh).toMatchObject({ ok: false, attempts: 3 });
    expect(fresh.error).toMatch(/^ConflictError/);
    expect(await reportEmails('每日订单报表 2026-01-07')).toHaveLength(0);
    db.destroy();
  });

  it('resolves role recipients through the staff directory and adds the configured addresses; balances only to staff who may see them (R-SEC-2)', async () => {
    const [withBalances, without] = await reportEmails('每日订单报表');
    expect(withBalances!.to.sort()).toEqual(['finance@example.com', 'gm@example.com']);
    expect(withBalances!.text).toContain('应收账款 Receivables');
    expect(without!.to).toEqual(['boss@partner.example']);
    expect(without!.text).not.toContain('应收账款');
  });

  it('attaches a readable CSV (UTF-8 with BOM) and XLSX with the figures', async () => {
    const [email] = await reportEmails('每日订单报表');
    const csv = email!.attachments.find((a) => a.filename.endsWith('.csv'))!;
    const xlsx = email!.attachments.find((a) => a.filename.endsWith('.xlsx'))!;
    expect(csv.contentType).toContain('text/csv');
    const csvBytes = Buffer.from(csv.content!, 'base64');
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvText = csvBytes.toString('utf8');
    expect(csvText).toContain(`订单数 Orders,${ORDERS},`);
    expect(csvText).toContain('测试有限公司');
    expect(csvText).not.toContain('buyer@customer.example');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.content!, 'base64') as never);
    expect(workbook.worksheets.map((w) => w.name)).toContain('渠道 Channel');
    const channel = workbook.getWorksheet('渠道 Channel')!;
    expect(channel.getCell('A2').value).toBe('网站 Web');
    expect(channel.getCell('B2').value).toBe(ORDERS);
    expect(email!.html).toContain('/staff/reports.html?from=');
  });

  it('retries a failing run, then alerts the ops staff', async () => {
    const outcome = await system.reports.runNow('weekly');
    expect(outcome).toMatchObject({ ok: false, attempts: 3, alerted: true });
    expect(outcome.error).toMatch(/NoRecipientsError/);
    const alerts = (await outbox()).filter((m) => m.subject.includes('Report run failed: weekly'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.to).toEqual(['ops@example.com']);
    expect(alerts[0]!.subject.indexOf('报表发送失败')).toBe(0);
    expect(await reportEmails('每周订单报表')).toHaveLength(0);
    // The group robots are told at once too (report-failed), with the error's name — once for
    // the run, not once for each of its 3 attempts.
    await expectOnEveryRobot(system, '报表发送失败：weekly', { including: 'NoRecipientsError' });
    await system.drain();
    const posted = (await robotMessages(system)).filter((m) =>
      `${m.subject}\n${m.text}`.includes('报表发送失败：weekly'),
    );
    expect(posted.map((m) => m.channel).sort()).toEqual(['dingtalk', 'feishu', 'wecom']);
  });

  it('publishes where it runs in <dataDir>/runtime.json for npm run report', async () => {
    const { readRuntimeFile } = await import('#local/runtime-file.ts');
    const info = await readRuntimeFile(system.dataDir);
    expect(info).toMatchObject({ pid: process.pid, baseUrl: system.baseUrl, tableName: 'orderdesk' });
    expect(info!.sesEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
