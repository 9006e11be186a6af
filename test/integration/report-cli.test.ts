/**
 * `npm run report` as a user runs it (R-REPORT-1 on demand): a child process, once on a data
 * directory no system is using (it opens dynalite itself and writes the email as files), once
 * while a system runs on the same directory (the email lands in that system's outbox).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestSystem } from '../support/system.ts';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const runCli = (dataDir: string, args: string[]): Promise<CliRun> =>
  new Promise((resolve) => {
    // From a shell with the usual umask (022): the command must make its files private itself.
    execFile(
      'sh',
      [
        '-c',
        'umask 022 && exec "$0" "$@"',
        process.execPath,
        '--import',
        'tsx',
        'local/report-cli.ts',
        ...args,
      ],
      { env: { ...process.env, ORDERDESK_DATA_DIR: dataDir }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

let dataDir: string;
const ORDERS = 2;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'orderdesk-report-cli-'));
  // Data made by a system that has stopped since.
  const system = await startTestSystem({ dataDir });
  for (let i = 0; i < ORDERS; i++) {
    expect((await system.api('/api/orders', { json: orderBody() })).status).toBe(201);
  }
  await system.drain();
  await system.close();
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run report (R-REPORT-1 on demand)', () => {
  it('answers a wrong command line with the problem and the usage, exit code 2', async () => {
    const run = await runCli(dataDir, ['--period', 'last-month', '--to', 'not-an-address']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--to.0: must be an email address');
    expect(run.stderr).toContain('Usage: npm run report');
    const period = await runCli(dataDir, ['--period', '2026-02-30..2026-03-01', '--to', 'a@example.com']);
    expect(period.code).toBe(2);
    expect(period.stderr).toContain('--period: Must be a real date');
  });

  it('without a running system, opens the data itself and writes the email as files', async () => {
    const run = await runCli(dataDir, ['--period', 'today', '--to', 'someone@example.com']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No running system');
    expect(run.stdout).toMatch(/Sent ".*订单报表.*" \(.*, 2 orders\) to 1 recipient\(s\)/);
    const paths = run.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith(join(dataDir, 'reports')));
    expect(paths.map((p) => p.replace(/^.*\//, '')).sort()).toEqual(
      expect.arrayContaining(['email.html', 'email.txt']),
    );
    const html = await readFile(paths.find((p) => p.endsWith('email.html'))!, 'utf8');
    expect(html).toContain('订单报表');
    const csv = await readFile(paths.find((p) => p.endsWith('.csv'))!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(`订单数 Orders,${ORDERS},`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(paths.find((p) => p.endsWith('.xlsx'))!)) as never);
    expect(workbook.getWorksheet('概览 Summary')).toBeDefined();
    // Customer names are in them: the owner's alone, as the rest of the data directory.
    for (const path of paths) expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('while a system runs on the same data, sends through it: the email is in its outbox', async () => {
    const system = await startTestSystem({ dataDir });
    try {
      const run = await runCli(dataDir, [
        '--schedule',
        'weekly',
        '--period',
        'today',
        '--to',
        'someone@example.com',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Using the running system (pid ${process.pid})`);
      expect(run.stdout).toContain(`${system.baseUrl}/_local/outbox`);
      const outbox = (await system.outbox()) as unknown as {
        to: string[];
        subject: string;
        attachments: { filename: string }[];
      }[];
      const sent = outbox.filter((m) => m.subject.startsWith('每周订单报表'));
      expect(sent).toHaveLength(1);
      // The weekly schedule's roles, resolved through the running system's staff directory.
      expect(sent[0]!.to).toEqual(
        expect.arrayContaining(['someone@example.com', 'gm@example.com', 'finance@example.com']),
      );
      expect(sent[0]!.attachments.map((a) => a.filename.replace(/.*\./, ''))).toEqual(['csv', 'xlsx']);
    } finally {
      await system.close();
    }
  });
});
