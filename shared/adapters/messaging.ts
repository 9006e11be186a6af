/**
 * Mail through SES (v2 API) and SMS through SNS. Locally the endpoints point at the SES
 * emulator and the local SNS endpoint (AWS_ENDPOINT_URL_SESV2 / AWS_ENDPOINT_URL_SNS); the
 * clients are the real ones. Addresses are never logged (R-SEC-1).
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Mailer, SmsSender, TopicPublisher } from '../ports.ts';
import { awsClientOptions } from '../runtime-env.ts';

export function sesMailer(from: string, client = new SESv2Client(awsClientOptions('SESV2'))): Mailer {
  return {
    async send(email) {
      if (email.to.length === 0) return;
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: email.to },
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: email.text, Charset: 'UTF-8' },
                Html: { Data: email.html, Charset: 'UTF-8' },
              },
              ...(email.headers
                ? { Headers: Object.entries(email.headers).map(([Name, Value]) => ({ Name, Value })) }
                : {}),
              ...(email.attachments?.length
                ? {
                    Attachments: email.attachments.map((a) => ({
                      FileName: a.filename,
                      ContentType: a.contentType,
                      RawContent: a.content,
                      ContentDisposition: 'ATTACHMENT' as const,
                    })),
                  }
                : {}),
            },
          },
        }),
      );
    },
  };
}

/** E.164 for SNS: mainland numbers without a country code get +86. */
export function toE164(phone: string): string {
  const digits = phone.replace(/[^0-9+]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (digits.startsWith('86') && digits.length === 13) return `+${digits}`;
  return `+86${digits.replace(/^0/, '')}`;
}

export function snsSms(client = new SNSClient(awsClientOptions('SNS'))): SmsSender {
  return {
    async send(sms) {
      await client.send(
        new PublishCommand({
          PhoneNumber: toE164(sms.to),
          Message: sms.text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          },
        }),
      );
    },
  };
}

export function snsTopic(topicArn: string, client = new SNSClient(awsClientOptions('SNS'))): TopicPublisher {
  return {
    async publish(subject, message) {
      await client.send(
        new PublishCommand({ TopicArn: topicArn, Subject: subject.slice(0, 100), Message: message }),
      );
    },
  };
}
