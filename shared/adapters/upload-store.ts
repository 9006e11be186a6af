/**
 * Customers' written requests uploaded by staff (R-CHG-1), kept like raw inbound emails
 * (raw-message-store.ts): on AWS in the inbound bucket under `uploads/<id>` (INBOUND_BUCKET),
 * locally under the data directory (INBOUND_DIR) as `uploads/<id>`.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { inboundBucket, inboundDir } from '../config.ts';
import type { UploadStore } from '../ports.ts';
import { awsClientOptions } from '../runtime-env.ts';

export const uploadKey = (uploadId: string): string => `uploads/${uploadId}`;

export function s3UploadStore(bucket: string, client = new S3Client(awsClientOptions('S3'))): UploadStore {
  return {
    async put(uploadId, contentType, bytes) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: uploadKey(uploadId),
          Body: bytes,
          ContentType: contentType,
        }),
      );
    },
    async exists(uploadId) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: uploadKey(uploadId) }));
        return true;
      } catch (error) {
        if (error instanceof NotFound) return false;
        throw error;
      }
    },
    async get(uploadId) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: uploadKey(uploadId) }));
        const bytes = await out.Body!.transformToByteArray();
        return { contentType: out.ContentType ?? 'application/octet-stream', bytes };
      } catch (error) {
        if (error instanceof NoSuchKey || error instanceof NotFound) return undefined;
        throw error;
      }
    },
  };
}

export function fileUploadStore(inboundDir: string): UploadStore {
  const path = (uploadId: string) => join(inboundDir, 'uploads', uploadId.replace(/[^A-Za-z0-9_-]/g, '_'));
  return {
    async put(uploadId, contentType, bytes) {
      await mkdir(join(inboundDir, 'uploads'), { recursive: true });
      // The content type beside the file, as S3 keeps it with the object.
      await writeFile(`${path(uploadId)}.type`, contentType);
      await writeFile(path(uploadId), bytes);
    },
    async get(uploadId) {
      try {
        const bytes = new Uint8Array(await readFile(path(uploadId)));
        const contentType = await readFile(`${path(uploadId)}.type`, 'utf8').catch(
          () => 'application/octet-stream',
        );
        return { contentType, bytes };
      } catch {
        return undefined;
      }
    },
    async exists(uploadId) {
      try {
        await stat(path(uploadId));
        return true;
      } catch {
        return false;
      }
    },
  };
}

export function uploadStoreFromEnv(): UploadStore {
  const bucket = inboundBucket();
  if (bucket) return s3UploadStore(bucket);
  const dir = inboundDir();
  if (dir) return fileUploadStore(dir);
  throw new Error('Environment variable INBOUND_BUCKET (or INBOUND_DIR locally) is not set');
}
