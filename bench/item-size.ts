/**
 * DynamoDB item size and write units by the published AWS rules ("Item sizes and formats"):
 * an item is the sum of its attribute names (UTF-8 bytes) and values — strings UTF-8 bytes,
 * numbers 1 byte per 2 significant digits + 1, booleans/null 1, lists/maps 3 bytes + 1 per
 * element (+ the key's UTF-8 bytes for maps). A standard write costs 1 WCU per 1 KB or part; an
 * UpdateItem is billed on the larger of the item before and after.
 *
 * Global secondary indexes (AWS "GSI write capacity"): a write that puts an item into an index
 * costs one index write of the index entry's size; one that removes it, one delete; one that
 * changes the index key, two (delete + put); one that changes only projected attributes, one;
 * otherwise none. An index entry holds the table keys, the index keys and, by projection, the
 * whole item (ALL), nothing more (KEYS_ONLY) or the listed attributes (INCLUDE).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type IndexDefinition, type IndexProjection, TABLE_KEYS } from '#shared/entities/table.ts';

export type Item = Record<string, AttributeValue>;

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

function numberSize(n: string): number {
  const mantissa = n.replace(/^[-+]/, '').split(/e/i)[0]!;
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

export function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (v.NS) return v.NS.reduce((sum, s) => sum + numberSize(s), 0);
  if (v.BS) return v.BS.reduce((sum, b) => sum + b.length, 0);
  if (v.L) return 3 + v.L.reduce((sum, e) => sum + 1 + valueSize(e), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((sum, [k, e]) => sum + 1 + utf8(k) + valueSize(e), 0);
  return 0;
}

export const itemSize = (item: Item): number =>
  Object.entries(item).reduce((sum, [name, v]) => sum + utf8(name) + valueSize(v), 0);

/** Each attribute's share of the item size, largest first. */
export const attributeSizes = (item: Item): { name: string; bytes: number }[] =>
  Object.entries(item)
    .map(([name, v]) => ({ name, bytes: utf8(name) + valueSize(v) }))
    .sort((a, b) => b.bytes - a.bytes);

/** Write units of a standard (non-transactional) write of `bytes`. */
export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));

const pick = (item: Item, names: readonly string[]): Item =>
  Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]!]));

const keyNames = (index: IndexDefinition): string[] => [
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  index.partitionKey,
  index.sortKey,
];

/** The item's entry in an index: table keys + index keys + what the projection adds. */
export function indexEntry(item: Item, index: IndexDefinition, projection = index.projection): Item {
  if (projection.type === 'ALL') return item;
  if (projection.type === 'KEYS_ONLY') return pick(item, keyNames(index));
  return pick(item, [...keyNames(index), ...projection.attributes]);
}

export const indexEntrySize = (item: Item, index: IndexDefinition, projection = index.projection): number =>
  itemSize(indexEntry(item, index, projection));

const inIndex = (item: Item | undefined, index: IndexDefinition): item is Item =>
  item?.[index.partitionKey] !== undefined && item[index.sortKey] !== undefined;

/** Key-order-independent JSON, so a stored item compares equal to the image that was written. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object' && !(v instanceof Uint8Array)
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

export interface IndexWrite {
  index: string;
  kind: 'put' | 'delete' | 'key change' | 'update';
  /** Bytes of the index entry written (after the change; before it for a delete). */
  bytes: number;
  wcu: number;
}

/**
 * The index writes a change of one item from `before` to `after` causes (undefined = absent),
 * each index with its own projection unless `projectionOf` says otherwise.
 */
export function indexWrites(
  indexes: readonly IndexDefinition[],
  before: Item | undefined,
  after: Item | undefined,
  projectionOf: (index: IndexDefinition) => IndexProjection = (index) => index.projection,
): IndexWrite[] {
  const writes: IndexWrite[] = [];
  for (const index of indexes) {
    const projection = projectionOf(index);
    const entry = (item: Item) => indexEntry(item, index, projection);
    const size = (item: Item) => itemSize(entry(item));
    const was = inIndex(before, index);
    const is = inIndex(after, index);
    const write = (kind: IndexWrite['kind'], bytes: number, wcu: number) =>
      writes.push({ index: index.name, kind, bytes, wcu });
    if (!was && is) write('put', size(after!), writeUnits(size(after!)));
    else if (was && !is) write('delete', size(before!), writeUnits(size(before!)));
    else if (was && is) {
      const keyChanged = [index.partitionKey, index.sortKey].some((k) => !same(before![k], after![k]));
      if (keyChanged) write('key change', size(after!), writeUnits(size(before!)) + writeUnits(size(after!)));
      else if (!same(entry(before!), entry(after!)))
        write('update', size(after!), writeUnits(Math.max(size(before!), size(after!))));
    }
  }
  return writes;
}

/** Base-table write units of one write of the item: the larger of the images before and after. */
export const tableWriteUnits = (before: Item | undefined, after: Item | undefined): number =>
  writeUnits(Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0));
