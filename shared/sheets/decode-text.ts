/**
 * Bytes of a text attachment (CSV, TSV, plain text) → string. Chinese Excel saves "CSV" in the
 * system code page (GBK), other tools in UTF-8 with or without a byte-order mark: a BOM decides
 * first, then strict UTF-8 (which GBK bytes almost never pass), else GB18030, the superset of
 * GBK and GB2312 (R-INTAKE-6: an emailed order sheet is read whatever tool saved it).
 */
import iconv from 'iconv-lite';

/** The encodings `decodeText` tells apart. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** Decodes `bytes` and says which encoding it took; a BOM is never part of the text. */
export function decodeTextWithEncoding(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf]))
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (startsWith(bytes, [0xff, 0xfe]))
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff]))
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return {
      text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'),
      encoding: 'gb18030',
    };
  }
}

/** Bytes → text: BOM, else strict UTF-8, else GB18030 (GBK). */
export const decodeText = (bytes: Uint8Array): string => decodeTextWithEncoding(bytes).text;
