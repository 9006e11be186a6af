/**
 * An RFC 4180 CSV reader for emailed order sheets: quoted fields with escaped quotes (`""`),
 * CRLF or LF line ends, line breaks inside quotes. The delimiter is sniffed from the first
 * lines — comma, tab, semicolon (European Excel) or the full-width comma `，` that people type
 * in Chinese text files — unless given. Pure: text in, rows of cells out.
 */

/** Delimiters `sniffDelimiter` chooses from, in order of preference on a tie. */
export const CSV_DELIMITERS = [',', '\t', ';', '，'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

const SNIFF_LINES = 10;

/** Counts of each delimiter outside quotes, per physical line, in the first lines. */
function countsPerLine(text: string): Map<CsvDelimiter, number[]> {
  const counts = new Map<CsvDelimiter, number[]>(CSV_DELIMITERS.map((d) => [d, [0]]));
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < SNIFF_LINES; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') {
      lines++;
      for (const list of counts.values()) list.push(0);
    } else if (!quoted) {
      const list = counts.get(ch as CsvDelimiter);
      if (list) list[list.length - 1] = (list[list.length - 1] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * The delimiter that splits the most lines into the same number of fields (a header and its
 * rows agree), then the one seen most often; comma when none is seen.
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  let best: { d: CsvDelimiter; agreeing: number; total: number } = { d: ',', agreeing: 0, total: 0 };
  for (const [d, perLine] of countsPerLine(text)) {
    const nonZero = perLine.filter((n) => n > 0);
    if (nonZero.length === 0) continue;
    const freq = new Map<number, number>();
    for (const n of nonZero) freq.set(n, (freq.get(n) ?? 0) + 1);
    const agreeing = Math.max(...freq.values());
    const total = nonZero.reduce((a, b) => a + b, 0);
    if (agreeing > best.agreeing || (agreeing === best.agreeing && total > best.total))
      best = { d, agreeing, total };
  }
  return best.d;
}

/** Parses CSV text into rows of cells (cells untrimmed; a final empty line is not a row). */
export function readCsv(text: string, options: { delimiter?: string } = {}): string[][] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = options.delimiter ?? sniffDelimiter(source);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(cell);
    rows.push(row);
    row = [];
    cell = '';
  };
  while (i < source.length) {
    const ch = source[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      // A quote opens a quoted field only at its start (spaces before it are dropped).
      cell = '';
      quoted = true;
    } else if (source.startsWith(delimiter, i)) {
      row.push(cell);
      cell = '';
      i += delimiter.length;
      continue;
    } else if (ch === '\r' && source[i + 1] === '\n') {
      endRow();
      i += 2;
      continue;
    } else if (ch === '\n' || ch === '\r') endRow();
    else cell += ch;
    i++;
  }
  if (cell !== '' || row.length > 0 || quoted) endRow();
  return rows;
}
