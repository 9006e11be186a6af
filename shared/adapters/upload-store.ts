/**
 * Customers' written requests uploaded by staff (R-CHG-1), kept like raw inbound emails
 * (raw-message-store.ts): on AWS in the inbound bucket under `uploads/<id>` (INBOUND_BUCKET),
 * locally under the data directory (INBOUND_DIR) as `uploads/<id>`. Files too large for the API
 * go straight there through an upload URL (upload-links.ts): an S3 presigned PUT on AWS, the
 * local runtime's signed `PUT /_upload/<id>` locally.
 */
import { mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
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
import { awsClientOptions, setting } from '../runtime-env.ts';
import { type AwsCredentials, localUploadUrl, presignV4 } from './upload-links.ts';

export const uploadKey = (uploadId: string): string => `uploads/${uploadId}`;

/** Bytes read to tell a file's kind (magic numbers). */
const HEAD_BYTES = 16;

export function s3UploadStore(bucket: string, client = new S3Client(awsClientOptions('S3'))): UploadStore {
  return {
    async inspect(uploadId) {
      try {
        const out = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: uploadKey(uploadId),
            Range: `bytes=0-${HEAD_BYTES - 1}`,
          }),
        );
        const head = await out.Body!.transformToByteArray();
        // `bytes 0-15/<total>`: the total is the object's size.
        const total = Number(
          /\/(\d+)$/.exec(out.ContentRange ?? '')?.[1] ?? out.ContentLength ?? head.byteLength,
        );
        return { contentType: out.ContentType ?? 'application/octet-stream', size: total, head };
      } catch (error) {
        if (error instanceof NoSuchKey || error instanceof NotFound) return undefined;
        throw error;
      }
    },
    async uploadUrl(uploadId, contentType, size, expiresAt) {
      const region = await client.config.region();
      const credentials = (await client.config.credentials()) as AwsCredentials;
      const now = new Date();
      const url = presignV4({
        method: 'PUT',
        host: `${bucket}.s3.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`,
        path: `/${uploadKey(uploadId)}`,
        region,
        service: 's3',
        credentials,
        now,
        expiresSeconds: Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / 1000)),
        // Type and length are signed: S3 refuses any other body (R-CHG-1, ≤ 10 MB).
        headers: { 'content-type': contentType, 'content-length': String(size) },
      });
      return { url, headers: { 'Content-Type': contentType } };
    },
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

export function fileUploadStore(
  inboundDir: string,
  links?: { secret: string; baseUrl: string },
): UploadStore {
  const path = (uploadId: string) => join(inboundDir, 'uploads', uploadId.replace(/[^A-Za-z0-9_-]/g, '_'));
  return {
    async inspect(uploadId) {
      let handle: Awaited<ReturnType<typeof open>> | undefined;
      try {
        handle = await open(path(uploadId), 'r');
        const { size } = await handle.stat();
        const head = new Uint8Array(HEAD_BYTES);
        const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
        const contentType = await readFile(`${path(uploadId)}.type`, 'utf8').catch(
          () => 'application/octet-stream',
        );
        return { contentType, size, head: head.subarray(0, bytesRead) };
      } catch {
        return undefined;
      } finally {
        await handle?.close();
      }
    },
    async uploadUrl(uploadId, contentType, size, expiresAt) {
      if (!links) throw new Error('Upload URLs need the tracking secret and PUBLIC_BASE_URL');
      const expires = Math.floor(expiresAt.getTime() / 1000);
      const url = localUploadUrl(links.secret, links.baseUrl, { uploadId, contentType, size, expires });
      return { url, headers: { 'Content-Type': contentType } };
    },
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
  if (dir) {
    const secret = setting('TRACKING_SECRET');
    const baseUrl = setting('PUBLIC_BASE_URL');
    return fileUploadStore(dir, secret && baseUrl ? { secret, baseUrl } : undefined);
  }
  throw new Error('Environment variable INBOUND_BUCKET (or INBOUND_DIR locally) is not set');
}
