/**
 * Emails of the local outbox kept on disk. aws-ses-v2-local keeps what it is sent in memory
 * only, so an approval email (with its signed link) would be gone after a restart. The SES
 * endpoint the functions use is this small proxy in front of the emulator: each send is passed
 * on, and once the emulator accepted it, every email it holds that is not on disk yet is
 * appended to `<data dir>/email-outbox.jsonl` before the sender gets its answer. The emulator's
 * memory is one per process, shared by every local system in it: only the email whose id the
 * emulator answered through this proxy is this system's.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutboxMessage } from './ses.ts';

interface SesStoreEmail {
  messageId: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { contentType: string; filename?: string; size: number; content: string }[];
  headers?: { name: string; value: string }[];
  at: number;
}

export interface EmailOutbox {
  /** The SES endpoint to give the SDK. */
  endpoint: string;
  /** Every email recorded, oldest first. */
  emails(): Promise<OutboxMessage[]>;
  close(): Promise<void>;
}

const toOutbox = (e: SesStoreEmail): OutboxMessage => ({
  id: e.messageId,
  channel: 'email',
  to: [...e.destination.to, ...e.destination.cc, ...e.destination.bcc],
  subject: e.subject,
  text: e.body.text ?? '',
  html: e.body.html ?? '',
  attachments: e.attachments.map((a) => ({
    filename: a.filename ?? '',
    contentType: a.contentType,
    size: a.size,
    content: a.content,
  })),
  ...(e.headers?.length ? { headers: Object.fromEntries(e.headers.map((h) => [h.name, h.value])) } : {}),
  // When it was recorded, just before the sender's answer: the emulator keeps whole seconds only.
  sentAt: new Date(Math.max(e.at * 1000, Date.now())).toISOString(),
});

const readLines = async (file: string): Promise<OutboxMessage[]> =>
  (await readFile(file, 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxMessage);

/** The MessageId of SendEmail's answer, if it is one. */
function sentId(answer: Buffer): string | undefined {
  try {
    const id = (JSON.parse(answer.toString('utf8')) as { MessageId?: unknown }).MessageId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startEmailOutbox(emulator: string, file: string): Promise<EmailOutbox> {
  // The emulator keeps every email of the process in memory, stamped to the second, with a
  // random id: ask only for the emails of the latest second on, and tell them apart from the
  // ones already recorded by the ids of that second alone.
  let since = Math.floor(Date.now() / 1000);
  const recent = new Map<string, number>();
  const storeEmails = async () =>
    ((await (await fetch(`${emulator}/store?since=${since}`)).json()) as { emails: SesStoreEmail[] }).emails;
  const remember = (emails: SesStoreEmail[]) => {
    for (const e of emails) {
      recent.set(e.messageId, e.at);
      since = Math.max(since, e.at);
    }
    for (const [id, at] of recent) if (at < since) recent.delete(id);
  };
  // What the emulator held before this start was someone else's (one memory per process).
  remember(await storeEmails());
  let recording: Promise<void> = Promise.resolve();
  const record = (messageId: string | undefined) => {
    // A failed write fails its send (the sender retries); the next send records what is left.
    recording = recording
      .catch(() => {})
      .then(async () => {
        const emails = await storeEmails();
        const fresh = emails.filter(
          (e) => !recent.has(e.messageId) && (messageId === undefined || e.messageId === messageId),
        );
        if (fresh.length === 0) return;
        await appendFile(file, fresh.map((e) => `${JSON.stringify(toOutbox(e))}\n`).join(''), {
          mode: 0o600,
        });
        remember(fresh);
      });
    return recording;
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || ['host', 'connection', 'content-length'].includes(name)) continue;
        headers[name] = Array.isArray(value) ? value.join(',') : value;
      }
      const method = req.method ?? 'GET';
      const payload = await body(req);
      const answer = await fetch(`${emulator}${req.url ?? '/'}`, {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: new Uint8Array(payload) }),
      });
      const text = Buffer.from(await answer.arrayBuffer());
      if (method === 'POST' && answer.ok) await record(sentId(text));
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
      });
      res.end(text);
    })().catch((error: Error) => {
      console.error(JSON.stringify({ level: 'error', message: 'email outbox', error: error.name }));
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'The local email outbox could not record the email' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async emails() {
      await recording.catch(() => {});
      return readLines(file);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
