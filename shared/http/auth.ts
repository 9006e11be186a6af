/**
 * Who is calling (R-SEC-2). Staff routes are guarded twice: by the JWT authorizer in front
 * (API Gateway on AWS, the local server locally), and here against the roles the manifest
 * gives the route. Roles travel in the `cognito:groups` claim in both runtimes; API Gateway
 * renders array claims as the string "[a b]", so both forms are read.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { RouteAccess } from '#functions/manifest.ts';
import { AuthenticationError, ForbiddenError } from '../domain/errors.ts';
import { isStaffRole, type StaffRole } from '../domain/roles.ts';

export interface StaffIdentity {
  email: string;
  roles: StaffRole[];
}

type Claims = Record<string, unknown>;

export function rolesFromClaims(claims: Claims): StaffRole[] {
  const raw = claims['cognito:groups'];
  const list = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : [];
  return list.filter(isStaffRole);
}

export function identityFromClaims(claims: Claims): StaffIdentity {
  const email = String(
    claims['email'] ?? claims['username'] ?? claims['cognito:username'] ?? claims['sub'] ?? '',
  );
  return { email, roles: rolesFromClaims(claims) };
}

const authorizerClaims = (event: APIGatewayProxyEventV2): Claims | undefined =>
  (event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } }).authorizer?.jwt?.claims;

/** The key sets by issuer: one on AWS; one per local system when several run in one process. */
const jwksByIssuer = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** Who must have issued a staff token, and for which app client. */
export interface TokenTrust {
  /** `iss`: the user pool (Cognito) or the local issuer. */
  issuer: string;
  /** The staff console's app client id: `aud` of ID tokens, `client_id` of access tokens. */
  audience: string;
}

const INVALID = 'Your sign-in is invalid or has expired; sign in again';

/**
 * Verifies a staff token: signature, issuer, and that it is a token of this app that has not
 * expired. Cognito ID tokens carry the app client in `aud`; its access tokens carry no `aud`
 * but `client_id`; `token_use` says which one it is. A token without `exp`, `token_use` or
 * the app client claim of its kind is refused.
 */
export async function verifyToken(
  token: string,
  key: JWTVerifyGetKey,
  trust: TokenTrust,
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: trust.issuer,
      requiredClaims: ['exp', 'token_use'],
    });
    const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
    const ok =
      payload['token_use'] === 'id'
        ? audiences.includes(trust.audience)
        : payload['token_use'] === 'access' && payload['client_id'] === trust.audience;
    if (!ok) throw new Error('token_use / aud / client_id');
    return payload;
  } catch {
    throw new AuthenticationError(INVALID);
  }
}

/** `verifyToken` against the issuer's published keys (`<issuer>/.well-known/jwks.json`). */
export async function verifyBearer(token: string, trust: TokenTrust): Promise<JWTPayload> {
  let jwks = jwksByIssuer.get(trust.issuer);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(`${trust.issuer}/.well-known/jwks.json`));
    jwksByIssuer.set(trust.issuer, jwks);
  }
  return verifyToken(token, jwks, trust);
}

function requireRole(identity: StaffIdentity, roles: readonly StaffRole[]): StaffIdentity {
  if (!identity.roles.some((r) => roles.includes(r))) {
    throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}`);
  }
  return identity;
}

/**
 * The caller's identity under the route's access rule: undefined for a public caller,
 * the staff identity otherwise; throws 401/403 as the rule requires.
 */
export async function authorize(
  event: APIGatewayProxyEventV2,
  access: RouteAccess,
  trust: () => TokenTrust,
): Promise<StaffIdentity | undefined> {
  if (access.kind === 'public') return undefined;
  let claims = authorizerClaims(event);
  if (!claims && access.kind === 'public-or-staff') {
    const header = event.headers['authorization'] ?? event.headers['Authorization'];
    if (!header) return undefined;
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    if (!token) throw new AuthenticationError('The Authorization header must be "Bearer <token>"');
    claims = (await verifyBearer(token, trust())) as Claims;
  }
  if (!claims) throw new AuthenticationError();
  const identity = identityFromClaims(claims);
  return requireRole(identity, access.kind === 'staff' ? access.roles : access.staffRoles);
}
