/**
 * The local stand-in for SES receiving (R-INTAKE-6, docs/email-intake.md): an SMTP server on a
 * loopback port that accepts mail for the intake address only. For each message it
 * 1. writes the raw message to `<dataDir>/inbound/raw/<id>.eml` and a spool entry (the SES-shaped
 *    event) to `<dataDir>/inbound/spool/<id>.json`, both fsynced,
 * 2. only then answers 250 — so an accepted message is on disk before the sender forgets it,
 * 3. calls the manifest's `email-receipt` function with the event SES would send (verdicts PASS),
 * 4. deletes the spool entry once the function has dealt with it.
 * A spool entry left by a crash is processed again on the next start; the function is idempotent,
 * so a replay never registers twice. Addresses are never logged (R-SEC-1).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { FUNCTIONS } from '#functions/manifest.ts';
import { localRawPath, rawKeyFor } from '#shared/adapters/raw-message-store.ts';
import type { Environment } from '#shared/runtime-env.ts';
import { lambdaContext } from './api-event.ts';
import { invoker } from './functions.ts';

/** Announced (SIZE) and enforced; messages over 10 MB are accepted and quarantined. */
export const SMTP_HARD_LIMIT_BYTES = 25 * 1024 * 1024;

export interface LocalSmtpOptions {
  /** `<dataDir>/inbound` (INBOUND_DIR). */
  inboundDir: string;
  /** 0 picks a free port. */
  port: number;
  intakeAddress: string;
  /** Called after the function dealt with a message (e.g. to wake the stream poller). */
  onProcessed?: (result: unknown) => void;
  log?: (line: string) => void;
  /** The system's environment, which the intake function runs in (local/functions.ts). */
  environment?: Environment;
}

export interface LocalSmtp {
  port: number;
  /** Processes every spool entry left behind; returns how many there were. */
  recover(): Promise<number>;
  /** Resolves when no message is being processed. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const PASS = { status: 'PASS' };

/** The event of the SES receipt rule's Lambda action for one message. */
export function sesEvent(id: string, envelopeFrom: string, recipients: string[], at: Date): unknown {
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: at.toISOString(),
            source: envelopeFrom,
            messageId: id,
            destination: recipients,
            headersTruncated: false,
          },
          receipt: {
            timestamp: at.toISOString(),
            processingTimeMillis: 0,
            recipients,
            spamVerdict: PASS,
            virusVerdict: PASS,
            spfVerdict: PASS,
            dkimVerdict: PASS,
            dmarcVerdict: PASS,
            action: {
              type: 'Lambda',
              functionArn: 'arn:aws:lambda:local:000000000000:function:receive-email',
              invocationType: 'Event',
            },
          },
        },
      },
    ],
  };
}

async function writeDurably(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp`;
  const file = await open(tmp, 'w');
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
}

function collect(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= SMTP_HARD_LIMIT_BYTES) chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export async function startLocalSmtp(options: LocalSmtpOptions): Promise<LocalSmtp> {
  const spoolDir = join(options.inboundDir, 'spool');
  await mkdir(join(options.inboundDir, 'raw'), { recursive: true });
  await mkdir(spoolDir, { recursive: true });
  const log = options.log ?? (() => {});
  const intake = options.intakeAddress.trim().toLowerCase();
  const spec = FUNCTIONS.find((f) => f.triggers.some((t) => t.kind === 'email-receipt'));
  if (!spec) throw new Error('No function has an email-receipt trigger in the manifest');
  const invoke = invoker(options.environment);
  const inFlight = new Set<Promise<void>>();

  async function processEntry(id: string): Promise<void> {
    const spoolFile = join(spoolDir, `${id}.json`);
    const event = JSON.parse(await readFile(spoolFile, 'utf8')) as unknown;
    const result = await invoke(spec!.name, event, lambdaContext(spec!.name, 60_000));
    await rm(spoolFile, { force: true });
    options.onProcessed?.(result);
  }

  /** Like Lambda's asynchronous invocation: two retries, then the entry waits for a restart. */
  function processLater(id: string): void {
    const run = (async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await processEntry(id);
          return;
        } catch (error) {
          log(
            `Email ${id}: attempt ${attempt + 1} failed (${(error as Error).name}: ${(error as Error).message})`,
          );
          await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
        }
      }
      log(`Email ${id} stays in the spool; it is processed again on the next start.`);
    })();
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  }

  async function accept(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const raw = await collect(stream);
    if (stream.sizeExceeded) throw smtpError(552, `Message exceeds ${SMTP_HARD_LIMIT_BYTES} bytes`);
    const id = randomUUID().replaceAll('-', '');
    const at = new Date();
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
    await writeDurably(localRawPath(options.inboundDir, rawKeyFor(id)), raw);
    await writeDurably(
      join(spoolDir, `${id}.json`),
      JSON.stringify(sesEvent(id, envelopeFrom, recipients, at)),
    );
    // Fault injection for the restart test: stop dead between storing and registering.
    if (process.env['ORDERDESK_FAULT'] === 'after-spool') process.exit(75);
    return id;
  }

  const server = new SMTPServer({
    name: 'orderdesk.local',
    banner: 'Order desk intake',
    size: SMTP_HARD_LIMIT_BYTES,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.trim().toLowerCase() === intake) return callback();
      callback(smtpError(550, 'No such mailbox here'));
    },
    onData(stream, session, callback) {
      accept(stream, session).then(
        (id) => {
          callback(null, `Queued as ${id}`);
          processLater(id);
        },
        (error: Error & { responseCode?: number }) =>
          callback(
            error.responseCode ? error : smtpError(451, 'Could not store the message; try again later'),
          ),
      );
    },
  });
  server.on('error', (error) => log(`SMTP: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
  return {
    port,
    async recover() {
      const ids = (await readdir(spoolDir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
      for (const id of ids) processLater(id);
      await idle();
      return ids.length;
    },
    idle,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await idle();
    },
  };
}
