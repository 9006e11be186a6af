/**
 * The local stand-in for Cognito (ARCHITECTURE.md): staff users in `<dataDir>/users.json` with
 * scrypt password hashes, tokens signed with an ES256 key kept in `<dataDir>/issuer-key.json`,
 * the public key served as JWKS so handlers verify tokens exactly as they do against Cognito.
 * Roles go in `cognito:groups`, where Cognito puts groups.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { AuthenticationError } from '#shared/domain/errors.ts';
import type { StaffRole } from '#shared/domain/roles.ts';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export interface LocalUser {
  email: string;
  name: string;
  roles: StaffRole[];
  /** Mobile number for urgent SMS (Cognito's `phone_number`). */
  phone?: string;
  passwordHash: string;
}

export interface LocalIssuer {
  issuer: string;
  jwks(): { keys: JWK[] };
  login(email: string, password: string): Promise<{ token: string; user: Omit<LocalUser, 'passwordHash'> }>;
  /** Replaces the users file (the seed uses it). */
  saveUsers(
    users: { email: string; name: string; roles: StaffRole[]; phone?: string; password: string }[],
  ): Promise<void>;
  hasUsers(): Promise<boolean>;
  /** Users holding a role: what Cognito's ListUsersInGroup answers for the role's group. */
  membersOf(role: string): Promise<{ email: string; name: string; phone?: string }[]>;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt:${salt.toString('base64')}:${hash.toString('base64')}`;
}

async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [, salt, hash] = stored.split(':');
  if (!salt || !hash) return false;
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), 32);
  const expected = Buffer.from(hash, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const TOKEN_LIFETIME = '8h';
let current: LocalIssuer | undefined;

/** The issuer of this process, for the local-only login handler. */
export function localIssuer(): LocalIssuer {
  if (!current) throw new Error('The local issuer is not started');
  return current;
}

export async function startLocalIssuer(dataDir: string, issuer: string): Promise<LocalIssuer> {
  await mkdir(dataDir, { recursive: true });
  const keyFile = join(dataDir, 'issuer-key.json');
  const usersFile = join(dataDir, 'users.json');
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(await readFile(keyFile, 'utf8'));
  } catch {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: randomBytes(8).toString('hex'), alg: 'ES256' };
    await writeFile(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _private, ...publicJwk } = privateJwk;
  const signingKey = await importJWK(privateJwk, 'ES256');
  const readUsers = async (): Promise<LocalUser[]> => {
    try {
      return JSON.parse(await readFile(usersFile, 'utf8'));
    } catch {
      return [];
    }
  };
  const dummyHash = await hashPassword(randomBytes(12).toString('hex'));

  current = {
    issuer,
    jwks: () => ({ keys: [{ ...publicJwk, use: 'sig' }] }),
    async login(email, password) {
      const user = (await readUsers()).find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
      // Hash even for unknown users, so timing does not tell which emails exist.
      const ok = await checkPassword(password, user?.passwordHash ?? dummyHash);
      if (!user || !ok) throw new AuthenticationError('Wrong email or password');
      const token = await new SignJWT({
        email: user.email,
        name: user.name,
        'cognito:groups': user.roles,
        token_use: 'id',
      })
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid! })
        .setIssuer(issuer)
        .setSubject(user.email)
        .setAudience('orderdesk-local')
        .setIssuedAt()
        .setExpirationTime(TOKEN_LIFETIME)
        .sign(signingKey);
      return { token, user: { email: user.email, name: user.name, roles: user.roles } };
    },
    async saveUsers(users) {
      const stored = await Promise.all(
        users.map(async ({ password, ...u }) => ({ ...u, passwordHash: await hashPassword(password) })),
      );
      await writeFile(usersFile, JSON.stringify(stored, null, 2), { mode: 0o600 });
    },
    async hasUsers() {
      return (await readUsers()).length > 0;
    },
    async membersOf(role) {
      return (await readUsers())
        .filter((u) => (u.roles as string[]).includes(role))
        .map((u) => ({ email: u.email, name: u.name, ...(u.phone ? { phone: u.phone } : {}) }));
    },
  };
  return current;
}
