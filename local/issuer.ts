/**
 * The local stand-in for Cognito (ARCHITECTURE.md): staff users in `<dataDir>/users.json` with
 * scrypt password hashes, tokens signed with an ES256 key kept in `<dataDir>/issuer-key.json`,
 * the public key served as JWKS so handlers verify tokens exactly as they do against Cognito.
 * Tokens look like Cognito's: an ID token (`token_use: id`, `aud` = the app client) and an
 * access token (`token_use: access`, `client_id`), roles in `cognito:groups`. The sign-in flows
 * themselves (challenges, codes, TOTP, lockout) are local/user-pool.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { sesMailer } from '#shared/adapters/messaging.ts';
import { AuthenticationError } from '#shared/domain/errors.ts';
import type { StaffRole } from '#shared/domain/roles.ts';
import { currentEnvironment } from '#shared/runtime-env.ts';
import { hashPassword, isEnabled, type LocalUser, userStore } from './issuer-users.ts';
import {
  COGNITO_LOCKOUT,
  CognitoError,
  type LocalUserPool,
  type LockoutSettings,
  localUserPool,
  type Tokens,
} from './user-pool.ts';

export type { LocalUser };

/** The app client id of local tokens (`aud` of ID tokens, `client_id` of access tokens). */
export const LOCAL_CLIENT_ID = 'orderdesk-local';

export interface LocalIssuer {
  issuer: string;
  clientId: string;
  jwks(): { keys: JWK[] };
  /** The Cognito-like flows: challenges, codes, TOTP, lockout, admin actions. */
  pool: LocalUserPool;
  /** Password sign-in that answers a token only when no challenge is pending (tests, scripts). */
  login(email: string, password: string): Promise<{ token: string; user: Omit<LocalUser, 'passwordHash'> }>;
  /** Replaces the users file (the seed uses it); these users are confirmed, no change asked. */
  saveUsers(
    users: { email: string; name: string; roles: StaffRole[]; phone?: string; password: string }[],
  ): Promise<void>;
  hasUsers(): Promise<boolean>;
  listUsers(): Promise<LocalUser[]>;
  /** Enabled users holding a role: what Cognito's ListUsersInGroup answers for the role's group. */
  membersOf(role: string): Promise<{ email: string; name: string; phone?: string }[]>;
}

export interface LocalIssuerOptions {
  /** Where the emails of the flows go (the local SES, so the outbox); default: nowhere. */
  mail?: (to: string, subject: string, text: string) => Promise<void>;
  now?: () => Date;
  lockout?: LockoutSettings;
}

/** The issuer's emails (temporary passwords, codes) through SES: locally, the outbox. */
export function issuerMail(from: string): NonNullable<LocalIssuerOptions['mail']> {
  const mailer = sesMailer(from);
  const escapeHtml = (t: string) => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return (to, subject, text) =>
    mailer.send({ to: [to], subject, text, html: `<pre>${escapeHtml(text)}</pre>` });
}

const TOKEN_SECONDS = 8 * 3600;
let current: LocalIssuer | undefined;
/** Every issuer started in this process, by its `iss` (one per local system). */
const started = new Map<string, LocalIssuer>();

/**
 * The issuer of the system whose environment this runs in (its JWT_ISSUER), for the local-only
 * sign-in handler; outside any system's environment, the one started last.
 */
export function localIssuer(): LocalIssuer {
  const mine = currentEnvironment()?.['JWT_ISSUER'];
  const issuer = mine ? started.get(mine) : current;
  if (!issuer) throw new Error('The local issuer is not started');
  return issuer;
}

export async function startLocalIssuer(
  dataDir: string,
  issuer: string,
  options: LocalIssuerOptions = {},
): Promise<LocalIssuer> {
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
  const verifyKey = await importJWK(publicJwk, 'ES256');
  const users = userStore(usersFile);
  const now = options.now ?? (() => new Date());

  const sign = (claims: Record<string, unknown>, subject: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid! })
      .setIssuer(issuer)
      .setSubject(subject)
      .setIssuedAt(Math.floor(now().getTime() / 1000))
      .setExpirationTime(Math.floor(now().getTime() / 1000) + TOKEN_SECONDS)
      .sign(signingKey);

  const mint = async (user: LocalUser): Promise<Tokens> => {
    const groups = { 'cognito:groups': user.roles };
    const [IdToken, AccessToken] = await Promise.all([
      sign(
        { ...groups, email: user.email, name: user.name, token_use: 'id', aud: LOCAL_CLIENT_ID },
        user.email,
      ),
      sign(
        {
          ...groups,
          username: user.email,
          client_id: LOCAL_CLIENT_ID,
          token_use: 'access',
          scope: 'aws.cognito.signin.user.admin',
        },
        user.email,
      ),
    ]);
    return { IdToken, AccessToken, ExpiresIn: TOKEN_SECONDS, TokenType: 'Bearer' };
  };

  const pool = localUserPool({
    users,
    mint,
    async accessTokenUser(token) {
      try {
        const { payload } = await jwtVerify(token, verifyKey, {
          issuer,
          requiredClaims: ['exp'],
          currentDate: now(),
        });
        if (payload['token_use'] !== 'access' || payload['client_id'] !== LOCAL_CLIENT_ID || !payload.sub)
          throw new Error();
        return payload.sub;
      } catch {
        throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
      }
    },
    mail: options.mail ?? (async () => {}),
    now,
    lockout: options.lockout ?? COGNITO_LOCKOUT,
  });

  current = {
    issuer,
    clientId: LOCAL_CLIENT_ID,
    jwks: () => ({ keys: [{ ...publicJwk, use: 'sig' }] }),
    pool,
    async login(email, password) {
      let outcome: Awaited<ReturnType<LocalUserPool['initiateAuth']>>;
      try {
        outcome = await pool.initiateAuth(email, password);
      } catch (error) {
        const message = (error as Error).message;
        throw new AuthenticationError(
          /attempts exceeded/.test(message)
            ? 'Password attempts exceeded; try again later'
            : 'Wrong email or password',
        );
      }
      if (outcome.kind !== 'signed-in') {
        throw new AuthenticationError(`Finish signing in on the staff console (${outcome.challenge})`);
      }
      const user = (await users.find(email))!;
      return {
        token: outcome.tokens.IdToken,
        user: { email: user.email, name: user.name, roles: user.roles },
      };
    },
    async saveUsers(list) {
      const stored = await Promise.all(
        list.map(async ({ password, ...u }) => ({
          ...u,
          passwordHash: await hashPassword(password),
          status: 'CONFIRMED' as const,
          enabled: true,
        })),
      );
      await users.update(async () => ({ users: stored, result: undefined }));
    },
    async hasUsers() {
      return (await users.all()).length > 0;
    },
    listUsers: () => users.all(),
    async membersOf(role) {
      return (await users.all())
        .filter((u) => isEnabled(u) && (u.roles as string[]).includes(role))
        .map((u) => ({ email: u.email, name: u.name, ...(u.phone ? { phone: u.phone } : {}) }));
    },
  };
  started.set(issuer, current);
  return current;
}
