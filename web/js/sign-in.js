/**
 * Staff sign-in in both runtimes (R-SEC-2). On AWS the deployment publishes `/config.json`
 * naming the Cognito user pool client; the page then signs in against Cognito directly
 * (USER_PASSWORD_AUTH) and uses the ID token, whose `cognito:groups` claim carries the roles.
 * The local runtime's `/config.json` says `{ staffSignIn: { kind: 'local' } }` (as does a missing
 * file), so the page uses the local issuer's `POST /api/auth/login`. Both answer in the shape
 * of `api()`.
 */
import { api } from './api.js';

let configPromise;

function deploymentConfig() {
  configPromise ??= fetch('/config.json', { cache: 'no-store' })
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null);
  return configPromise;
}

function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
  } catch {
    return {};
  }
}

async function cognitoSignIn({ region, userPoolClientId }, email, password) {
  let response;
  try {
    response = await fetch(`https://cognito-idp.${region}.amazonaws.com/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: userPoolClientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const kind = error?.name === 'TimeoutError' ? 'timeout' : 'network';
    return { ok: false, status: 0, kind, data: null, retryAfter: null };
  }
  const data = await response.json().catch(() => ({}));
  const token = data.AuthenticationResult?.IdToken;
  if (response.ok && token) {
    const claims = claimsOf(token);
    const roles = claims['cognito:groups'] ?? [];
    return {
      ok: true,
      status: 200,
      data: {
        token,
        user: { email: claims.email ?? email, name: claims.name ?? claims.email ?? email, roles },
      },
    };
  }
  if (response.ok && data.ChallengeName) {
    // First sign-in with a temporary password, or MFA: finished in the Cognito hosted flow.
    return {
      ok: false,
      status: 403,
      kind: 'unexpected',
      data: { error: data.ChallengeName },
      retryAfter: null,
    };
  }
  const unauthorized = /NotAuthorized|UserNotFound/.test(data.__type ?? '');
  return {
    ok: false,
    status: response.status,
    kind: unauthorized ? 'unauthorized' : response.status === 429 ? 'rate_limited' : 'server',
    data: { error: data.message ?? data.__type },
    retryAfter: null,
  };
}

/** Signs a staff member in; `{ ok, data: { token, user } }` like `api()`. */
export async function signIn(email, password) {
  const config = await deploymentConfig();
  if (config?.staffSignIn?.kind === 'cognito') return cognitoSignIn(config.staffSignIn, email, password);
  return api('/api/auth/login', { method: 'POST', body: { email, password } });
}
