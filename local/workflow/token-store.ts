/**
 * Task token items (`SFN#TOKEN#<token>` / `TOKEN`, data in the `sfn` map like every runner
 * item): the durable half of a callback task. A token is OPEN until one conditional write
 * closes it with its outcome — SendTaskSuccess/Failure, a deadline, the function's failure, or
 * the execution's end — so concurrent answers cannot both win.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, unwrap, wrap } from './items.ts';

export type TokenStatus = 'OPEN' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'CLOSED';

export interface TokenItem {
  token: string;
  executionArn: string;
  stateName: string;
  attempt: number;
  status: TokenStatus;
  createdAt: number;
  timeoutAt?: number;
  heartbeatMs?: number;
  heartbeatAt?: number;
  output?: string;
  error?: string;
  cause?: string;
  closedAt?: number;
}

const tokenKey = (token: string) => ({ pk: `SFN#TOKEN#${token}`, sk: 'TOKEN' });

export function createTokenStore(db: DynamoDBDocumentClient, tableName: string) {
  return {
    /** Creates the token item unless it exists (a recovery may repeat this). */
    async putToken(item: TokenItem): Promise<void> {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: wrap(tokenKey(item.token), item),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
    async getToken(token: string): Promise<TokenItem | undefined> {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: tokenKey(token), ConsistentRead: true }),
      );
      return unwrap<TokenItem>(out.Item);
    },

    /**
     * Closes an OPEN token with its outcome; exactly one caller wins. Undefined when the token is
     * missing, no longer OPEN, or (`heartbeatAt`) was extended since the caller looked.
     */
    async closeToken(
      token: string,
      outcome: { status: Exclude<TokenStatus, 'OPEN'>; output?: string; error?: string; cause?: string },
      expectHeartbeatAt?: number,
    ): Promise<TokenItem | undefined> {
      const values: Record<string, unknown> = {
        ':open': 'OPEN',
        ':status': outcome.status,
        ':now': Date.now(),
      };
      const names: Record<string, string> = { '#status': 'status' };
      const sets = ['sfn.#status = :status', 'sfn.closedAt = :now'];
      for (const field of ['output', 'error', 'cause'] as const) {
        if (outcome[field] !== undefined) {
          sets.push(`sfn.#${field} = :${field}`);
          names[`#${field}`] = field;
          values[`:${field}`] = outcome[field];
        }
      }
      let condition = 'sfn.#status = :open';
      if (expectHeartbeatAt !== undefined) {
        condition += ' AND sfn.heartbeatAt = :hb';
        values[':hb'] = expectHeartbeatAt;
      }
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: tokenKey(token),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: `attribute_exists(pk) AND ${condition}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return unwrap<TokenItem>(out.Attributes);
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    /** Moves an OPEN token's heartbeat deadline; undefined when it is no longer OPEN. */
    async heartbeatToken(token: string, heartbeatAt: number): Promise<TokenItem | undefined> {
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: tokenKey(token),
            UpdateExpression: 'SET sfn.heartbeatAt = :hb',
            ConditionExpression: 'attribute_exists(pk) AND sfn.#status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':hb': heartbeatAt, ':open': 'OPEN' },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return unwrap<TokenItem>(out.Attributes);
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
  };
}
