/**
 * A minimal XLSX (Office Open XML spreadsheet) writer on fflate: several sheets, strings
 * (shared or inline), numbers with an optional number format, a bold header row and column
 * widths. Enough for report downloads and email attachments (R-REPORT-1, R-REPORT-2) without a
 * spreadsheet library in the Lambda bundle. Excel, LibreOffice, Numbers and exceljs read it.
 */
import { strToU8, zipSync } from 'fflate';

/** A number shown with a format: `amount` `#,##0.00`, `percent` `0.0%`, `decimal` `0.0`. */
export interface FormattedNumber {
  value: number;
  format: 'amount' | 'percent' | 'decimal' | 'integer';
}

/** Empty cells are `null`/`undefined`; non-finite numbers are written as empty cells. */
export type XlsxCell = string | number | boolean | FormattedNumber | null | undefined;

export interface XlsxSheet {
  /** Made valid: `[]:*?/\` replaced, at most 31 characters, unique in the workbook. */
  name: string;
  rows: readonly (readonly XlsxCell[])[];
  /** The first row is a header: bold, and frozen when scrolling. Default false. */
  header?: boolean;
  /** Widths in characters, by column; missing columns get Excel's default. */
  columnWidths?: readonly number[];
}

export interface XlsxOptions {
  /** Strings as `inlineStr` cells instead of the shared-strings table. Default false. */
  inlineStrings?: boolean;
}

const FORBIDDEN_NAME = /[[\]:*?/\\]/g;
/** XML 1.0 forbids most C0 controls even escaped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to remove
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export const escapeXml = (s: string): string =>
  s
    .replace(INVALID_XML, '')
    .replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
    );

/** `A`, `B`, … `Z`, `AA`, … for a 0-based column index. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** A sheet name Excel accepts, distinct (case-insensitively) from those in `taken`. */
export function sheetName(wanted: string, taken: Set<string>): string {
  let base = wanted.replace(FORBIDDEN_NAME, '_').replace(INVALID_XML, '').trim();
  base = base.replace(/^'+|'+$/g, '');
  if (base === '') base = 'Sheet';
  base = [...base].slice(0, 31).join('');
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = [...base].slice(0, 31 - suffix.length).join('') + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** Style indexes of `cellXfs` in styles.xml below. */
const STYLE = { plain: 0, bold: 1, amount: 2, percent: 3, decimal: 4, integer: 5 } as const;

const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.0"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="6">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

class SharedStrings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  count = 0;
  add(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
  xml(): string {
    const items = this.list.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('');
    return `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.list.length}">${items}</sst>`;
  }
}

function cellXml(ref: string, cell: XlsxCell, bold: boolean, strings: SharedStrings | undefined): string {
  if (cell === null || cell === undefined) return '';
  const boldAttr = bold ? ` s="${STYLE.bold}"` : '';
  if (typeof cell === 'string') {
    if (cell === '') return '';
    if (!strings) {
      return `<c r="${ref}" t="inlineStr"${boldAttr}><is><t xml:space="preserve">${escapeXml(cell)}</t></is></c>`;
    }
    return `<c r="${ref}" t="s"${boldAttr}><v>${strings.add(cell)}</v></c>`;
  }
  if (typeof cell === 'boolean') return `<c r="${ref}" t="b"${boldAttr}><v>${cell ? 1 : 0}</v></c>`;
  const value = typeof cell === 'number' ? cell : cell.value;
  if (!Number.isFinite(value)) return '';
  const style = bold ? STYLE.bold : typeof cell === 'number' ? STYLE.plain : STYLE[cell.format];
  return `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${value}</v></c>`;
}

function sheetXml(sheet: XlsxSheet, strings: SharedStrings | undefined): string {
  const header = sheet.header ?? false;
  const rows = sheet.rows
    .map((row, r) => {
      const cells = row.map((cell, c) =>
        cellXml(`${columnName(c)}${r + 1}`, cell, header && r === 0, strings),
      );
      return `<row r="${r + 1}">${cells.join('')}</row>`;
    })
    .join('');
  const views =
    header && sheet.rows.length > 0
      ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  const widths = sheet.columnWidths?.length
    ? `<cols>${sheet.columnWidths
        .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.max(1, w)}" customWidth="1"/>`)
        .join('')}</cols>`
    : '';
  return `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">${views}<sheetFormatPr defaultRowHeight="15"/>${widths}<sheetData>${rows}</sheetData></worksheet>`;
}

/** The workbook as the bytes of an `.xlsx` file. At least one sheet. */
export function writeXlsx(sheets: readonly XlsxSheet[], options: XlsxOptions = {}): Uint8Array {
  if (sheets.length === 0) throw new Error('A workbook needs at least one sheet');
  const strings = options.inlineStrings ? undefined : new SharedStrings();
  const taken = new Set<string>();
  const names = sheets.map((s) => sheetName(s.name, taken));
  const files: Record<string, Uint8Array> = {};
  sheets.forEach((sheet, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(sheet, strings));
  });

  const sheetOverrides = sheets
    .map(
      (_s, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join('');
  files['[Content_Types].xml'] = strToU8(
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      (strings
        ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        : '') +
      sheetOverrides +
      '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
      '</Types>',
  );
  files['_rels/.rels'] = strToU8(
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
      `<Relationship Id="rId1" Type="${REL_TYPE}/officeDocument" Target="xl/workbook.xml"/>` +
      `<Relationship Id="rId2" Type="${REL_TYPE}/extended-properties" Target="docProps/app.xml"/>` +
      '</Relationships>',
  );
  files['docProps/app.xml'] = strToU8(
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Order desk</Application></Properties>`,
  );
  files['xl/workbook.xml'] = strToU8(
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets>` +
      names
        .map((name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('') +
      '</sheets></workbook>',
  );
  const sheetRels = sheets
    .map(
      (_s, i) =>
        `<Relationship Id="rId${i + 1}" Type="${REL_TYPE}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join('');
  const n = sheets.length;
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${sheetRels}` +
      `<Relationship Id="rId${n + 1}" Type="${REL_TYPE}/styles" Target="styles.xml"/>` +
      (strings
        ? `<Relationship Id="rId${n + 2}" Type="${REL_TYPE}/sharedStrings" Target="sharedStrings.xml"/>`
        : '') +
      '</Relationships>',
  );
  files['xl/styles.xml'] = strToU8(STYLES_XML);
  // Written after every sheet: the table holds the strings the sheets added.
  if (strings) files['xl/sharedStrings.xml'] = strToU8(strings.xml());
  return zipSync(files, { level: 6 });
}
