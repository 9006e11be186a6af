/** CaseStore on DynamoDB: items under the order's partition (shared/entities/case-entity.ts). */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import {
  type AfterSalesCase,
  CASE_SK_PREFIX,
  type CaseStore,
  caseKey,
  caseToItem,
  itemToCase,
} from '../entities/case-entity.ts';

export function dynamoCaseStore(db: DynamoDBDocumentClient, tableName: string): CaseStore {
  const store: CaseStore = {
    async create(c) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: caseToItem(c),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          throw new ConflictError(`Case ${c.caseId} exists already`);
        throw error;
      }
    },

    async get(orderId, caseId) {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: caseKey(orderId, caseId), ConsistentRead: true }),
      );
      return out.Item ? itemToCase(out.Item) : undefined;
    },

    async listForOrder(orderId) {
      const cases: AfterSalesCase[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
            ExpressionAttributeValues: { ':p': `ORDER#${orderId}`, ':s': CASE_SK_PREFIX },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) cases.push(itemToCase(item));
        start = out.LastEvaluatedKey;
      } while (start);
      return cases;
    },

    async update(current, change) {
      const names: Record<string, string> = {
        '#v': 'version',
        '#h': 'history',
        '#u': 'updatedAt',
        '#s': 'caseStatus',
      };
      const values: Record<string, unknown> = {
        ':expected': current.version,
        ':one': 1,
        ':h': [change.history],
        ':u': change.updatedAt,
        ':s': change.caseStatus,
      };
      const sets = ['#v = #v + :one', '#h = list_append(#h, :h)', '#u = :u', '#s = :s'];
      for (const [i, [field, value]] of Object.entries(change.set ?? {}).entries()) {
        if (value === undefined) continue;
        names[`#f${i}`] = field;
        values[`:f${i}`] = value;
        sets.push(`#f${i} = :f${i}`);
      }
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: caseKey(current.orderId, current.caseId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: 'attribute_exists(pk) AND #v = :expected',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return itemToCase(out.Attributes ?? {});
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const stored = await store.get(current.orderId, current.caseId);
        if (!stored) throw new NotFoundError(`Case ${current.caseId} not found`);
        throw new ConflictError(
          `Case ${current.caseId} was changed by someone else (version ${stored.version}, you had ${current.version})`,
        );
      }
    },
  };
  return store;
}
