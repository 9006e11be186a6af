/** How runner items sit in the shared table (store.ts, token-store.ts). */

/** Drops undefined fields whatever the caller's marshall options. */
export const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** All runner attributes live in one map, so no index of the shared table ever sees them. */
export const wrap = (key: { pk: string; sk: string }, data: unknown) => ({ ...key, sfn: plain(data) });

export const isConditionFailure = (error: unknown) =>
  (error as Error)?.name === 'ConditionalCheckFailedException';

export const unwrap = <T>(item: Record<string, unknown> | undefined): T | undefined =>
  item?.['sfn'] as T | undefined;
