/**
 * Table stream of new orders → confirmation email and SMS (R-INTAKE-3). On AWS the records
 * come from DynamoDB Streams; locally from the poller of the `pending-notifications` index,
 * in the same event shape. A failed record fails the batch, which is retried; records already
 * confirmed are skipped, so a retry does not send twice.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { orderStore, trackingLinks } from '#shared/adapters/deps.ts';
import { sesMailer, snsSms } from '#shared/adapters/messaging.ts';
import { mailFrom } from '#shared/config.ts';
import { sendOrderConfirmation } from '#shared/use-cases/send-order-confirmation.ts';

let mailer: ReturnType<typeof sesMailer> | undefined;
let sms: ReturnType<typeof snsSms> | undefined;

export const handler = async (event: DynamoDBStreamEvent): Promise<{ sent: number; skipped: number }> => {
  mailer ??= sesMailer(mailFrom(), new SESv2Client({}));
  sms ??= snsSms(new SNSClient({}));
  const deps = { orders: orderStore(), mailer, sms, ...(await trackingLinks()) };
  const counts = { sent: 0, skipped: 0 };
  for (const record of event.Records) {
    const orderId = record.dynamodb?.NewImage?.['orderId']?.S;
    if (!orderId) continue;
    counts[await sendOrderConfirmation(deps, orderId)]++;
  }
  console.log(JSON.stringify({ level: 'info', message: 'confirmations', ...counts }));
  return counts;
};
