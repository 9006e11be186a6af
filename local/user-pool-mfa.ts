/**
 * Optional TOTP MFA of the local user pool, as Cognito does it: AssociateSoftwareToken hands
 * out a secret for the authenticator app, VerifySoftwareToken checks the first code from it,
 * SetUserMFAPreference turns the SOFTWARE_TOKEN_MFA challenge on or off. All act on the user
 * of a valid access token.
 */
import type { LocalUser } from './issuer-users.ts';
import { newTotpSecret, verifyTotp } from './totp.ts';
import { CognitoError, type PoolCore } from './user-pool.ts';

export function mfaActions({ deps, change }: PoolCore) {
  return {
    /** AssociateSoftwareToken: a new secret for the signed-in user's authenticator app. */
    async associateSoftwareToken(accessToken: string): Promise<string> {
      const email = await deps.accessTokenUser(accessToken);
      const secret = newTotpSecret();
      await change(email, (u) => {
        u.pendingTotpSecret = secret;
      });
      return secret;
    },

    /** VerifySoftwareToken: the first code from the app proves the secret was copied. */
    async verifySoftwareToken(accessToken: string, code: string): Promise<void> {
      const email = await deps.accessTokenUser(accessToken);
      const ok = await change(email, (u) => {
        if (!u.pendingTotpSecret) return 'none' as const;
        if (!verifyTotp(u.pendingTotpSecret, code, deps.now())) return 'mismatch' as const;
        u.totpSecret = u.pendingTotpSecret;
        delete u.pendingTotpSecret;
        return 'ok' as const;
      });
      if (ok === 'none')
        throw new CognitoError('InvalidParameterException', 'Call AssociateSoftwareToken first.');
      if (ok === 'mismatch') throw new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch');
    },

    /** SetUserMFAPreference for the software token. */
    async setMfaPreference(accessToken: string, enabled: boolean): Promise<void> {
      const email = await deps.accessTokenUser(accessToken);
      await change(email, (u) => {
        if (enabled && !u.totpSecret) {
          throw new CognitoError('InvalidParameterException', 'User has not verified software token mfa');
        }
        u.mfaEnabled = enabled;
      });
    },

    async getUser(accessToken: string): Promise<LocalUser> {
      const email = await deps.accessTokenUser(accessToken);
      const user = await deps.users.find(email);
      if (!user) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
      return user;
    },
  };
}
