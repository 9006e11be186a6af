/**
 * The local issuer's user records (`<dataDir>/users.json`, mode 600): what Cognito keeps per
 * user — status, enabled flag, password hash, TOTP secret, failed sign-ins and a pending reset
 * code. Every change goes through `update`, one at a time, so two requests never lose each
 * other's write. Records written before these fields existed read as confirmed and enabled.
 */
import { createHash, randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { StaffRole } from '#shared/domain/roles.ts';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** Cognito's user statuses the local issuer uses. */
export type UserStatus = 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';

export interface LocalUser {
  email: string;
  name: string;
  roles: StaffRole[];
  /** Mobile number for urgent SMS (Cognito's `phone_number`). */
  phone?: string;
  passwordHash: string;
  status?: UserStatus;
  enabled?: boolean;
  createdAt?: string;
  updatedAt?: string;
  /** A temporary password (FORCE_CHANGE_PASSWORD) cannot be used after this. */
  temporaryPasswordExpiresAt?: string;
  /** The verified authenticator secret, and whether it is asked for at sign-in. */
  totpSecret?: string;
  mfaEnabled?: boolean;
  /** A secret handed out by AssociateSoftwareToken, not yet verified. */
  pendingTotpSecret?: string;
  /** Consecutive wrong passwords, and the lockout they caused. */
  failedSignIns?: number;
  lockedUntil?: string;
  /** A forgotten-password or admin-reset code (hashed). */
  resetCode?: { hash: string; expiresAt: string; attempts: number };
}

export const statusOf = (user: LocalUser): UserStatus => user.status ?? 'CONFIRMED';
export const isEnabled = (user: LocalUser): boolean => user.enabled !== false;
export const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt:${salt.toString('base64')}:${hash.toString('base64')}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [, salt, hash] = stored.split(':');
  if (!salt || !hash) return false;
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), 32);
  const expected = Buffer.from(hash, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A six-digit code for email, and how it is kept (a hash; the code itself is never stored). */
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');
export const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');

/**
 * A temporary password that meets the policy (lower, upper, digit, symbol, 12+ characters),
 * without look-alike characters.
 */
export function temporaryPassword(): string {
  const pick = (set: string) => set[randomInt(0, set.length)]!;
  const chars = [
    pick('abcdefghjkmnpqrstuvwxyz'),
    pick('ABCDEFGHJKLMNPQRSTUVWXYZ'),
    pick('23456789'),
    pick('!#%+=?@'),
  ];
  while (chars.length < 14) chars.push(pick('abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export interface UserStore {
  all(): Promise<LocalUser[]>;
  find(email: string): Promise<LocalUser | undefined>;
  /** Runs `change` on the current records and saves what it returns, one change at a time. */
  update<T>(change: (users: LocalUser[]) => Promise<{ users: LocalUser[]; result: T }>): Promise<T>;
}

export function userStore(file: string): UserStore {
  let queue: Promise<unknown> = Promise.resolve();
  const all = async (): Promise<LocalUser[]> => {
    try {
      return JSON.parse(await readFile(file, 'utf8'));
    } catch {
      return [];
    }
  };
  return {
    all,
    async find(email) {
      return (await all()).find((u) => sameEmail(u.email, email));
    },
    update(change) {
      const run = queue.then(async () => {
        const { users, result } = await change(await all());
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, JSON.stringify(users, null, 2), { mode: 0o600 });
        await rename(temp, file);
        return result;
      });
      queue = run.catch(() => {});
      return run;
    },
  };
}
