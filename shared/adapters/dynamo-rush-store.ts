/** RushStore on DynamoDB: items under the order's partition (shared/entities/rush-entity.ts). */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type RushReport, type RushWindow, rushReportKey, rushWindowKey } from '../entities/rush-entity.ts';
import type { RushStore } from '../ports.ts';

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk, sk, entity, ...rest } = item;
  return rest as T;
};

export function dynamoRushStore(db: DynamoDBDocumentClient, tableName: string): RushStore {
  return {
    async putReport(report) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...rushReportKey(report.orderId, report.at, report.reportId),
            entity: 'rush-report',
            ...report,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async putWindow(orderId, window) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...rushWindowKey(orderId, window.index), entity: 'rush-window', ...window },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'exists';
        throw error;
      }
    },

    async records(orderId) {
      const reports: RushReport[] = [];
      const windows: RushWindow[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
            ExpressionAttributeValues: { ':p': `ORDER#${orderId}`, ':s': 'RUSH#' },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) {
          if (item['entity'] === 'rush-report') reports.push(strip<RushReport>(item));
          else if (item['entity'] === 'rush-window') windows.push(strip<RushWindow>(item));
        }
        start = out.LastEvaluatedKey;
      } while (start);
      return { reports, windows };
    },
  };
}
