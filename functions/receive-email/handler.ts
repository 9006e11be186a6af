/**
 * Email intake (R-INTAKE-6): the SES receipt rule's Lambda action on AWS (the raw message is in
 * the inbound bucket already), the local SMTP server locally — the same event either way.
 * An error fails the invocation, which SES's asynchronous invocation retries; the use case
 * carries on from where a failed attempt stopped and never registers twice.
 * A reply to an order's confirmation asking for a date change or a cancellation becomes a
 * pending customer change request instead (R-CHG-1, R-CHG-3).
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { cognitoStaffDirectory } from '#shared/adapters/cognito-staff-directory.ts';
import {
  catalogueStore,
  customerDirectory,
  inboundStore,
  orderList,
  orderStore,
  rawMessageStore,
  specialReviewIntake,
  trackingLinks,
} from '#shared/adapters/deps.ts';
import { dynamoChangeStore } from '#shared/adapters/dynamo-change-store.ts';
import { documentClient } from '#shared/adapters/dynamo-client.ts';
import { sesMailer } from '#shared/adapters/messaging.ts';
import { rawKeyFor } from '#shared/adapters/raw-message-store.ts';
import {
  inboundBlocklist,
  inboundDedupeHours,
  mailFrom,
  staffUserPoolId,
  tableName,
} from '#shared/config.ts';
import { type SesEvent, sesEventSchema } from '#shared/domain/inbound-schemas.ts';
import { log } from '#shared/observability/logger.ts';
import { observed } from '#shared/observability/observed.ts';
import { systemClock } from '#shared/ports.ts';
import { awsClientOptions, perEnvironment } from '#shared/runtime-env.ts';
import { type ReceiveResult, receiveEmail } from '#shared/use-cases/receive-email.ts';

const mailer = perEnvironment(() => sesMailer(mailFrom(), new SESv2Client(awsClientOptions('SESV2'))));

export const handler = observed(async (event: SesEvent): Promise<ReceiveResult[]> => {
  const parsed = sesEventSchema.safeParse(event);
  if (!parsed.success) {
    // Not an SES event: nothing to retry. The issues name fields, never contact data (R-SEC-1).
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    log().error('invalid SES event', { issues });
    throw new Error(`Invalid SES event: ${issues.join('; ')}`);
  }
  const links = await trackingLinks();
  const deps = {
    inbound: inboundStore(),
    raw: rawMessageStore(),
    orders: orderStore(),
    catalogue: catalogueStore(),
    customers: customerDirectory(),
    mailer: mailer(),
    clock: systemClock,
    blocklist: inboundBlocklist(),
    dedupeHours: inboundDedupeHours(),
    ...links,
    // R-CHG-1: a reply to a confirmation becomes the customer's change request.
    replies: {
      orderList: orderList(),
      changes: dynamoChangeStore(documentClient(), tableName()),
      staff: cognitoStaffDirectory(staffUserPoolId()),
      publicBaseUrl: links.publicBaseUrl,
    },
    ...specialReviewIntake(),
  };
  const results: ReceiveResult[] = [];
  for (const { ses } of parsed.data.Records) {
    const r = ses.receipt;
    const result = await receiveEmail(deps, {
      sesMessageId: ses.mail.messageId,
      rawKey: rawKeyFor(ses.mail.messageId),
      verdicts: {
        spam: r.spamVerdict.status,
        virus: r.virusVerdict.status,
        spf: r.spfVerdict.status,
        dkim: r.dkimVerdict.status,
        dmarc: r.dmarcVerdict.status,
      },
      ...(ses.mail.source ? { envelopeFrom: ses.mail.source } : {}),
    });
    // Ids and states only: no address, subject or text in the log (R-SEC-1).
    log().info('email received', { ...result });
    results.push(result);
  }
  return results;
});
