/**
 * Table stream of new orders (R-INTAKE-3, R-APPR-1, R-PROC-5): start the approval workflow and
 * the SLA clock, then send the confirmation email and SMS. On AWS the records come from DynamoDB
 * Streams; locally from the poller of the `pending-notifications` index, in the same shape.
 * A failed record fails the batch, which is retried: starts are idempotent (executions are
 * named after the order) and confirmed orders are skipped, so a retry neither starts nor sends
 * twice.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { currentCalendar } from '#shared/adapters/calendar-source.ts';
import { orderStore, trackingLinks } from '#shared/adapters/deps.ts';
import { sesMailer, snsSms } from '#shared/adapters/messaging.ts';
import { workflowEngine } from '#shared/adapters/workflow-engine.ts';
import { mailFrom, workflowTimeScale } from '#shared/config.ts';
import { orderIdOf } from '#shared/entities/order-entity.ts';
import { correlate, log } from '#shared/observability/logger.ts';
import { observed } from '#shared/observability/observed.ts';
import { sendOrderConfirmation } from '#shared/use-cases/send-order-confirmation.ts';
import { startOrderWorkflows } from '#shared/use-cases/start-order-workflows.ts';

let mailer: ReturnType<typeof sesMailer> | undefined;
let sms: ReturnType<typeof snsSms> | undefined;

export const handler = observed(
  async (event: DynamoDBStreamEvent): Promise<{ sent: number; skipped: number }> => {
    mailer ??= sesMailer(mailFrom(), new SESv2Client({}));
    sms ??= snsSms(new SNSClient({}));
    const deps = { orders: orderStore(), mailer, sms, ...(await trackingLinks()) };
    const workflows = {
      workflows: workflowEngine(),
      calendar: await currentCalendar(),
      timeScale: workflowTimeScale(),
    };
    const counts = { sent: 0, skipped: 0 };
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      const orderId = image?.['pk']?.S ? orderIdOf(image['pk'].S) : undefined;
      const createdAt = image?.['createdAt']?.S;
      if (!orderId || !createdAt) continue;
      correlate(orderId);
      await startOrderWorkflows(workflows, { orderId, createdAt, rush: image?.['rush'] !== undefined });
      counts[await sendOrderConfirmation(deps, orderId)]++;
    }
    log().info('orders received', counts);
    return counts;
  },
);
