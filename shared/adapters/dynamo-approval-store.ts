/** ApprovalStore on DynamoDB: one item per request; single use by a conditional update. */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { type ApprovalRequest, approvalKey } from '../entities/approval-entity.ts';
import { countEvent } from '../observability/metrics.ts';
import type { ApprovalStore } from '../ports.ts';
import { putNew, unlessConditionFails } from './dynamo-conditions.ts';
import { attributesOf } from './dynamo-paging.ts';

export function dynamoApprovalStore(db: DynamoDBDocumentClient, tableName: string): ApprovalStore {
  const get = async (requestId: string) => {
    const out = await db.send(
      new GetCommand({ TableName: tableName, Key: approvalKey(requestId), ConsistentRead: true }),
    );
    return out.Item ? attributesOf<ApprovalRequest>(out.Item) : undefined;
  };
  const pendingOnly = async (
    requestId: string,
    update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>,
  ) =>
    unlessConditionFails(
      db
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: approvalKey(requestId),
            ReturnValues: 'ALL_NEW',
            ...update,
          }),
        )
        .then((out) => attributesOf<ApprovalRequest>(out.Attributes ?? {})),
      undefined,
    );

  return {
    async create(request) {
      return putNew(db, {
        TableName: tableName,
        Item: { ...approvalKey(request.requestId), entity: 'approval', ...request },
      });
    },

    get,

    async decide(requestId, decision) {
      const updated = await pendingOnly(requestId, {
        UpdateExpression: 'SET #s = :decided, #d = :d',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status', '#d': 'decision' },
        ExpressionAttributeValues: { ':decided': 'decided', ':pending': 'pending', ':d': decision },
      });
      if (updated) {
        countEvent('approvalsDecided', decision.decision);
        return updated;
      }
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
