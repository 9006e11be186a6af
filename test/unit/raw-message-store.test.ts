import { NoSuchKey, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3RawMessageStore } from '#shared/adapters/raw-message-store.ts';

const failingWith = (error: Error) => ({ send: async () => Promise.reject(error) }) as unknown as S3Client;

describe('raw messages on S3 (R-INTAKE-6)', () => {
  it('reads an expired message (404 NoSuchKey, as S3 answers a role with ListBucket) as missing', async () => {
    const store = s3RawMessageStore(
      'inbound',
      failingWith(new NoSuchKey({ message: 'gone', $metadata: {} })),
    );
    expect(await store.get('inbound/expired')).toBeUndefined();
  });

  it('still fails on AccessDenied: a missing permission is not a missing message', async () => {
    const denied = new S3ServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      message: 'Access Denied',
    });
    await expect(s3RawMessageStore('inbound', failingWith(denied)).get('inbound/x')).rejects.toThrow(
      'Access Denied',
    );
  });
});
