/**
 * Where raw inbound messages are kept (R-INTAKE-6: retained and linked to the order). On AWS the
 * SES receipt rule writes them to the bucket under `inbound/<SES message id>` (INBOUND_BUCKET);
 * locally the SMTP server writes them under the data directory (INBOUND_DIR) as
 * `raw/<id>.eml`. Both are read through the same port by the same key.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { inboundBucket, inboundDir } from '../config.ts';
import type { RawMessageStore } from '../ports.ts';
import { awsClientOptions } from '../runtime-env.ts';

/** `inbound/<id>` → the file of that message under INBOUND_DIR. */
export const localRawPath = (inboundDir: string, rawKey: string): string =>
  join(inboundDir, 'raw', `${rawKey.replace(/^inbound\//, '').replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);

export const rawKeyFor = (sesMessageId: string): string => `inbound/${sesMessageId}`;

export function s3RawMessageStore(
  bucket: string,
  client = new S3Client(awsClientOptions('S3')),
): RawMessageStore {
  return {
    async get(rawKey) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: rawKey }));
        return out.Body ? await out.Body.transformToByteArray() : undefined;
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
  };
}

export function fileRawMessageStore(inboundDir: string): RawMessageStore {
  return {
    async get(rawKey) {
      try {
        return new Uint8Array(await readFile(localRawPath(inboundDir, rawKey)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}

/** INBOUND_BUCKET on AWS, INBOUND_DIR locally; one of them must be set. */
export function rawMessageStoreFromEnv(): RawMessageStore {
  const bucket = inboundBucket();
  if (bucket) return s3RawMessageStore(bucket);
  const dir = inboundDir();
  if (dir) return fileRawMessageStore(dir);
  throw new Error('Environment variable INBOUND_BUCKET (or INBOUND_DIR locally) is not set');
}
