/**
 * Customers' written requests uploaded by staff (R-CHG-1), kept like raw inbound emails
 * (raw-message-store.ts): on AWS in the inbound bucket under `uploads/<id>` (INBOUND_BUCKET),
 * locally under the data directory (INBOUND_DIR) as `uploads/<id>`.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { UploadStore } from '../ports.ts';

export const uploadKey = (uploadId: string): string => `uploads/${uploadId}`;

export function s3UploadStore(bucket: string, client = new S3Client({})): UploadStore {
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
  };
}

export function fileUploadStore(inboundDir: string): UploadStore {
  const path = (uploadId: string) => join(inboundDir, 'uploads', uploadId.replace(/[^A-Za-z0-9_-]/g, '_'));
  return {
    async put(uploadId, _contentType, bytes) {
      await mkdir(join(inboundDir, 'uploads'), { recursive: true });
      await writeFile(path(uploadId), bytes);
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
  const bucket = process.env['INBOUND_BUCKET'];
  if (bucket) return s3UploadStore(bucket);
  const dir = process.env['INBOUND_DIR'];
  if (dir) return fileUploadStore(dir);
  throw new Error('Environment variable INBOUND_BUCKET (or INBOUND_DIR locally) is not set');
}
