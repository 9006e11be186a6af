/** The upload URLs of R-CHG-1: Signature V4 presigning, the local signed URL, the file check. */
import { describe, expect, it } from 'vitest';
import { localUploadUrl, presignV4, verifyLocalUploadUrl } from '#shared/adapters/upload-links.ts';
import { uploadProblem } from '#shared/domain/upload-file.ts';

describe('upload URLs (R-CHG-1)', () => {
  it("signs like AWS's documented presigned-URL example", () => {
    const url = presignV4({
      method: 'GET',
      host: 'examplebucket.s3.amazonaws.com',
      path: '/test.txt',
      region: 'us-east-1',
      service: 's3',
      credentials: {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
      now: new Date('2013-05-24T00:00:00Z'),
      expiresSeconds: 86400,
    });
    expect(url).toContain('X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  });

  it('signs the content type and length of a PUT, and the session token', () => {
    const url = new URL(
      presignV4({
        method: 'PUT',
        host: 'b.s3.cn-north-1.amazonaws.com',
        path: '/uploads/01ARZ3NDEKTSV4RRFFQ69G5FAV',
        region: 'cn-north-1',
        service: 's3',
        credentials: { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'TOKEN' },
        now: new Date('2026-12-04T10:00:00Z'),
        expiresSeconds: 300,
        headers: { 'Content-Type': 'application/pdf', 'Content-Length': '7000000' },
      }),
    );
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('TOKEN');
    expect(url.pathname).toBe('/uploads/01ARZ3NDEKTSV4RRFFQ69G5FAV');
  });

  it('verifies a local upload URL only as signed', () => {
    const grant = {
      uploadId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      contentType: 'image/png',
      size: 9,
      expires: 2_000_000_000,
    };
    const url = new URL(localUploadUrl('secret', 'http://localhost:3000', grant));
    expect(verifyLocalUploadUrl('secret', grant.uploadId, url.searchParams)).toEqual(grant);
    expect(verifyLocalUploadUrl('other', grant.uploadId, url.searchParams)).toBeUndefined();
    url.searchParams.set('size', '10');
    expect(verifyLocalUploadUrl('secret', grant.uploadId, url.searchParams)).toBeUndefined();
  });

  it('checks a stored file: type, size and first bytes', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]);
    expect(uploadProblem({ contentType: 'image/png', size: 8, head: png })).toBeUndefined();
    expect(uploadProblem({ contentType: 'image/jpeg', size: 8, head: png })).toMatch(/not a image\/jpeg/);
    expect(uploadProblem({ contentType: 'text/html', size: 8, head: png })).toMatch(/not a PDF/);
    expect(uploadProblem({ contentType: 'image/png', size: 11 * 1024 * 1024, head: png })).toMatch(/10 MB/);
  });
});
