import { describe, expect, it } from 'vitest';
import { signTrackingToken, trackingUrl, verifyTrackingToken } from '#shared/domain/tracking-token.ts';

const ORDER = '01JD5Q4M3E6WJ8X9K2A7B1C0DE';

describe('signed tracking tokens (R-TRACK-1, R-SEC-3)', () => {
  it('verifies a token it signed and returns the order id', () => {
    expect(verifyTrackingToken('s3cret', signTrackingToken('s3cret', ORDER))).toBe(ORDER);
  });

  it('refuses a token signed with another secret, or pointing at another order', () => {
    const token = signTrackingToken('s3cret', ORDER);
    expect(verifyTrackingToken('other', token)).toBeUndefined();
    const otherOrder = `01JD5Q4M3E6WJ8X9K2A7B1C0DF${token.slice(26)}`;
    expect(verifyTrackingToken('s3cret', otherOrder)).toBeUndefined();
  });

  it('refuses malformed tokens', () => {
    for (const t of ['', 'abc', `${ORDER}.`, `${ORDER}.short`, `${ORDER.toLowerCase()}.${'a'.repeat(43)}`]) {
      expect(verifyTrackingToken('s3cret', t)).toBeUndefined();
    }
  });

  it('puts the token in a link to the tracking page', () => {
    expect(trackingUrl('https://orders.example.cn', 'T.k')).toBe(
      'https://orders.example.cn/track.html?t=T.k',
    );
  });
});
