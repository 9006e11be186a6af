/**
 * The administrator's side of the local user pool (Cognito's Admin* actions): accounts created
 * with an emailed temporary password (FORCE_CHANGE_PASSWORD), groups (= roles), disable and
 * re-enable, and a password reset that emails a code (RESET_REQUIRED). R-SEC-2.
 */
import { STAFF_PASSWORD_POLICY } from '#shared/domain/password-policy.ts';
import { hashPassword, type LocalUser, sameEmail, statusOf, temporaryPassword } from './issuer-users.ts';
import { CognitoError, type PoolCore } from './user-pool.ts';

const validUntil = (now: Date) =>
  new Date(now.getTime() + STAFF_PASSWORD_POLICY.temporaryPasswordValidityDays * 86_400_000).toISOString();

export function adminActions({ deps, change, sendCode, invite }: PoolCore) {
  return {
    /** AdminCreateUser: a temporary password, emailed; the first sign-in must replace it. */
    async adminCreateUser(input: {
      email: string;
      name: string;
      phone?: string;
      temporaryPassword?: string;
    }): Promise<LocalUser> {
      const password = input.temporaryPassword ?? temporaryPassword();
      const now = deps.now();
      const user: LocalUser = {
        email: input.email,
        name: input.name,
        roles: [],
        ...(input.phone ? { phone: input.phone } : {}),
        passwordHash: await hashPassword(password),
        status: 'FORCE_CHANGE_PASSWORD',
        enabled: true,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        temporaryPasswordExpiresAt: validUntil(now),
      };
      await deps.users.update(async (users) => {
        if (users.some((u) => sameEmail(u.email, input.email))) {
          throw new CognitoError(
            'UsernameExistsException',
            'An account with the given email already exists.',
          );
        }
        return { users: [...users, user], result: undefined };
      });
      await invite(user, password);
      return user;
    },

    /** AdminCreateUser with MessageAction RESEND: a new temporary password for a user who never signed in. */
    async adminResendInvitation(email: string): Promise<void> {
      const password = temporaryPassword();
      const passwordHash = await hashPassword(password);
      const user = await change(email, (u) => {
        if (statusOf(u) !== 'FORCE_CHANGE_PASSWORD') {
          throw new CognitoError(
            'UnsupportedUserStateException',
            'Resend not possible. The user has already signed in.',
          );
        }
        u.passwordHash = passwordHash;
        u.temporaryPasswordExpiresAt = validUntil(deps.now());
        return { ...u };
      });
      await invite(user, password);
    },

    async adminSetGroup(email: string, group: string, member: boolean): Promise<void> {
      await change(email, (u) => {
        const roles = u.roles.filter((r) => r !== group);
        u.roles = (member ? [...roles, group] : roles) as LocalUser['roles'];
      });
    },

    async adminSetEnabled(email: string, enabled: boolean): Promise<void> {
      await change(email, (u) => {
        u.enabled = enabled;
      });
    },

    /** AdminResetUserPassword: the password stops working; a code goes by email (RESET_REQUIRED). */
    async adminResetUserPassword(email: string): Promise<void> {
      await change(email, async (u) => {
        u.status = 'RESET_REQUIRED';
        await sendCode(u, 'reset');
      });
    },
  };
}
