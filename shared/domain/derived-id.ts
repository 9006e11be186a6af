import { createHash } from 'node:crypto';

/** Crockford base32, the alphabet of ULIDs: derived ids sort and read like generated ones. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A 26-character id in the ULID alphabet derived from `seed` (SHA-256), so the same request
 * (an Idempotency-Key, a task token) always finds the item it made the first time (R-INTAKE-4).
 * `purpose` keeps ids of different kinds apart even when their seeds are equal.
 */
export function derivedId(purpose: string, seed: string): string {
  const digest = createHash('sha256').update(`${purpose}:${seed}`).digest();
  return Array.from(digest.subarray(0, 26), (b) => CROCKFORD[b % 32]).join('');
}
