/** Report files (R-REPORT-1 attachments, R-REPORT-2 downloads): CSV text and XLSX read back by exceljs. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvField, reportCsv, reportXlsx } from '#shared/reports/report-files.ts';
import { columnName, sheetName, writeXlsx } from '#shared/sheets/xlsx-write.ts';
import { sampleReport } from '../support/sample-report.ts';

const readWorkbook = async (bytes: Uint8Array) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  return workbook;
};

/** Minimal RFC 4180 parser: records of fields, quotes honoured. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}

/** The report's tables in order, by their bilingual titles: CSV sections and XLSX sheets alike. */
const TABLE_TITLES = [
  '概览 Summary',
  '渠道 Channel',
  '状态 Status',
  '优先级 Priority',
  '趋势 Series',
  '处理时长 Processing',
  '加急 Rush',
  '履约 Fulfilment',
  // R-PROC-6, R-CHG-1..3: changes and cancellations by kind and reason.
  '订单变更 Order changes',
  '审批 Approvals',
  '售后 After-sales',
  '客户 Top customers',
  '产品 Top products',
];

describe('report CSV (R-REPORT-1, R-REPORT-2)', () => {
  const csv = reportCsv(sampleReport());

  it('starts with a UTF-8 BOM and uses CRLF line ends only', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('quotes fields with commas and quotes as RFC 4180 says', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('plain')).toBe('plain');
    expect(csv).toContain('"上海""精密"", 机械有限公司"');
    const records = parseCsv(csv.slice(1));
    expect(records.some((r) => r[1] === '上海"精密", 机械有限公司' && r[3] === '6000.00')).toBe(true);
  });

  it('has one section per table, separated by a blank line, headers Chinese first', () => {
    const sections = csv.slice(1).split('\r\n\r\n');
    expect(sections.map((s) => s.split('\r\n')[0])).toEqual([
      '订单报表 Order report,2026-11-26..2026-11-26',
      ...TABLE_TITLES,
    ]);
    const channel = sections[2]!.split('\r\n');
    expect(channel[1]).toBe(
      '渠道 Channel,订单数 Orders,金额（元） Amount (CNY),上期订单数 Previous orders,上期金额（元） Previous amount (CNY)',
    );
    // Amounts in yuan with 2 decimals: 2 × 800,000 fen = 16,000.00 yuan.
    expect(channel[2]).toBe('网站 Web,16,16000.00,8,8000.00');
  });

  it('shows the change against the previous period with a sign', () => {
    const summary = parseCsv(csv.slice(1).split('\r\n\r\n')[1]!);
    const orders = summary.find((r) => r[0] === '订单数 Orders')!;
    expect(orders).toEqual(['订单数 Orders', '24', '12', '12', '+100.0%']);
    const rush = summary.find((r) => r[0]!.startsWith('紧急订单1 小时内答复率'))!;
    expect(rush[1]).toBe('66.7%');
  });

  it('neutralises names that a spreadsheet would run as a formula (R-SEC-3)', () => {
    const report = sampleReport();
    const names = [
      '=HYPERLINK("http://evil.example","x")',
      '=1+1',
      '@SUM(A1:A2)',
      '+86 Trading',
      '-1 Co',
      '\t=1+1',
    ];
    report.topCustomers = names.map((name, i) => ({ customerKey: `k${i}`, name, count: 1, amount: 100 }));
    report.topProducts[0]!.name = '=cmd|"/c calc"!A1';
    const records = parseCsv(reportCsv(report).slice(1));
    for (const name of [...names, '=cmd|"/c calc"!A1']) {
      const cell = records.flat().find((c) => c.endsWith(name));
      expect(cell, name).toBe(`'${name}`);
    }
    // Numbers the report itself writes keep their sign: a change of +100.0% is not a formula.
    expect(records.flat()).toContain('+100.0%');
    expect(csvField('=1+1')).toBe('=1+1');
  });

  it('never carries a customer key (contact data, R-SEC-1)', () => {
    expect(csv).not.toContain('buyer@a.example');
    expect(csv).not.toContain('13900000000');
  });
});

describe('report XLSX (R-REPORT-1)', () => {
  it('counts changes and cancellations by kind and reason (R-CHG-3)', () => {
    const section = reportCsv(sampleReport())
      .slice(1)
      .split('\r\n\r\n')
      .find((s) => s.startsWith('订单变更 Order changes'))!;
    expect(section).toContain('变更：品项 Change: items,2,1');
    expect(section).toContain('取消原因：客户取消 Cancelled for: customer cancelled,1,');
  });

  it('has a sheet per table with bilingual names, header row and numbers in yuan', async () => {
    const workbook = await readWorkbook(reportXlsx(sampleReport()));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(TABLE_TITLES);
    const channel = workbook.getWorksheet('渠道 Channel')!;
    expect(channel.getCell('A1').value).toBe('渠道 Channel');
    expect(channel.getCell('A1').font?.bold).toBe(true);
    expect(channel.getCell('A2').value).toBe('网站 Web');
    expect(channel.getCell('B2').value).toBe(16);
    expect(channel.getCell('C2').value).toBe(16000);
    expect(channel.getCell('C2').numFmt).toBe('#,##0.00');
    const customers = workbook.getWorksheet('客户 Top customers')!;
    expect(customers.getCell('B2').value).toBe('上海"精密", 机械有限公司');
    expect(customers.getCell('D2').value).toBe(6000);
    const summary = workbook.getWorksheet('概览 Summary')!;
    expect(summary.getCell('E3').value).toBe(1); // orders +100 %
    expect(summary.getColumn(1).width).toBe(40);
  });
});

describe('XLSX writer', () => {
  it('makes sheet names valid, at most 31 characters and unique', () => {
    const taken = new Set<string>();
    expect(sheetName('a/b:c*d?e[f]g\\h', taken)).toBe('a_b_c_d_e_f_g_h');
    expect(sheetName('x'.repeat(40), taken)).toHaveLength(31);
    expect(sheetName('X'.repeat(40), taken)).toBe(`${'X'.repeat(27)} (2)`);
    expect(sheetName('', taken)).toBe('Sheet');
  });

  it('names columns past Z', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('escapes XML and writes inline or shared strings, numbers and empty cells', async () => {
    for (const inlineStrings of [false, true]) {
      const bytes = writeXlsx(
        [
          {
            name: 'One',
            rows: [
              ['<b>&"x"</b>', 1.5, null, true],
              ['中文', Number.NaN, 'a\u0001b'],
            ],
          },
          { name: 'One', rows: [[{ value: 0.25, format: 'percent' }]], columnWidths: [30] },
        ],
        { inlineStrings },
      );
      const workbook = await readWorkbook(bytes);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['One', 'One (2)']);
      const first = workbook.worksheets[0]!;
      expect(first.getCell('A1').value).toBe('<b>&"x"</b>');
      expect(first.getCell('B1').value).toBe(1.5);
      expect(first.getCell('C1').value).toBeNull();
      expect(first.getCell('D1').value).toBe(true);
      expect(first.getCell('A2').value).toBe('中文');
      expect(first.getCell('B2').value).toBeNull();
      expect(first.getCell('C2').value).toBe('ab');
      const second = workbook.worksheets[1]!;
      expect(second.getCell('A1').value).toBe(0.25);
      expect(second.getCell('A1').numFmt).toBe('0.0%');
      expect(second.getColumn(1).width).toBe(30);
    }
  });

  it('refuses a workbook without sheets', () => {
    expect(() => writeXlsx([])).toThrow(/at least one sheet/);
  });
});
