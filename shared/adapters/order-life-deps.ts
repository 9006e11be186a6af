/**
 * Adapters of the steps after approval (production, shipping, delivery, completion, holds,
 * exceptions), built once per process: the order store, mail and SMS to the customer, and the
 * signing secret of tracking and satisfaction links.
 */

import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { archiveAfterDays, completeAfterDays, mailFrom, tableName } from '../config.ts';
import type { Mailer, SmsSender } from '../ports.ts';
import { systemClock } from '../ports.ts';
import { awsClientOptions, perEnvironment } from '../runtime-env.ts';
import { catalogueStore, orderStore, trackingLinks } from './deps.ts';
import { documentClient } from './dynamo-client.ts';
import { dynamoInventory } from './dynamo-inventory.ts';
import { sesMailer, snsSms } from './messaging.ts';
import { workflowEngine } from './workflow-engine.ts';

const mailer = perEnvironment(
  (): Mailer => sesMailer(mailFrom(), new SESv2Client(awsClientOptions('SESV2'))),
);
const sms = perEnvironment((): SmsSender => snsSms(new SNSClient(awsClientOptions('SNS'))));

export async function shippingDeps() {
  return {
    orders: orderStore(),
    catalogue: catalogueStore(),
    // A shipment takes what it carries out of the order's reservations (R-MASTER-2).
    inventory: dynamoInventory(documentClient(), tableName()),
    mailer: mailer(),
    sms: sms(),
    clock: systemClock,
    ...(await trackingLinks()),
  };
}

/** The closing workflow started at the last delivery, with its periods in whole seconds. */
export const closingDeps = () => ({
  closing: {
    workflows: workflowEngine(),
    completeAfterSeconds: Math.round(completeAfterDays() * 86_400),
    archiveAfterSeconds: Math.round(archiveAfterDays() * 86_400),
  },
});
