/**
 * Adapters of the steps after approval (production, shipping, delivery, completion, holds,
 * exceptions), built once per process: the order store, mail and SMS to the customer, and the
 * signing secret of tracking and satisfaction links.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { mailFrom } from '../config.ts';
import type { Mailer, SmsSender } from '../ports.ts';
import { systemClock } from '../ports.ts';
import { catalogueStore, orderStore, trackingLinks } from './deps.ts';
import { sesMailer, snsSms } from './messaging.ts';

let mailer: Mailer | undefined;
let sms: SmsSender | undefined;

export async function shippingDeps() {
  mailer ??= sesMailer(mailFrom(), new SESv2Client({}));
  sms ??= snsSms(new SNSClient({}));
  return {
    orders: orderStore(),
    catalogue: catalogueStore(),
    mailer,
    sms,
    clock: systemClock,
    ...(await trackingLinks()),
  };
}
