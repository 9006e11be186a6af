/**
 * The local issuer behaves as the Cognito user pool does for staff sign-in (R-SEC-2): through
 * its JSON API, as the console and the SDK call it. A fake clock moves time; emails are caught.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cognitoCall } from '#local/cognito-api.ts';
import { type LocalIssuer, startLocalIssuer } from '#local/issuer.ts';
import { totpCode } from '#local/totp.ts';

const CLIENT = 'orderdesk-local';
const GOOD = 'Str0ng!Password';
let dir: string;
let issuer: LocalIssuer;
let clock: Date;
let mails: { to: string; subject: string; text: string }[];

// Cognito answers are loose JSON; the tests read them field by field.
// biome-ignore lint/suspicious/noExplicitAny: answers are read as loose JSON
type Answer = { status: number; body: Record<string, any> };
const call = async (action: string, input: unknown, admin = false): Promise<Answer> =>
  (await cognitoCall(issuer, `AWSCognitoIdentityProviderService.${action}`, input, { admin })) as Answer;
const signIn = (email: string, password: string) =>
  call('InitiateAuth', {
    ClientId: CLIENT,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
const respond = (name: string, session: string, responses: Record<string, string>) =>
  call('RespondToAuthChallenge', {
    ClientId: CLIENT,
    ChallengeName: name,
    Session: session,
    ChallengeResponses: responses,
  });
const later = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};
const lastCode = () => /(\d{6})/.exec(mails.at(-1)!.text)![1]!;
const tempPassword = () => /(?:temporary password is|临时密码是) (\S+)/.exec(mails.at(-1)!.text)![1]!;

async function createUser(email: string): Promise<void> {
  const created = await call(
    'AdminCreateUser',
    {
      UserPoolId: 'local',
      Username: email,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'name', Value: '新同事' },
      ],
    },
    true,
  );
  expect(created.status).toBe(200);
  expect(created.body['User'].UserStatus).toBe('FORCE_CHANGE_PASSWORD');
  await call('AdminAddUserToGroup', { UserPoolId: 'local', Username: email, GroupName: 'ops' }, true);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orderdesk-pool-'));
  clock = new Date('2026-12-03T08:00:00Z');
  mails = [];
  issuer = await startLocalIssuer(dir, 'http://localhost/_local/issuer', {
    now: () => clock,
    mail: async (to, subject, text) => {
      mails.push({ to, subject, text });
    },
  });
  await issuer.saveUsers([
    { email: 'gm@example.com', name: '总经理', roles: ['gm'], password: 'orderdesk-demo' },
  ]);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('local user pool', () => {
  it('signs a seeded (confirmed) user straight in with the demo password, ID token for this client', async () => {
    const res = await signIn('gm@example.com', 'orderdesk-demo');
    expect(res.status).toBe(200);
    const [, payload] = res.body['AuthenticationResult'].IdToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({ token_use: 'id', aud: CLIENT, 'cognito:groups': ['gm'] });
  });

  it('makes a user created by an administrator set a password of the policy at the first sign-in', async () => {
    await createUser('new@example.com');
    expect(mails.at(-1)!.to).toBe('new@example.com');
    const temp = tempPassword();
    const first = await signIn('new@example.com', temp);
    expect(first.body['ChallengeName']).toBe('NEW_PASSWORD_REQUIRED');
    const weak = await respond('NEW_PASSWORD_REQUIRED', first.body['Session'], {
      USERNAME: 'new@example.com',
      NEW_PASSWORD: 'short',
    });
    expect(weak.body['__type']).toBe('InvalidPasswordException');
    const set = await respond('NEW_PASSWORD_REQUIRED', first.body['Session'], {
      USERNAME: 'new@example.com',
      NEW_PASSWORD: GOOD,
    });
    expect(set.body['AuthenticationResult'].IdToken).toBeTruthy();
    expect((await signIn('new@example.com', GOOD)).body['AuthenticationResult']).toBeTruthy();
    expect((await signIn('new@example.com', temp)).body['__type']).toBe('NotAuthorizedException');
    expect(await issuer.membersOf('ops')).toEqual([{ email: 'new@example.com', name: '新同事' }]);
  });

  it('refuses a temporary password after its 3 days', async () => {
    await createUser('late@example.com');
    later(3 * 86_400 + 1);
    const res = await signIn('late@example.com', tempPassword());
    expect(res.body).toMatchObject({
      __type: 'NotAuthorizedException',
      message: expect.stringMatching(/expired/),
    });
  });

  it('resets a forgotten password with the emailed code; a wrong code does not', async () => {
    const sent = await call('ForgotPassword', { ClientId: CLIENT, Username: 'gm@example.com' });
    expect(sent.body['CodeDeliveryDetails']).toMatchObject({
      DeliveryMedium: 'EMAIL',
      Destination: 'g***@e***',
    });
    const code = lastCode();
    const wrong = await call('ConfirmForgotPassword', {
      ClientId: CLIENT,
      Username: 'gm@example.com',
      ConfirmationCode: code === '000000' ? '111111' : '000000',
      Password: GOOD,
    });
    expect(wrong.body['__type']).toBe('CodeMismatchException');
    const ok = await call('ConfirmForgotPassword', {
      ClientId: CLIENT,
      Username: 'gm@example.com',
      ConfirmationCode: code,
      Password: GOOD,
    });
    expect(ok.status).toBe(200);
    expect((await signIn('gm@example.com', GOOD)).status).toBe(200);
    expect((await signIn('gm@example.com', 'orderdesk-demo')).status).toBe(400);
  });

  it('answers a forgotten password for an unknown address like any other, and sends nothing', async () => {
    const res = await call('ForgotPassword', { ClientId: CLIENT, Username: 'nobody@example.com' });
    expect(res.status).toBe(200);
    expect(mails).toHaveLength(0);
  });

  it('enrols an authenticator and then asks for its code at sign-in', async () => {
    const tokens = (await signIn('gm@example.com', 'orderdesk-demo')).body['AuthenticationResult'];
    const { SecretCode } = (await call('AssociateSoftwareToken', { AccessToken: tokens.AccessToken })).body;
    const bad = await call('VerifySoftwareToken', {
      AccessToken: tokens.AccessToken,
      UserCode: '123456' === totpCode(SecretCode, clock) ? '654321' : '123456',
    });
    expect(bad.body['__type']).toBe('EnableSoftwareTokenMFAException');
    expect(
      (
        await call('VerifySoftwareToken', {
          AccessToken: tokens.AccessToken,
          UserCode: totpCode(SecretCode, clock),
        })
      ).body,
    ).toEqual({ Status: 'SUCCESS' });
    await call('SetUserMFAPreference', {
      AccessToken: tokens.AccessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    });
    const challenged = await signIn('gm@example.com', 'orderdesk-demo');
    expect(challenged.body['ChallengeName']).toBe('SOFTWARE_TOKEN_MFA');
    const wrong = await respond('SOFTWARE_TOKEN_MFA', challenged.body['Session'], {
      USERNAME: 'gm@example.com',
      SOFTWARE_TOKEN_MFA_CODE: '000000' === totpCode(SecretCode, clock) ? '111111' : '000000',
    });
    expect(wrong.body['__type']).toBe('CodeMismatchException');
    later(60);
    const done = await respond('SOFTWARE_TOKEN_MFA', challenged.body['Session'], {
      USERNAME: 'gm@example.com',
      SOFTWARE_TOKEN_MFA_CODE: totpCode(SecretCode, clock),
    });
    expect(done.body['AuthenticationResult'].IdToken).toBeTruthy();
  });

  it('refuses an ID token where an access token is needed', async () => {
    const tokens = (await signIn('gm@example.com', 'orderdesk-demo')).body['AuthenticationResult'];
    const res = await call('AssociateSoftwareToken', { AccessToken: tokens.IdToken });
    expect(res.body['__type']).toBe('NotAuthorizedException');
  });

  it('locks the account after 5 wrong passwords, even for the right one, then lets it in once the lock passed', async () => {
    for (let i = 0; i < 5; i++)
      expect((await signIn('gm@example.com', 'wrong')).body['message']).toBe(
        'Incorrect username or password.',
      );
    expect((await signIn('gm@example.com', 'orderdesk-demo')).body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Password attempts exceeded',
    });
    later(2);
    expect((await signIn('gm@example.com', 'orderdesk-demo')).status).toBe(200);
  });

  it('does not let 100 quick wrong passwords be followed by a successful sign-in', async () => {
    for (let i = 0; i < 100; i++) {
      await signIn('gm@example.com', `wrong-${i}`);
      later(1);
    }
    // Ten failures in, each lock doubles: the last one is Cognito's 15 minutes.
    expect((await signIn('gm@example.com', 'orderdesk-demo')).body['message']).toBe(
      'Password attempts exceeded',
    );
    later(15 * 60);
    expect((await signIn('gm@example.com', 'orderdesk-demo')).status).toBe(200);
  });

  it('refuses a disabled user, and lets them in again once re-enabled', async () => {
    await call('AdminDisableUser', { UserPoolId: 'local', Username: 'gm@example.com' }, true);
    expect((await signIn('gm@example.com', 'orderdesk-demo')).body['message']).toBe('User is disabled.');
    expect(await issuer.membersOf('gm')).toEqual([]);
    await call('AdminEnableUser', { UserPoolId: 'local', Username: 'gm@example.com' }, true);
    expect((await signIn('gm@example.com', 'orderdesk-demo')).status).toBe(200);
  });

  it("after an administrator's reset, asks for the emailed code and a new password", async () => {
    await call('AdminResetUserPassword', { UserPoolId: 'local', Username: 'gm@example.com' }, true);
    expect((await signIn('gm@example.com', 'orderdesk-demo')).body['__type']).toBe(
      'PasswordResetRequiredException',
    );
    const ok = await call('ConfirmForgotPassword', {
      ClientId: CLIENT,
      Username: 'gm@example.com',
      ConfirmationCode: lastCode(),
      Password: GOOD,
    });
    expect(ok.status).toBe(200);
    expect((await signIn('gm@example.com', GOOD)).status).toBe(200);
  });

  it('keeps the admin actions off the public endpoint, and names bad fields', async () => {
    const res = await call('AdminCreateUser', { UserPoolId: 'local', Username: 'x@example.com' });
    expect(res.body['__type']).toBe('InvalidAction');
    const bad = await call('InitiateAuth', {
      ClientId: CLIENT,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'gm@example.com' },
    });
    expect(bad.body).toMatchObject({
      __type: 'InvalidParameterException',
      message: expect.stringMatching(/AuthParameters\.PASSWORD/),
    });
    const otherClient = await call('ForgotPassword', {
      ClientId: 'someone-else',
      Username: 'gm@example.com',
    });
    expect(otherClient.body['__type']).toBe('ResourceNotFoundException');
  });
});
