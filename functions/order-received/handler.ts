/**
 * Table stream of new orders (R-INTAKE-3, R-APPR-1, R-PROC-5): start the approval workflow and
 * the SLA clock, then send the confirmation email and SMS. On AWS the records come from DynamoDB
 * Streams; locally from the poller of the `pending-notifications` index, in the same shape.
 * Each record is handled on its own and only failed records are reported (`batchItemFailures`,
 * shared/adapters/stream-batch.ts); a reported record comes again: starts are idempotent
 * (executions are named after the order) and confirmed orders are skipped, so a retry neither
 * starts nor sends twice.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { currentCalendar } from '#shared/adapters/calendar-source.ts';
import { cognitoStaffDirectory } from '#shared/adapters/cognito-staff-directory.ts';
import { orderStore, trackingLinks } from '#shared/adapters/deps.ts';
import { sesMailer, snsSms } from '#shared/adapters/messaging.ts';
import { eachStreamRecord } from '#shared/adapters/stream-batch.ts';
import { workflowEngine } from '#shared/adapters/workflow-engine.ts';
import { mailFrom, staffUserPoolId, workflowTimeScale } from '#shared/config.ts';
import { orderIdOf } from '#shared/entities/order-entity.ts';
import { correlate, log } from '#shared/observability/logger.ts';
import { observed } from '#shared/observability/observed.ts';
import { awsClientOptions, perEnvironment } from '#shared/runtime-env.ts';
import { announceSpecialReview } from '#shared/use-cases/order-special-review.ts';
import { sendOrderConfirmation } from '#shared/use-cases/send-order-confirmation.ts';
import { startOrderWorkflows } from '#shared/use-cases/start-order-workflows.ts';

const mailer = perEnvironment(() => sesMailer(mailFrom(), new SESv2Client(awsClientOptions('SESV2'))));
const sms = perEnvironment(() => snsSms(new SNSClient(awsClientOptions('SNS'))));

export const handler = observed(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const deps = { orders: orderStore(), mailer: mailer(), sms: sms(), ...(await trackingLinks()) };
  const workflows = {
    workflows: workflowEngine(),
    calendar: await currentCalendar(),
    timeScale: workflowTimeScale(),
  };
  const { batchItemFailures, results } = await eachStreamRecord(event.Records, async (record) => {
    const image = record.dynamodb?.NewImage;
    const orderId = image?.['pk']?.S ? orderIdOf(image['pk'].S) : undefined;
    const createdAt = image?.['createdAt']?.S;
    if (!orderId || !createdAt) return 'skipped' as const;
    correlate(orderId);
    // R-SPEC-1: special requirements are reviewed before the approval starts; the review's
    // last acceptance starts it (shared/use-cases/order-special-review.ts).
    const specialReviewPending = image?.['specialReview'] !== undefined;
    await startOrderWorkflows(workflows, {
      orderId,
      createdAt,
      rush: image?.['rush'] !== undefined,
      specialReviewPending,
    });
    // R-SPEC-1: the departments are told of the review they are asked for (My work lists it too).
    if (specialReviewPending)
      await announceSpecialReview(
        { orders: deps.orders, staff: cognitoStaffDirectory(staffUserPoolId()), mailer: deps.mailer },
        orderId,
      );
    return sendOrderConfirmation(deps, orderId);
  });
  const count = (what: string) => results.filter((r) => r === what).length;
  log().info('orders received', {
    sent: count('sent'),
    skipped: count('skipped'),
    failed: batchItemFailures.length,
  });
  return { batchItemFailures };
});
