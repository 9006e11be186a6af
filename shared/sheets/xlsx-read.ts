/**
 * A minimal XLSX reader on fflate, enough for an emailed order sheet (R-INTAKE-6): the FIRST
 * worksheet of the workbook (xl/workbook.xml → xl/_rels/workbook.xml.rels), shared strings
 * (rich-text runs joined, phonetic guides left out), inline strings, numbers, booleans and
 * cached formula results, as text rows with gaps kept (a cell's reference decides its column).
 * Styles are not read: a date cell comes out as its serial number. No spreadsheet library in
 * the Lambda bundle; a file that is not an XLSX workbook is refused with `SheetReadError`.
 */
import { strFromU8, unzipSync } from 'fflate';

/** A file that cannot be read as a sheet; `message` is English, `messageZh` Chinese. */
export class SheetReadError extends Error {
  override name = 'SheetReadError';
  constructor(
    message: string,
    readonly messageZh: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Larger parts are refused rather than inflated (a zip bomb must not take the process down). */
export const MAX_PART_BYTES = 64 * 1024 * 1024;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character references and entities, then OOXML's `_xHHHH_` escapes. */
export function xmlText(raw: string): string {
  return raw
    .replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
      if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
      if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
      return ENTITIES[ref] ?? whole;
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

const attrPatterns = new Map<string, RegExp>();
function attr(tag: string, name: string): string | undefined {
  let pattern = attrPatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attrPatterns.set(name, pattern);
  }
  const m = pattern.exec(tag);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Text of the `<t>` elements of a string item, without `<rPh>` phonetic runs. */
function stringItemText(xml: string): string {
  const body = xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
  let text = '';
  for (const m of body.matchAll(/<(?:\w+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g))
    text += xmlText(m[1] ?? '');
  return text;
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  return [...xml.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)].map((m) =>
    stringItemText(m[1] ?? ''),
  );
}

/** Column letters of a reference (`AB12` → 27), 0-based. */
export function columnIndex(ref: string): number {
  const letters = /^[A-Za-z]+/.exec(ref)?.[0] ?? '';
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A number as people read it: 15 significant digits, so 0.28999999999999998 is 0.29. */
const numberText = (v: string): string => {
  const n = Number(v);
  return Number.isFinite(n) ? String(Number(n.toPrecision(15))) : v.trim();
};

function cellText(type: string | undefined, inner: string, strings: readonly string[]): string {
  if (type === 'inlineStr')
    return stringItemText(/<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(inner)?.[1] ?? '');
  const v = /<(?:\w+:)?v\b[^>]*>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
  if (v === undefined) return '';
  const value = xmlText(v);
  switch (type) {
    case 's':
      return strings[Number(value)] ?? '';
    case 'b':
      return value.trim() === '1' ? 'TRUE' : 'FALSE';
    case 'str':
    case 'e':
      return value;
    default:
      return numberText(value);
  }
}

/** The worksheet XML of one `<sheetData>` → rows; rows and cells without a reference follow the last one. */
export function sheetRows(xml: string, strings: readonly string[]): string[][] {
  const rows: string[][] = [];
  const data = /<(?:\w+:)?sheetData\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?sheetData>)/.exec(xml)?.[1] ?? '';
  for (const rowMatch of data.matchAll(/<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g)) {
    const r = Number(attr(rowMatch[1] ?? '', 'r'));
    const index = Number.isInteger(r) && r > 0 ? r - 1 : rows.length;
    const cells: string[] = [];
    for (const c of (rowMatch[2] ?? '').matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
      const ref = attr(c[1] ?? '', 'r');
      const col = ref ? columnIndex(ref) : cells.length;
      const text = cellText(attr(c[1] ?? '', 't'), c[2] ?? '', strings);
      while (cells.length < col) cells.push('');
      cells[col] = text;
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    while (rows.length < index) rows.push([]);
    rows[index] = cells;
  }
  return rows;
}

/** Path of the first sheet, from the workbook and its relationships. */
function firstSheetPath(workbook: string, rels: string | undefined): string {
  const sheet = /<(?:\w+:)?sheet\b([^>]*)\/?>/.exec(workbook)?.[1];
  const id = sheet ? attr(sheet, 'r:id') : undefined;
  const rel = id
    ? [...(rels ?? '').matchAll(/<Relationship\b([^>]*)\/?>/g)].find((m) => attr(m[1] ?? '', 'Id') === id)
    : undefined;
  const target = rel ? attr(rel[1] ?? '', 'Target') : undefined;
  if (!target) return 'xl/worksheets/sheet1.xml';
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

function unzip(
  bytes: Uint8Array,
  wanted: (name: string) => boolean,
  maxPartBytes: number,
): Record<string, Uint8Array> {
  if (OLE_SIGNATURE.every((b, i) => bytes[i] === b))
    throw new SheetReadError(
      'This is an old Excel 97-2003 (.xls) file; please save it as .xlsx or CSV',
      '这是旧版 Excel 97-2003（.xls）文件，请另存为 .xlsx 或 CSV 格式',
    );
  if (!ZIP_SIGNATURE.every((b, i) => bytes[i] === b))
    throw new SheetReadError('Not an XLSX file (not a zip archive)', '不是 XLSX 文件（不是 zip 压缩包）');
  try {
    return unzipSync(bytes, {
      filter: (f) => {
        if (!wanted(f.name)) return false;
        if (f.originalSize > maxPartBytes)
          throw new SheetReadError(
            `The XLSX file is too large to read (${f.name} unpacks to more than ${(maxPartBytes / 1024 / 1024).toFixed(0)} MB)`,
            `XLSX 文件过大，无法读取（${f.name} 解压后超过 ${(maxPartBytes / 1024 / 1024).toFixed(0)} MB）`,
          );
        return true;
      },
    });
  } catch (cause) {
    if (cause instanceof SheetReadError) throw cause;
    throw new SheetReadError('The XLSX file is damaged and cannot be opened', 'XLSX 文件已损坏，无法打开', {
      cause,
    });
  }
}

/**
 * Rows of the first worksheet of an XLSX workbook, as text (`''` for an empty cell). A part that
 * unpacks to more than `maxPartBytes` (default 64 MB) is refused before it is inflated.
 */
export function readXlsx(bytes: Uint8Array, options: { maxPartBytes?: number } = {}): string[][] {
  const max = options.maxPartBytes ?? MAX_PART_BYTES;
  const meta = unzip(bytes, (n) => n === 'xl/workbook.xml' || n === 'xl/_rels/workbook.xml.rels', max);
  const workbook = meta['xl/workbook.xml'];
  if (!workbook)
    throw new SheetReadError(
      'Not an XLSX workbook (the zip holds no xl/workbook.xml)',
      '不是 XLSX 工作簿（压缩包中没有 xl/workbook.xml）',
    );
  const rels = meta['xl/_rels/workbook.xml.rels'];
  const sheetPath = firstSheetPath(strFromU8(workbook), rels ? strFromU8(rels) : undefined);
  const parts = unzip(bytes, (n) => n === sheetPath || n === 'xl/sharedStrings.xml', max);
  const sheet = parts[sheetPath];
  if (!sheet)
    throw new SheetReadError(
      `The XLSX workbook has no worksheet (${sheetPath} is missing)`,
      `XLSX 工作簿中没有工作表（缺少 ${sheetPath}）`,
    );
  const shared = parts['xl/sharedStrings.xml'];
  return sheetRows(strFromU8(sheet), sharedStrings(shared ? strFromU8(shared) : undefined));
}
