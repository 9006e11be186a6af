/**
 * ReportRunStore on DynamoDB (shared/entities/report-run-entity.ts): the claim is one
 * conditional UpdateItem — it succeeds when no run of the schedule and period exists, or when
 * the existing one is a claim older than the stale limit (a crashed run) — so two concurrent
 * runs never both send, and a sent period is never sent again.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { onDemandRunKey, type ReportRun, reportRunKey } from '../entities/report-run-entity.ts';
import type { ReportRunStore } from '../use-cases/send-report.ts';
import { isConditionFailure, unlessConditionFails } from './dynamo-conditions.ts';
import { attributesOf } from './dynamo-paging.ts';

export function dynamoReportRuns(db: DynamoDBDocumentClient, tableName: string): ReportRunStore {
  const get = async (schedule: string, period: { from: string; to: string }) => {
    const out = await db.send(
      new GetCommand({ TableName: tableName, Key: reportRunKey(schedule, period), ConsistentRead: true }),
    );
    return out.Item ? attributesOf<ReportRun>(out.Item) : undefined;
  };
  return {
    get,

    async claim({ schedule, period, token, at, staleBefore }) {
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: reportRunKey(schedule, period),
            UpdateExpression:
              'SET entity = :entity, #schedule = :schedule, #from = :from, #to = :to, #status = :claimed, ' +
              'claimToken = :token, claimedAt = :at ADD attempts :one',
            ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedAt < :stale)',
            ExpressionAttributeNames: {
              '#status': 'status',
              '#from': 'from',
              '#to': 'to',
              '#schedule': 'schedule',
            },
            ExpressionAttributeValues: {
              ':entity': 'report-run',
              ':schedule': schedule,
              ':from': period.from,
              ':to': period.to,
              ':claimed': 'claimed',
              ':token': token,
              ':at': at,
              ':stale': staleBefore,
              ':one': 1,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { outcome: 'claimed', run: attributesOf<ReportRun>(out.Attributes ?? {}) };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const run = await get(schedule, period);
      // Deleted between the two calls (a run released its claim): the caller may try again.
      if (!run) return { outcome: 'busy' };
      return run.status === 'sent' ? { outcome: 'sent', run } : { outcome: 'busy', run };
    },

    async markSent({ schedule, period, token, at, recipients }) {
      const update = db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: reportRunKey(schedule, period),
          UpdateExpression: 'SET #status = :sent, sentAt = :at, recipients = :recipients',
          ConditionExpression: 'claimToken = :token',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':at': at,
            ':recipients': recipients,
            ':token': token,
          },
        }),
      );
      return unlessConditionFails(
        update.then(() => 'marked' as const),
        'lost' as const,
      );
    },

    async release({ schedule, period, token }) {
      const remove = db.send(
        new DeleteCommand({
          TableName: tableName,
          Key: reportRunKey(schedule, period),
          ConditionExpression: 'claimToken = :token AND #status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':token': token, ':claimed': 'claimed' },
        }),
      );
      await unlessConditionFails(remove, undefined); // no longer ours: nothing to release
    },

    async recordOnDemand(run) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...onDemandRunKey(run, run.sentAt ?? run.claimedAt, run.claimToken),
            entity: 'report-run',
            ...run,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
  };
}
