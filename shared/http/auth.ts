/**
 * Who is calling (R-SEC-2). Staff routes are guarded twice: by the JWT authorizer in front
 * (API Gateway on AWS, the local server locally), and here against the roles the manifest
 * gives the route. Roles travel in the `cognito:groups` claim in both runtimes; API Gateway
 * renders array claims as the string "[a b]", so both forms are read.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
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

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
let jwksIssuer: string | undefined;

/** Verifies a bearer token the way the JWT authorizer does: signature, issuer, expiry. */
export async function verifyBearer(token: string, issuer: string): Promise<JWTPayload> {
  if (!jwks || jwksIssuer !== issuer) {
    jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    jwksIssuer = issuer;
  }
  try {
    const { payload } = await jwtVerify(token, jwks, { issuer });
    return payload;
  } catch {
    throw new AuthenticationError('Your sign-in is invalid or has expired; sign in again');
  }
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
  issuer: () => string,
): Promise<StaffIdentity | undefined> {
  if (access.kind === 'public') return undefined;
  let claims = authorizerClaims(event);
  if (!claims && access.kind === 'public-or-staff') {
    const header = event.headers['authorization'] ?? event.headers['Authorization'];
    if (!header) return undefined;
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    if (!token) throw new AuthenticationError('The Authorization header must be "Bearer <token>"');
    claims = (await verifyBearer(token, issuer())) as Claims;
  }
  if (!claims) throw new AuthenticationError();
  const identity = identityFromClaims(claims);
  return requireRole(identity, access.kind === 'staff' ? access.roles : access.staffRoles);
}
