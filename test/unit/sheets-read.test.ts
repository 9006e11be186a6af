/**
 * Reading emailed order sheets (R-INTAKE-6): text decoding (BOM, UTF-8, GBK), the CSV reader
 * and the XLSX reader, against files written by independent tools (exceljs, iconv-lite).
 */
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readCsv, sniffDelimiter } from '#shared/sheets/csv-read.ts';
import { decodeText, decodeTextWithEncoding } from '#shared/sheets/decode-text.ts';
import { columnIndex, readXlsx, SheetReadError, xmlText } from '#shared/sheets/xlsx-read.ts';

const xlsxOf = async (fill: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void) => {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet('订单'), book);
  return new Uint8Array(await book.xlsx.writeBuffer());
};

describe('decodeText: bytes of a text attachment (R-INTAKE-6)', () => {
  it('drops a UTF-8 byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('货号,数量')]);
    expect(decodeTextWithEncoding(bytes)).toEqual({ text: '货号,数量', encoding: 'utf-8' });
  });

  it('reads UTF-8 without a BOM', () => {
    expect(decodeText(new TextEncoder().encode('单价 ¥12.50'))).toBe('单价 ¥12.50');
  });

  it('falls back to GB18030 for a GBK file saved by Chinese Excel', () => {
    const gbk = iconv.encode('货号,数量,单价\r\nBRG-6204,200,13.00\r\n', 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    expect(decodeTextWithEncoding(new Uint8Array(gbk))).toEqual({
      text: '货号,数量,单价\r\nBRG-6204,200,13.00\r\n',
      encoding: 'gb18030',
    });
  });

  it('reads UTF-16 with its BOM (Excel "Unicode text")', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('货号\t数量', 'utf16le')]);
    expect(decodeText(new Uint8Array(le))).toBe('货号\t数量');
  });
});

describe('readCsv: RFC 4180 (R-INTAKE-6)', () => {
  it('reads quoted fields, escaped quotes, CRLF and line breaks inside quotes', () => {
    const text =
      'sku,spec,qty\r\n"BRG-6204","6204 ""2RS""",200\r\nPMP-CUSTOM,"图号 P-2026-118\n不锈钢",2\r\n';
    expect(readCsv(text)).toEqual([
      ['sku', 'spec', 'qty'],
      ['BRG-6204', '6204 "2RS"', '200'],
      ['PMP-CUSTOM', '图号 P-2026-118\n不锈钢', '2'],
    ]);
  });

  it('keeps empty fields and reads LF files without a final line break', () => {
    expect(readCsv('a,,c\n,,\nx,y,z')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
      ['x', 'y', 'z'],
    ]);
  });

  it('keeps a comma inside a quoted price (thousands separator)', () => {
    expect(readCsv('货号,数量,单价\nMTR-Y2-1.5,2,"1,234.56"\n')[1]).toEqual(['MTR-Y2-1.5', '2', '1,234.56']);
  });

  it('sniffs comma, tab, semicolon and the full-width comma', () => {
    expect(sniffDelimiter('货号,数量,单价\nA-1,2,3\n')).toBe(',');
    expect(sniffDelimiter('货号\t数量\t单价\nA-1\t2\t3,5\n')).toBe('\t');
    expect(sniffDelimiter('sku;qty;price\nA-1;2;3,50\nA-2;4;1,25\n')).toBe(';');
    expect(sniffDelimiter('货号，数量，单价\nBRG-6204，200，13\n')).toBe('，');
    expect(readCsv('货号，数量，单价\nBRG-6204，200，13\n')).toEqual([
      ['货号', '数量', '单价'],
      ['BRG-6204', '200', '13'],
    ]);
    expect(readCsv('sku;qty;price\nA-1;2;"3,50"\n')).toEqual([
      ['sku', 'qty', 'price'],
      ['A-1', '2', '3,50'],
    ]);
  });

  it('does not count delimiters inside quotes when sniffing', () => {
    expect(sniffDelimiter('"a,b,c,d";x;y\n"e,f,g,h";1;2\n')).toBe(';');
  });
});

describe('readXlsx: the first sheet of a workbook (R-INTAKE-6)', () => {
  it('reads shared strings, numbers, booleans, formulas and a gap column from an exceljs workbook', async () => {
    const bytes = await xlsxOf((s) => {
      s.addRow(['客户订单']);
      s.addRow([]);
      s.addRow(['货号', '数量', null, '单价', '急件']);
      s.addRow(['BRG-6204', 200, null, 13, true]);
      s.addRow(['BLT-M8X30', 1000, null, 0.29, false]);
      s.addRow(['合计', { formula: 'SUM(B4:B5)', result: 1200 }]);
    });
    expect(readXlsx(bytes)).toEqual([
      ['客户订单'],
      [],
      ['货号', '数量', '', '单价', '急件'],
      ['BRG-6204', '200', '', '13', 'TRUE'],
      ['BLT-M8X30', '1000', '', '0.29', 'FALSE'],
      ['合计', '1200'],
    ]);
  });

  it('keeps empty rows and columns where the cell references put them', async () => {
    const bytes = await xlsxOf((s) => {
      s.getCell('C3').value = 'SKU';
      s.getCell('AA3').value = 'far';
      s.getCell('B7').value = 42;
    });
    const rows = readXlsx(bytes);
    expect(rows).toHaveLength(7);
    expect(rows[2]?.[2]).toBe('SKU');
    expect(rows[2]?.[26]).toBe('far');
    expect(rows[2]?.slice(0, 2)).toEqual(['', '']);
    expect(rows[6]).toEqual(['', '42']);
    expect(rows.slice(0, 2)).toEqual([[], []]);
  });

  it('joins rich-text runs and decodes XML entities', async () => {
    const bytes = await xlsxOf((s) => {
      s.getCell('A1').value = { richText: [{ text: '产品' }, { font: { bold: true }, text: '编号 <A&B>' }] };
      s.getCell('B1').value = 'Tom\'s "best"';
    });
    expect(readXlsx(bytes)).toEqual([['产品编号 <A&B>', 'Tom\'s "best"']]);
  });

  it('reads the first sheet in workbook order, not the first file', async () => {
    const bytes = await xlsxOf((s, book) => {
      s.getCell('A1').value = 'first';
      book.addWorksheet('second').getCell('A1').value = 'second';
    });
    expect(readXlsx(bytes)).toEqual([['first']]);
  });

  it('reads inline strings, numbers written with 17 digits and OOXML escapes', () => {
    const sheet =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>单价_x000D_</t></is></c><c r="B1"><v>0.28999999999999998</v></c></row>' +
      '<row r="3"><c r="B3" t="str"><v>&#x4E2D;&amp;</v></c><c r="D3" t="e"><v>#N/A</v></c></row>' +
      '</sheetData></worksheet>';
    const bytes = zipSync({
      'xl/workbook.xml': strToU8(
        '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId7"/></sheets></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        '<Relationships><Relationship Id="rId7" Type="worksheet" Target="/xl/worksheets/data.xml"/></Relationships>',
      ),
      'xl/worksheets/data.xml': strToU8(sheet),
    });
    expect(readXlsx(bytes)).toEqual([['单价\r', '0.29'], [], ['', '中&', '', '#N/A']]);
  });

  it('refuses a file that is not an XLSX workbook with a clear error', () => {
    const notZip = new TextEncoder().encode('货号,数量\nBRG-6204,2\n');
    expect(() => readXlsx(notZip)).toThrow(SheetReadError);
    expect(() => readXlsx(notZip)).toThrow('Not an XLSX file (not a zip archive)');
    const truncated = zipSync({ 'xl/workbook.xml': strToU8('<workbook/>'.repeat(200)) }).slice(0, 60);
    expect(() => readXlsx(truncated)).toThrow('damaged');
    const otherZip = zipSync({ 'word/document.xml': strToU8('<w:document/>') });
    expect(() => readXlsx(otherZip)).toThrow('no xl/workbook.xml');
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(() => readXlsx(xls)).toThrow('.xls');
    try {
      readXlsx(notZip);
    } catch (error) {
      expect((error as SheetReadError).messageZh).toBe('不是 XLSX 文件（不是 zip 压缩包）');
    }
  });

  it('refuses a part that would unpack beyond the limit instead of inflating it', async () => {
    const bytes = await xlsxOf((s) => {
      for (let r = 1; r <= 200; r++) s.addRow([`BRG-${r}`, r, r / 4]);
    });
    expect(readXlsx(bytes, { maxPartBytes: 1_000_000 })).toHaveLength(200);
    expect(() => readXlsx(bytes, { maxPartBytes: 2_000 })).toThrow(
      /too large to read \(xl\/worksheets\/sheet1\.xml/,
    );
  });

  it('turns column letters into indexes and decodes entities', () => {
    expect([columnIndex('A1'), columnIndex('Z9'), columnIndex('AA10'), columnIndex('XFD1')]).toEqual([
      0, 25, 26, 16383,
    ]);
    expect(xmlText('&lt;&gt;&amp;&quot;&apos;&#20013;&#x6587;&unknown;')).toBe('<>&"\'中文&unknown;');
  });
});
