/**
 * HolidayScheduleStore on DynamoDB (shared/entities/holiday-schedule-entity.ts): all years in one
 * partition, read with one Query; a load is one conditional PutItem — new only when the year has
 * none yet, a replacement only over the version the gm saw (shared/adapters/dynamo-conditions.ts).
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { holidayScheduleToItem, type StoredHolidaySchedule } from '../entities/holiday-schedule-entity.ts';
import type { HolidayScheduleStore } from '../use-cases/holiday-schedule-admin.ts';
import type { ReminderClaims } from '../use-cases/remind-ops-of-calendar.ts';
import { putNew, unlessConditionFails } from './dynamo-conditions.ts';
import { attributesOf, queryAll } from './dynamo-paging.ts';

export function dynamoHolidaySchedules(db: DynamoDBDocumentClient, tableName: string): HolidayScheduleStore {
  return {
    async list() {
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :year)',
        ExpressionAttributeValues: { ':pk': 'CALENDAR', ':year': 'YEAR#' },
      });
      return items.map((item) => {
        const { year, holidays, workdays, loadedBy, loadedAt, version } =
          attributesOf<StoredHolidaySchedule>(item);
        return { year, holidays, workdays, loadedBy, loadedAt, version };
      });
    },

    async save(schedule, expectedVersion) {
      const Item = holidayScheduleToItem(schedule);
      if (expectedVersion === undefined) {
        return (await putNew(db, { TableName: tableName, Item })) === 'created' ? 'saved' : 'conflict';
      }
      const put = db.send(
        new PutCommand({
          TableName: tableName,
          Item,
          ConditionExpression: 'attribute_exists(pk) AND version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
      return unlessConditionFails(
        put.then(() => 'saved' as const),
        'conflict' as const,
      );
    },
  };
}

/** Reminder claims: one item per year and period, created only once (R-PROC-5 reminders to ops). */
export const dynamoReminderClaims = (db: DynamoDBDocumentClient, tableName: string): ReminderClaims => ({
  async claim(year, period) {
    const Item = {
      pk: 'CALENDAR',
      sk: `REMINDED#${year}#${period}`,
      entity: 'calendar-reminder',
      year,
      period,
    };
    return (await putNew(db, { TableName: tableName, Item })) === 'created';
  },
});
