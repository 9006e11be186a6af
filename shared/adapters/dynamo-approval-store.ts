/** ApprovalStore on DynamoDB: one item per request; single use by a conditional update. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { type ApprovalRequest, approvalKey } from '../entities/approval-entity.ts';
import type { ApprovalStore } from '../ports.ts';

const INTERNAL = new Set(['pk', 'sk', 'entity']);
const fromItem = (item: Record<string, unknown>): ApprovalRequest =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.has(k))) as unknown as ApprovalRequest;

export function dynamoApprovalStore(db: DynamoDBDocumentClient, tableName: string): ApprovalStore {
  const get = async (requestId: string) => {
    const out = await db.send(
      new GetCommand({ TableName: tableName, Key: approvalKey(requestId), ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  };
  const pendingOnly = async (
    requestId: string,
    update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>,
  ) => {
    try {
      const out = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: approvalKey(requestId),
          ReturnValues: 'ALL_NEW',
          ...update,
        }),
      );
      return fromItem(out.Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  };

  return {
    async create(request) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...approvalKey(request.requestId), entity: 'approval', ...request },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'exists';
        throw error;
      }
    },

    get,

    async decide(requestId, decision) {
      const updated = await pendingOnly(requestId, {
        UpdateExpression: 'SET #s = :decided, #d = :d',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status', '#d': 'decision' },
        ExpressionAttributeValues: { ':decided': 'decided', ':pending': 'pending', ':d': decision },
      });
      if (updated) return updated;
      const current = await get(requestId);
      if (!current) throw new NotFoundError('Approval request not found');
      throw new ConflictError(`This approval was already ${current.status}`);
    },

    async markDelivered(requestId) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: approvalKey(requestId),
          UpdateExpression: 'SET delivered = :t',
          ExpressionAttributeValues: { ':t': true },
        }),
      );
    },

    async supersede(requestId) {
      const updated = await pendingOnly(requestId, {
        UpdateExpression: 'SET #s = :superseded',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':superseded': 'superseded', ':pending': 'pending' },
      });
      return updated ?? get(requestId);
    },

    async allowRole(requestId, role) {
      const current = await get(requestId);
      if (!current || current.allowedRoles.includes(role)) return;
      await pendingOnly(requestId, {
        UpdateExpression: 'SET allowedRoles = list_append(allowedRoles, :r)',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':r': [role], ':pending': 'pending' },
      });
    },
  };
}
