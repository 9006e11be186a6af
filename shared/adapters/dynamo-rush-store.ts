/** RushStore on DynamoDB: items under the order's partition (shared/entities/rush-entity.ts). */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type RushReport, type RushWindow, rushReportKey, rushWindowKey } from '../entities/rush-entity.ts';
import type { RushStore } from '../ports.ts';
import { putNew } from './dynamo-conditions.ts';
import { attributesOf, queryAll } from './dynamo-paging.ts';

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
      return putNew(db, {
        TableName: tableName,
        Item: { ...rushWindowKey(orderId, window.index), entity: 'rush-window', ...window },
      });
    },

    async records(orderId) {
      const reports: RushReport[] = [];
      const windows: RushWindow[] = [];
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `ORDER#${orderId}`, ':s': 'RUSH#' },
        ConsistentRead: true,
      });
      for (const item of items) {
        if (item['entity'] === 'rush-report') reports.push(attributesOf<RushReport>(item));
        else if (item['entity'] === 'rush-window') windows.push(attributesOf<RushWindow>(item));
      }
      return { reports, windows };
    },
  };
}
