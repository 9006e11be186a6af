// @ts-check
/**
 * Staff sign-in in both runtimes (R-SEC-2), spoken in Cognito's JSON API. On AWS the deployment
 * publishes `/config.json` naming the user pool's region and app client; the page calls
 * Cognito itself. Locally (`{ staffSignIn: { kind: 'local' } }`, or no file) the same calls go to the local issuer's
 * `POST /api/auth/cognito`, which imitates Cognito. The flows:
 * - InitiateAuth (USER_PASSWORD_AUTH) → tokens, or a challenge to answer:
 *   NEW_PASSWORD_REQUIRED (first sign-in with an administrator's temporary password) or
 *   SOFTWARE_TOKEN_MFA (a code from the authenticator app);
 * - ForgotPassword / ConfirmForgotPassword: a code by email, then a new password;
 * - AssociateSoftwareToken / VerifySoftwareToken / SetUserMFAPreference: optional TOTP MFA.
 * The pages use the ID token (its `cognito:groups` carry the roles); the access token is kept
 * for the MFA calls. Every function answers `{ ok, … }` and never throws.
 */

import { siteConfig } from './site-config.js';

/** The password policy of the user pool (shared/domain/password-policy.ts), unless the config says otherwise. */
export const DEFAULT_PASSWORD_POLICY = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  temporaryPasswordValidityDays: 3,
};

const LOCAL = { url: '/api/auth/cognito', clientId: 'orderdesk-local', policy: DEFAULT_PASSWORD_POLICY };

const deploymentConfig = siteConfig;

async function pool() {
  const c = (await deploymentConfig())?.staffSignIn;
  if (c?.kind !== 'cognito') return LOCAL;
  return {
    url: c.endpoint ?? `https://cognito-idp.${c.region}.amazonaws.com/`,
    clientId: c.userPoolClientId,
    policy: { ...DEFAULT_PASSWORD_POLICY, ...(c.passwordPolicy ?? {}) },
  };
}

export const passwordPolicy = async () => (await pool()).policy;

/** Cognito's exception → what the page tells the person. */
function kindOf(type, message) {
  const name = String(type ?? '')
    .split('#')
    .pop();
  if (name === 'NotAuthorizedException') {
    if (/attempts exceeded/i.test(message)) return 'locked';
    if (/disabled/i.test(message)) return 'disabled';
    if (/temporary password has expired/i.test(message)) return 'temporary_expired';
    if (/session/i.test(message)) return 'session_expired';
    if (/cannot be reset/i.test(message)) return 'cannot_reset';
    if (/access token/i.test(message)) return 'signed_out';
    return 'unauthorized';
  }
  return (
    {
      UserNotFoundException: 'unauthorized',
      PasswordResetRequiredException: 'reset_required',
      InvalidPasswordException: 'weak_password',
      CodeMismatchException: 'bad_code',
      EnableSoftwareTokenMFAException: 'bad_code',
      ExpiredCodeException: 'expired_code',
      LimitExceededException: 'rate_limited',
      TooManyRequestsException: 'rate_limited',
      TooManyFailedAttemptsException: 'rate_limited',
      InvalidParameterException: 'validation',
    }[name] ?? 'server'
  );
}

async function call(action, body, withClient = true) {
  const { url, clientId } = await pool();
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify(withClient ? { ClientId: clientId, ...body } : body),
      signal: AbortSignal.timeout(30_000),
      cache: 'no-store',
    });
  } catch (error) {
    return { ok: false, status: 0, kind: error?.name === 'TimeoutError' ? 'timeout' : 'network', data: null };
  }
  const data = await response.json().catch(() => ({}));
  if (response.ok) return { ok: true, status: response.status, data };
  const kind = response.status === 429 ? 'rate_limited' : kindOf(data.__type, data.message ?? '');
  return {
    ok: false,
    status: response.status,
    kind,
    data: { error: data.message ?? data.__type },
    retryAfter: null,
  };
}

function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
  } catch {
    return {};
  }
}

/** An InitiateAuth / RespondToAuthChallenge answer → signed in, or the next challenge. */
function outcome(result, email) {
  if (!result.ok) return result;
  const tokens = result.data.AuthenticationResult;
  if (tokens?.IdToken) {
    const claims = claimsOf(tokens.IdToken);
    return {
      ok: true,
      status: 200,
      data: {
        token: tokens.IdToken,
        accessToken: tokens.AccessToken,
        user: {
          email: claims.email ?? email,
          name: claims.name ?? claims.email ?? email,
          roles: claims['cognito:groups'] ?? [],
        },
      },
    };
  }
  if (result.data.ChallengeName) {
    return {
      ok: false,
      status: 200,
      kind: 'challenge',
      challenge: result.data.ChallengeName,
      session: result.data.Session,
    };
  }
  return { ok: false, status: 200, kind: 'server', data: null };
}

/** Signs a staff member in: `{ ok, data: { token, accessToken, user } }`, or a challenge to answer. */
export async function signIn(email, password) {
  return outcome(
    await call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
    email,
  );
}

/** Answers NEW_PASSWORD_REQUIRED: the person's own password replaces the temporary one. */
export async function setNewPassword(email, session, newPassword) {
  return outcome(
    await call('RespondToAuthChallenge', {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeResponses: { USERNAME: email, NEW_PASSWORD: newPassword },
    }),
    email,
  );
}

/** Answers SOFTWARE_TOKEN_MFA with the authenticator's current code. */
export async function answerMfa(email, session, code) {
  return outcome(
    await call('RespondToAuthChallenge', {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: session,
      ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
    }),
    email,
  );
}

export const forgotPassword = (email) => call('ForgotPassword', { Username: email });

export const confirmForgotPassword = (email, code, password) =>
  call('ConfirmForgotPassword', { Username: email, ConfirmationCode: code, Password: password });

/** A new authenticator secret (base32) for the signed-in user. */
export const associateTotp = (accessToken) =>
  call('AssociateSoftwareToken', { AccessToken: accessToken }, false);

export const verifyTotp = (accessToken, code) =>
  call(
    'VerifySoftwareToken',
    { AccessToken: accessToken, UserCode: code, FriendlyDeviceName: 'Order desk' },
    false,
  );

export const setTotpEnabled = (accessToken, enabled) =>
  call(
    'SetUserMFAPreference',
    { AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: enabled, PreferredMfa: enabled } },
    false,
  );

/** The `otpauth://` URI an authenticator app reads (scanned or pasted). */
export const otpauthUri = (secret, email) =>
  `otpauth://totp/${encodeURIComponent(`Order desk:${email}`)}?secret=${secret}&issuer=${encodeURIComponent('Order desk')}&algorithm=SHA1&digits=6&period=30`;

/** The rules a password breaks, as `passwordProblems` of shared/domain/password-policy.ts. */
export function passwordProblems(password, policy) {
  const problems = [];
  if (password.length < policy.minLength) problems.push('minLength');
  if (policy.requireLowercase && !/[a-z]/.test(password)) problems.push('lowercase');
  if (policy.requireUppercase && !/[A-Z]/.test(password)) problems.push('uppercase');
  if (policy.requireDigits && !/[0-9]/.test(password)) problems.push('digits');
  if (policy.requireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password))
    problems.push('symbols');
  return problems;
}
