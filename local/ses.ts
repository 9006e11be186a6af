/**
 * The SES emulator (aws-ses-v2-local, same SES v1/v2 API) and the local SNS `Publish` endpoint.
 * Both feed the local outbox (`/_local/outbox`). SMS are appended to a file as they are sent,
 * emails too when an email file is given (local/email-outbox.ts), so both outlive a restart.
 */

import { randomUUID } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { type EmailOutbox, startEmailOutbox } from './email-outbox.ts';

const require = createRequire(import.meta.url);
const sesEmulator = (require('aws-ses-v2-local') as typeof import('aws-ses-v2-local')).default;

export interface OutboxMessage {
  id: string;
  channel: 'email' | 'sms' | 'wecom' | 'dingtalk' | 'feishu';
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Base64 content of each attachment (emails only). */
  attachments: { filename: string; contentType: string; size: number; content?: string }[];
  /** Extra headers the sender set (In-Reply-To, References…); a robot message's request headers. */
  headers?: Record<string, string>;
  /** A robot message (local/robot-receivers.ts): the webhook URL it was posted to. */
  url?: string;
  /** A robot message: the exact JSON body the platform got. */
  body?: string;
  sentAt: string;
}

const listen = (server: Server) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

export interface LocalMessaging {
  sesEndpoint: string;
  snsEndpoint: string;
  outbox(): Promise<OutboxMessage[]>;
  close(): Promise<void>;
}

/** Answers SNS `Publish` (query or JSON protocol) for SMS and records the message. */
function snsServer(smsFile: string): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const isJson = (req.headers['content-type'] ?? '').includes('json');
      const params: Record<string, string> = isJson
        ? JSON.parse(raw || '{}')
        : Object.fromEntries(new URLSearchParams(raw));
      const action = isJson
        ? String(req.headers['x-amz-target'] ?? '')
            .split('.')
            .pop()
        : params['Action'];
      if (action === 'Publish' && params['TopicArn']) {
        // Topic notifications (the approvals topic) are recorded beside the outbox.
        const id = randomUUID();
        await appendFile(
          smsFile.replace(/sms-outbox\.jsonl$/, 'topic-messages.jsonl'),
          `${JSON.stringify({ id, topicArn: params['TopicArn'], subject: params['Subject'] ?? '', message: params['Message'] ?? '', sentAt: new Date().toISOString() })}\n`,
        );
        res.writeHead(200, { 'content-type': isJson ? 'application/x-amz-json-1.0' : 'text/xml' });
        res.end(
          isJson
            ? JSON.stringify({ MessageId: id })
            : `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
        );
        return;
      }
      if (action !== 'Publish' || !params['PhoneNumber']) {
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end(
          '<ErrorResponse><Error><Code>InvalidParameter</Code><Message>Only SMS Publish is emulated</Message></Error></ErrorResponse>',
        );
        return;
      }
      const id = randomUUID();
      const message: OutboxMessage = {
        id,
        channel: 'sms',
        to: [params['PhoneNumber']],
        subject: '',
        text: params['Message'] ?? '',
        html: '',
        attachments: [],
        sentAt: new Date().toISOString(),
      };
      await appendFile(smsFile, `${JSON.stringify(message)}\n`, { mode: 0o600 });
      if (isJson) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ MessageId: id }));
      } else {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
        );
      }
    });
  });
}

/**
 * Starts the SES emulator and local SNS. With `emailFile`, sent emails are kept in it (the
 * system's outbox); without, they live in the emulator's memory (a one-off command's).
 */
export async function startMessaging(smsFile: string, emailFile?: string): Promise<LocalMessaging> {
  const ses = await sesEmulator({ host: '127.0.0.1', port: 0 });
  const sesPort = (ses.address() as AddressInfo).port;
  const sns = snsServer(smsFile);
  const snsPort = await listen(sns);
  const emulator = `http://127.0.0.1:${sesPort}`;
  const recorder: EmailOutbox | undefined = emailFile
    ? await startEmailOutbox(emulator, emailFile)
    : undefined;

  return {
    sesEndpoint: recorder?.endpoint ?? emulator,
    snsEndpoint: `http://127.0.0.1:${snsPort}`,
    async outbox() {
      const emails = recorder ? await recorder.emails() : [];
      const sms: OutboxMessage[] = (await readFile(smsFile, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      return [...emails, ...sms].sort((a, b) => a.sentAt.localeCompare(b.sentAt));
    },
    async close() {
      await recorder?.close();
      await Promise.all([closeServer(ses), closeServer(sns)]);
    },
  };
}
