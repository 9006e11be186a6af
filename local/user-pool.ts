/**
 * What a Cognito user pool does for sign-in, imitated by the local issuer so the console's
 * flows run locally exactly as on AWS (R-SEC-2): temporary passwords that must be replaced
 * (NEW_PASSWORD_REQUIRED), forgotten-password codes by email, TOTP enrolment and the
 * SOFTWARE_TOKEN_MFA challenge, and Cognito's lockout — after 5 wrong passwords in a row the
 * account is locked for 1 s, doubling with each further failure up to 15 min, and every
 * attempt in that time is refused with "Password attempts exceeded".
 * Errors carry Cognito's exception names (local/cognito-api.ts puts them on the wire).
 */
import { randomBytes } from 'node:crypto';
import { passwordProblems, STAFF_PASSWORD_POLICY } from '#shared/domain/password-policy.ts';
import {
  checkPassword,
  hashCode,
  hashPassword,
  isEnabled,
  type LocalUser,
  newCode,
  sameEmail,
  statusOf,
  type UserStore,
} from './issuer-users.ts';
import { verifyTotp } from './totp.ts';
import { adminActions } from './user-pool-admin.ts';
import { mfaActions } from './user-pool-mfa.ts';

/** An error Cognito would answer, by its `__type`. */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'CognitoError';
  }
}

export interface Tokens {
  IdToken: string;
  AccessToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

export type AuthOutcome =
  | { kind: 'signed-in'; tokens: Tokens }
  | {
      kind: 'challenge';
      challenge: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA';
      session: string;
      user: LocalUser;
    };

export interface LockoutSettings {
  /** Wrong passwords in a row before the first lockout (Cognito: 5). */
  after: number;
  /** The first lockout; each further failure doubles it (Cognito: 1 s). */
  firstSeconds: number;
  /** The longest lockout (Cognito: 15 min). */
  maxSeconds: number;
}

export const COGNITO_LOCKOUT: LockoutSettings = { after: 5, firstSeconds: 1, maxSeconds: 900 };

export interface UserPoolDeps {
  users: UserStore;
  mint(user: LocalUser): Promise<Tokens>;
  /** The user an access token was issued to; throws NotAuthorizedException otherwise. */
  accessTokenUser(token: string): Promise<string>;
  mail(to: string, subject: string, text: string): Promise<void>;
  now(): Date;
  lockout: LockoutSettings;
}

/** What the sign-in flows and the admin actions share. */
export interface PoolCore {
  deps: UserPoolDeps;
  /** Changes one user's record; UserNotFoundException when there is none. */
  change<T>(email: string, fn: (user: LocalUser) => Promise<T> | T): Promise<T>;
  /** Puts a new reset code on the record (saved by the caller's change) and emails it. */
  sendCode(user: LocalUser, why: 'forgot' | 'reset'): Promise<void>;
  /** Emails a temporary password. */
  invite(user: LocalUser, password: string): Promise<void>;
}

const SESSION_MS = 3 * 60_000;
const CODE_MS = 60 * 60_000;
const MAX_CODE_ATTEMPTS = 5;
const MAX_MFA_ATTEMPTS = 5;

interface Session {
  email: string;
  challenge: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA';
  expiresAt: number;
  attempts: number;
}

const notAuthorized = (message = 'Incorrect username or password.') =>
  new CognitoError('NotAuthorizedException', message);

/** Cognito's masked destination: `j***@e***`. */
const masked = (email: string) => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
};

function checkNewPassword(password: string): void {
  const problems = passwordProblems(password);
  if (problems.length > 0) {
    throw new CognitoError(
      'InvalidPasswordException',
      `Password does not conform to policy: ${problems.join(', ')}`,
    );
  }
}

export function localUserPool(deps: UserPoolDeps) {
  const sessions = new Map<string, Session>();
  const dummyHash = hashPassword(randomBytes(12).toString('hex'));

  const change = <T>(email: string, fn: (user: LocalUser) => Promise<T> | T): Promise<T> =>
    deps.users.update(async (users) => {
      const user = users.find((u) => sameEmail(u.email, email));
      if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
      const result = await fn(user);
      user.updatedAt = deps.now().toISOString();
      return { users, result };
    });

  const openSession = (user: LocalUser, challenge: Session['challenge']): AuthOutcome => {
    for (const [id, s] of sessions) if (s.expiresAt < deps.now().getTime()) sessions.delete(id);
    const session = randomBytes(32).toString('base64url');
    sessions.set(session, {
      email: user.email,
      challenge,
      expiresAt: deps.now().getTime() + SESSION_MS,
      attempts: 0,
    });
    return { kind: 'challenge', challenge, session, user };
  };

  const takeSession = (session: string, username: string, challenge: Session['challenge']): Session => {
    const found = sessions.get(session);
    if (
      !found ||
      found.challenge !== challenge ||
      !sameEmail(found.email, username) ||
      found.expiresAt < deps.now().getTime()
    ) {
      sessions.delete(session);
      throw notAuthorized('Invalid session for the user, session is expired.');
    }
    return found;
  };

  const afterPassword = async (user: LocalUser): Promise<AuthOutcome> => {
    if (statusOf(user) === 'FORCE_CHANGE_PASSWORD') return openSession(user, 'NEW_PASSWORD_REQUIRED');
    if (user.mfaEnabled && user.totpSecret) return openSession(user, 'SOFTWARE_TOKEN_MFA');
    return { kind: 'signed-in', tokens: await deps.mint(user) };
  };

  const sendCode = async (user: LocalUser, why: 'forgot' | 'reset') => {
    const code = newCode();
    user.resetCode = {
      hash: hashCode(code),
      expiresAt: new Date(deps.now().getTime() + CODE_MS).toISOString(),
      attempts: 0,
    };
    const lead =
      why === 'reset'
        ? '管理员重置了您的订单台密码。 / An administrator reset your Order desk password.'
        : '您申请了重置订单台密码。 / You asked to reset your Order desk password.';
    await deps.mail(
      user.email,
      '订单台密码验证码 / Order desk password code',
      `${lead}\n\n验证码 / Code: ${code}\n\n一小时内有效；在员工登录页选择“忘记密码”输入此验证码并设置新密码。\nValid for one hour: on the staff sign-in page choose "Forgot password", enter the code and set a new password.`,
    );
  };

  const invite = (user: LocalUser, password: string) => {
    const days = STAFF_PASSWORD_POLICY.temporaryPasswordValidityDays;
    return deps.mail(
      user.email,
      '您的订单台账户 / Your Order desk account',
      `您的用户名是 ${user.email}，临时密码是 ${password}\n首次登录时请设置您自己的密码（${days} 天内有效）。\n\n` +
        `Your username is ${user.email} and your temporary password is ${password}\n` +
        `Set your own password at the first sign-in (valid for ${days} days).`,
    );
  };

  const core: PoolCore = { deps, change, sendCode, invite };
  return {
    ...adminActions(core),
    ...mfaActions(core),
    /** InitiateAuth with USER_PASSWORD_AUTH. */
    async initiateAuth(username: string, password: string): Promise<AuthOutcome> {
      const now = deps.now();
      const verdict = await deps.users.update<'wrong' | 'locked' | LocalUser>(async (users) => {
        const user = users.find((u) => sameEmail(u.email, username));
        // Hash even for unknown users, so timing does not tell which emails exist.
        const ok = await checkPassword(password, user?.passwordHash ?? (await dummyHash));
        if (!user) return { users, result: 'wrong' as const };
        if (user.lockedUntil && Date.parse(user.lockedUntil) > now.getTime())
          return { users, result: 'locked' as const };
        if (!ok) {
          const failures = (user.failedSignIns ?? 0) + 1;
          user.failedSignIns = failures;
          if (failures >= deps.lockout.after) {
            const seconds = Math.min(
              deps.lockout.maxSeconds,
              deps.lockout.firstSeconds * 2 ** (failures - deps.lockout.after),
            );
            user.lockedUntil = new Date(now.getTime() + seconds * 1000).toISOString();
          }
          return { users, result: 'wrong' as const };
        }
        delete user.failedSignIns;
        delete user.lockedUntil;
        return { users, result: user };
      });
      if (verdict === 'locked') throw notAuthorized('Password attempts exceeded');
      if (verdict === 'wrong') throw notAuthorized();
      const user = verdict;
      if (!isEnabled(user)) throw notAuthorized('User is disabled.');
      if (statusOf(user) === 'RESET_REQUIRED') {
        throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
      }
      if (
        statusOf(user) === 'FORCE_CHANGE_PASSWORD' &&
        user.temporaryPasswordExpiresAt &&
        Date.parse(user.temporaryPasswordExpiresAt) < now.getTime()
      ) {
        throw notAuthorized('Temporary password has expired and must be reset by an administrator.');
      }
      return afterPassword(user);
    },

    /** RespondToAuthChallenge NEW_PASSWORD_REQUIRED: the user's own password replaces the temporary one. */
    async respondNewPassword(session: string, username: string, newPassword: string): Promise<AuthOutcome> {
      const open = takeSession(session, username, 'NEW_PASSWORD_REQUIRED');
      checkNewPassword(newPassword);
      const passwordHash = await hashPassword(newPassword);
      const user = await change(open.email, (u) => {
        Object.assign(u, { passwordHash, status: 'CONFIRMED' });
        delete u.temporaryPasswordExpiresAt;
        return { ...u };
      });
      sessions.delete(session);
      return afterPassword(user);
    },

    /** RespondToAuthChallenge SOFTWARE_TOKEN_MFA. */
    async respondMfa(session: string, username: string, code: string): Promise<AuthOutcome> {
      const open = takeSession(session, username, 'SOFTWARE_TOKEN_MFA');
      const user = await deps.users.find(open.email);
      if (!user?.totpSecret || !verifyTotp(user.totpSecret, code, deps.now())) {
        open.attempts += 1;
        if (open.attempts >= MAX_MFA_ATTEMPTS) sessions.delete(session);
        throw new CognitoError('CodeMismatchException', 'Invalid code received for user');
      }
      sessions.delete(session);
      return { kind: 'signed-in', tokens: await deps.mint(user) };
    },

    /** ForgotPassword: a code by email; an unknown address gets the same answer (no user existence errors). */
    async forgotPassword(
      username: string,
    ): Promise<{ Destination: string; DeliveryMedium: 'EMAIL'; AttributeName: 'email' }> {
      const answer = {
        Destination: masked(username),
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      } as const;
      const user = await deps.users.find(username);
      if (!user) return answer;
      if (!isEnabled(user)) throw notAuthorized('User is disabled.');
      if (statusOf(user) === 'FORCE_CHANGE_PASSWORD') {
        throw notAuthorized('User password cannot be reset in the current state.');
      }
      await change(user.email, (u) => sendCode(u, 'forgot'));
      return { ...answer, Destination: masked(user.email) };
    },

    /** ConfirmForgotPassword: the emailed code and a new password. */
    async confirmForgotPassword(username: string, code: string, password: string): Promise<void> {
      if (!(await deps.users.find(username)))
        throw new CognitoError(
          'CodeMismatchException',
          'Invalid verification code provided, please try again.',
        );
      checkNewPassword(password);
      const passwordHash = await hashPassword(password);
      const outcome = await change(username, (u) => {
        const pending = u.resetCode;
        if (
          !pending ||
          Date.parse(pending.expiresAt) < deps.now().getTime() ||
          pending.attempts >= MAX_CODE_ATTEMPTS
        ) {
          delete u.resetCode;
          return 'expired' as const;
        }
        if (pending.hash !== hashCode(code.trim())) {
          pending.attempts += 1;
          return 'mismatch' as const;
        }
        Object.assign(u, { passwordHash, status: 'CONFIRMED' });
        for (const key of ['resetCode', 'failedSignIns', 'lockedUntil'] as const) delete u[key];
        return 'done' as const;
      });
      if (outcome === 'expired')
        throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
      if (outcome === 'mismatch')
        throw new CognitoError(
          'CodeMismatchException',
          'Invalid verification code provided, please try again.',
        );
    },
  };
}

export type LocalUserPool = ReturnType<typeof localUserPool>;
