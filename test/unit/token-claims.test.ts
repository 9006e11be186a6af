/**
 * Staff tokens the handlers verify themselves (R-SEC-2): a token must name this app's client
 * (`aud` on ID tokens, `client_id` on access tokens, as Cognito issues them), say what it is
 * (`token_use`) and expire (`exp`); a token missing any of these is refused.
 */
import { type CryptoKey, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '#shared/domain/errors.ts';
import { verifyToken } from '#shared/http/auth.ts';

const trust = { issuer: 'https://issuer.example/pool', audience: 'console-client' };
let privateKey: CryptoKey;
let publicKey: CryptoKey;

beforeAll(async () => {
  ({ privateKey, publicKey } = await generateKeyPair('ES256'));
});

async function token(claims: JWTPayload, { exp = true }: { exp?: boolean } = {}): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(trust.issuer)
    .setSubject('ops@example.com')
    .setIssuedAt();
  if (exp) jwt.setExpirationTime('1h');
  return jwt.sign(privateKey);
}

const verify = (jwt: string) => verifyToken(jwt, async () => publicKey, trust);
const idClaims = { token_use: 'id', aud: 'console-client', 'cognito:groups': ['ops'] };
const accessClaims = { token_use: 'access', client_id: 'console-client', 'cognito:groups': ['ops'] };

describe('staff token checks', () => {
  it('accepts an ID token for this app client and an access token with its client_id', async () => {
    expect((await verify(await token(idClaims)))['token_use']).toBe('id');
    expect((await verify(await token(accessClaims)))['token_use']).toBe('access');
  });

  it('accepts an ID token whose aud is a list naming this client', async () => {
    await expect(
      verify(await token({ ...idClaims, aud: ['other', 'console-client'] })),
    ).resolves.toBeTruthy();
  });

  it('refuses a token without exp', async () => {
    await expect(verify(await token(idClaims, { exp: false }))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('refuses a token without token_use', async () => {
    const { token_use: _, ...rest } = idClaims;
    await expect(verify(await token(rest))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('refuses an ID token without aud, or for another client', async () => {
    const { aud: _, ...rest } = idClaims;
    await expect(verify(await token(rest))).rejects.toBeInstanceOf(AuthenticationError);
    await expect(verify(await token({ ...idClaims, aud: 'another-app' }))).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('refuses an access token without client_id, or one that only has aud', async () => {
    const { client_id: _, ...rest } = accessClaims;
    await expect(verify(await token(rest))).rejects.toBeInstanceOf(AuthenticationError);
    await expect(verify(await token({ ...rest, aud: 'console-client' }))).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('refuses a token of another kind (token_use neither id nor access)', async () => {
    await expect(verify(await token({ ...idClaims, token_use: 'refresh' }))).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('refuses an expired token and one from another issuer', async () => {
    const expired = await new SignJWT(idClaims)
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(trust.issuer)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(privateKey);
    await expect(verify(expired)).rejects.toBeInstanceOf(AuthenticationError);
    const foreign = await new SignJWT(idClaims)
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('https://elsewhere.example')
      .setExpirationTime('1h')
      .sign(privateKey);
    await expect(verify(foreign)).rejects.toBeInstanceOf(AuthenticationError);
  });
});
