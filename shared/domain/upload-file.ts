/**
 * What a staff upload may be (R-CHG-1): a PDF or an image of at most 10 MB. A file that arrived
 * through a presigned PUT (POST /api/uploads/url) was never seen by a function, so when its
 * `uploadId` is used the stored object is checked again: its stored type, its size, and that its
 * first bytes are what that type starts with.
 */
import { z } from 'zod';

export const UPLOAD_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/gif'];
export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;
/** Seconds a presigned upload URL stays valid. */
export const UPLOAD_URL_SECONDS = 300;
/** Upload ids are ULIDs: anything else names no upload (and no other key of the bucket). */
export const UPLOAD_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const starts = (head: Uint8Array, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Whether the first bytes are a file of `contentType`. */
export function looksLike(contentType: string, head: Uint8Array): boolean {
  switch (contentType) {
    case 'application/pdf':
      return starts(head, ascii('%PDF'));
    case 'image/png':
      return starts(head, [0x89, 0x50, 0x4e, 0x47]);
    case 'image/jpeg':
      return starts(head, [0xff, 0xd8, 0xff]);
    case 'image/gif':
      return starts(head, ascii('GIF8'));
    case 'image/webp':
      return starts(head, ascii('RIFF')) && starts(head, ascii('WEBP'), 8);
    default:
      return false;
  }
}

/** The stored object as it is: undefined when acceptable, else why not. */
export function uploadProblem(file: {
  contentType: string;
  size: number;
  head: Uint8Array;
}): string | undefined {
  const type = file.contentType.split(';')[0]!.trim().toLowerCase();
  if (!UPLOAD_TYPES.includes(type)) return 'The upload is not a PDF or an image';
  if (file.size === 0) return 'The upload is empty';
  if (file.size > UPLOAD_LIMIT_BYTES) return 'The upload is larger than 10 MB';
  if (!looksLike(type, file.head)) return `The upload is not a ${type} file`;
  return undefined;
}

/** Body of POST /api/uploads/url: what the browser will PUT. */
export const uploadUrlSchema = z
  .object({
    contentType: z.string().trim().toLowerCase().min(1).max(100),
    size: z.number().int().positive('The file is empty'),
  })
  .strict();

/** Answer of POST /api/uploads/url. */
export const uploadGrantSchema = z.object({
  uploadId: z.string(),
  url: z.string(),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
});
