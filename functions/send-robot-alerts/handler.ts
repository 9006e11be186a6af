/**
 * The robot queue's consumer (docs/robots.md): a batch of staff alerts delivered to the group
 * robots by deliver-robot-alerts. Alerts a robot did not take are queued again for that robot,
 * later each time; after MAX_ATTEMPTS they are reported failed, so the queue's redrive policy
 * moves them to its dead-letter queue (never dropped). A message that is no alert is reported
 * failed at once.
 */

import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { dynamoRobotSendLog, fetchRobotTransport, queueAlert } from '#shared/adapters/robot-alerts.ts';
import { publicBaseUrl, robotQueueUrl, robotsConfig, tableName } from '#shared/config.ts';
import { type StaffAlert, staffAlertSchema } from '#shared/domain/staff-alerts.ts';
import { log } from '#shared/observability/logger.ts';
import { observed } from '#shared/observability/observed.ts';
import { systemClock } from '#shared/ports.ts';
import { awsClientOptions, perEnvironment } from '#shared/runtime-env.ts';
import { deliverRobotAlerts } from '#shared/use-cases/deliver-robot-alerts.ts';

/** Deliveries of one alert to one robot before it goes to the dead-letter queue (about 1.5 hours). */
export const MAX_ATTEMPTS = 8;
const sqs = perEnvironment(() => new SQSClient(awsClientOptions('SQS')));
const retryDelaySeconds = (attempt: number) => Math.min(900, 30 * 2 ** attempt);

export const handler = observed(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const robots = await robotsConfig();
  const failures: string[] = [];
  const alerts: StaffAlert[] = [];
  const messageOf = new Map<string, string>();
  for (const record of event.Records) {
    const parsed = staffAlertSchema.safeParse(safeJson(record.body));
    if (!parsed.success) {
      log().error('robot queue message is no staff alert', { messageId: record.messageId });
      failures.push(record.messageId);
      continue;
    }
    alerts.push(parsed.data);
    messageOf.set(parsed.data.id, record.messageId);
  }
  const result = await deliverRobotAlerts(
    {
      robots,
      transport: fetchRobotTransport(),
      sendLog: dynamoRobotSendLog(documentClient(), tableName()),
      clock: systemClock,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      publicBaseUrl: publicBaseUrl(),
    },
    alerts,
  );
  for (const alert of result.retry) {
    const messageId = messageOf.get(alert.id)!;
    if (alert.attempt >= MAX_ATTEMPTS) failures.push(messageId);
    else {
      // Could the queue not take it, the original comes back (its other robots get it twice).
      await queueAlert(sqs(), robotQueueUrl(), alert, retryDelaySeconds(alert.attempt)).catch(() =>
        failures.push(messageId),
      );
    }
  }
  return { batchItemFailures: [...new Set(failures)].map((itemIdentifier) => ({ itemIdentifier })) };
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
