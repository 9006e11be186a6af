/**
 * Conditional writes, once for every store: a failed condition is an answer (the item exists,
 * someone else changed it, nothing to release), never a crash; every other error is thrown.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  type PutCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, StatusConflictError } from '../domain/errors.ts';
import type { Item } from './dynamo-paging.ts';

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException;

/** What `write` resolves to, or `otherwise` when its condition did not hold. */
export async function unlessConditionFails<T, F>(write: Promise<T>, otherwise: F): Promise<T | F> {
  try {
    return await write;
  } catch (error) {
    if (isConditionFailure(error)) return otherwise;
    throw error;
  }
}

/** Puts an item whose key must be new: 'exists' when an item has that key already (never overwritten). */
export const putNew = (
  db: DynamoDBDocumentClient,
  input: Omit<PutCommandInput, 'ConditionExpression'>,
): Promise<'created' | 'exists'> =>
  unlessConditionFails(
    db
      .send(new PutCommand({ ...input, ConditionExpression: 'attribute_not_exists(pk)' }))
      .then(() => 'created' as const),
    'exists' as const,
  );

/**
 * True for the first caller of `what` + `key` only (a conditional PutItem of `ONCE#<what>#<key>`):
 * something done once however often a retried invocation asks, such as an alert.
 */
export const claimOnce = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  what: string,
  key: string,
): Promise<boolean> =>
  (await putNew(db, {
    TableName: tableName,
    Item: { pk: `ONCE#${what}#${key}`, sk: 'ONCE', at: new Date().toISOString() },
  })) === 'created';

/** The parts of an UpdateItem a versioned update adds to: SET (and REMOVE) clauses and their placeholders. */
export interface UpdateParts {
  sets: string[];
  removes?: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * Adds `fields` as `#f<i> = :f<i>` clauses; a field set to undefined is left as it is
 * (`'skip'`) or removed from the item (`'remove'`).
 */
export function addFields(
  parts: UpdateParts,
  fields: Record<string, unknown>,
  whenUndefined: 'skip' | 'remove',
): UpdateParts {
  for (const [i, [field, value]] of Object.entries(fields).entries()) {
    if (value === undefined && whenUndefined === 'skip') continue;
    parts.names[`#f${i}`] = field;
    if (value === undefined) {
      (parts.removes ??= []).push(`#f${i}`);
    } else {
      parts.values[`:f${i}`] = value;
      parts.sets.push(`#f${i} = :f${i}`);
    }
  }
  return parts;
}

/**
 * Optimistic locking (R-ARCH-2): one UpdateItem that applies `parts`, adds one to `version` and
 * holds only while the stored version is `expectedVersion`. Answers the new item; when the
 * condition fails, throws what `lost()` makes of it (see `versionConflict`).
 */
export async function updateVersioned(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: Item,
  expectedVersion: number,
  parts: UpdateParts,
  lost: () => Promise<Error>,
): Promise<Item> {
  const sets = ['#v = #v + :one', ...parts.sets].join(', ');
  const removes = parts.removes?.length ? ` REMOVE ${parts.removes.join(', ')}` : '';
  try {
    const out = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: `SET ${sets}${removes}`,
        ConditionExpression: 'attribute_exists(pk) AND #v = :expected',
        ExpressionAttributeNames: { '#v': 'version', ...parts.names },
        ExpressionAttributeValues: { ':expected': expectedVersion, ':one': 1, ...parts.values },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes ?? {};
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw await lost();
  }
}

/** Why a versioned update of `what` (e.g. `Order 123`) failed: it is gone, or someone else changed it. */
export function versionConflict(
  what: string,
  stored: { version: number; status?: string } | undefined,
  expectedVersion: number,
): Error {
  if (!stored) return new NotFoundError(`${what} not found`);
  const message = `${what} was changed by someone else (version ${stored.version}, you had ${expectedVersion})`;
  // An order answers where it stands now (R-PROC-7), so the caller can reload and decide again.
  return stored.status ? new StatusConflictError(message, stored.status) : new ConflictError(message);
}
