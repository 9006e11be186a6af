/**
 * The adapters of the group robots (docs/robots.md):
 * - `sqsStaffAlerts`: raising an alert is one SQS SendMessage to the robot queue (the local
 *   queue on one machine, AWS_ENDPOINT_URL_SQS). It never throws: a queue that cannot be
 *   reached is logged, and the email and SMS of the same event go out anyway.
 * - `fetchRobotTransport`: posts the signed request to the webhook and reads the platform's
 *   answer; rate limits, server errors and network failures are worth a retry.
 * - `dynamoRobotSendLog`: each robot's recent send times, one item per robot, so the
 *   per-minute limit holds across invocations (send-robot-alerts runs one at a time).
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { type StaffAlertInput, staffAlertSchema } from '../domain/staff-alerts.ts';
import { errorFields, log } from '../observability/logger.ts';
import type { RobotSendLog, RobotTransport, StaffAlerts } from '../ports.ts';
import { awsClientOptions } from '../runtime-env.ts';

/** Puts an alert on the queue; throws when the queue cannot take it (the consumer's requeue). */
export async function queueAlert(
  client: SQSClient,
  queueUrl: string,
  input: StaffAlertInput,
  delaySeconds?: number,
): Promise<void> {
  const alert = staffAlertSchema.parse({ ...input, id: input.id || ulid() });
  await client.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(alert),
      ...(delaySeconds ? { DelaySeconds: Math.min(900, Math.round(delaySeconds)) } : {}),
    }),
  );
}

export function sqsStaffAlerts(
  queueUrl: string,
  client = new SQSClient(awsClientOptions('SQS')),
): StaffAlerts {
  return {
    async raise(input, delaySeconds) {
      try {
        await queueAlert(client, queueUrl, input, delaySeconds);
      } catch (error) {
        log().error('staff alert not queued', { kind: input.kind, ...errorFields(error) });
      }
    },
  };
}

/** Platform codes that mean "too fast" or "busy": WeCom 45009, DingTalk 130101, Feishu 9499/11232, -1 busy. */
const TRY_AGAIN = new Set([45009, 130101, 9499, 11232, -1]);

export function fetchRobotTransport(timeoutMs = 10_000): RobotTransport {
  return {
    async post(request) {
      try {
        const res = await fetch(request.url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
        const code = Number(answer['errcode'] ?? answer['code'] ?? answer['StatusCode'] ?? (res.ok ? 0 : -1));
        if (res.ok && code === 0) return { ok: true, retryable: false, detail: 'ok' };
        const message = String(answer['errmsg'] ?? answer['msg'] ?? answer['StatusMessage'] ?? '');
        return {
          ok: false,
          retryable: res.status >= 500 || res.status === 429 || TRY_AGAIN.has(code),
          detail: `HTTP ${res.status} code ${code} ${message}`.slice(0, 200),
        };
      } catch (error) {
        return { ok: false, retryable: true, detail: (error as Error).name };
      }
    },
  };
}

const sendLogKey = (robot: string) => ({ pk: `ROBOT#${robot}`, sk: 'SENDS' });

export function dynamoRobotSendLog(db: DynamoDBDocumentClient, tableName: string): RobotSendLog {
  return {
    async recent(robot) {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: sendLogKey(robot), ConsistentRead: true }),
      );
      return ((out.Item?.['sent'] as number[] | undefined) ?? []).filter(Number.isFinite);
    },
    async record(robot, sentAt) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...sendLogKey(robot), entity: 'robot-sends', sent: sentAt.slice(-40) },
        }),
      );
    },
  };
}

/** The send log in memory: tests, and one process that needs no table. */
export function memoryRobotSendLog(): RobotSendLog {
  const logs = new Map<string, number[]>();
  return {
    recent: async (robot) => [...(logs.get(robot) ?? [])],
    record: async (robot, sentAt) => {
      logs.set(robot, [...sentAt]);
    },
  };
}
