/**
 * The staff-users API against the real local system (R-SEC-2): gm only, checked field by field;
 * a created account gets its temporary password by email (the outbox) and must replace it on
 * the console's Cognito API; disable, enable and reset act on sign-in at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(() => sys?.close());

const cognito = async (action: string, body: unknown) => {
  const res = await fetch(`${sys.baseUrl}/api/auth/cognito`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const signIn = (email: string, password: string) =>
  cognito('InitiateAuth', {
    ClientId: 'orderdesk-local',
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
const mailTo = async (to: string) => (await sys.outbox()).filter((m) => m.to.includes(to)).at(-1);

describe('staff users (R-SEC-2)', () => {
  it('is for gm only', async () => {
    expect((await sys.api('/api/staff-users', { token: await sys.login('ops') })).status).toBe(403);
    expect((await sys.api('/api/staff-users')).status).toBe(401);
  });

  it('creates an account with roles; the emailed temporary password must be replaced at first sign-in', async () => {
    const gm = await sys.login('gm');
    const created = await sys.api('/api/staff-users', {
      token: gm,
      json: { email: 'New.Hire@Example.com', name: '林新', phone: '+8613912345678', roles: ['sales', 'ops'] },
    });
    expect(created.status).toBe(201);
    const list = (await (await sys.api('/api/staff-users', { token: gm })).json()) as {
      items: { email: string; roles: string[]; status: string; enabled: boolean }[];
    };
    expect(list.items.find((u) => u.email === 'new.hire@example.com')).toMatchObject({
      roles: ['sales', 'ops'],
      status: 'FORCE_CHANGE_PASSWORD',
      enabled: true,
    });
    const invitation = await mailTo('new.hire@example.com');
    const temp = /temporary password is (\S+)/.exec(invitation!.text)![1]!;
    const first = await signIn('new.hire@example.com', temp);
    expect(first.body['ChallengeName']).toBe('NEW_PASSWORD_REQUIRED');
    // The plain login refuses while the challenge is pending.
    const plain = await sys.api('/api/auth/login', {
      json: { email: 'new.hire@example.com', password: temp },
    });
    expect(plain.status).toBe(401);

    const again = await sys.api('/api/staff-users', {
      token: gm,
      json: { email: 'new.hire@example.com', name: '林新', roles: ['sales'] },
    });
    expect(again.status).toBe(409);
  });

  it('answers every bad field, and refuses unknown ones', async () => {
    const res = await sys.api('/api/staff-users', {
      token: await sys.login('gm'),
      json: { email: 'nope', name: '', phone: '13912345678', roles: ['boss'], extra: 1 },
    });
    expect(res.status).toBe(400);
    const { issues } = (await res.json()) as { issues: { path: string }[] };
    expect(issues.map((i) => i.path).sort()).toEqual(['', 'email', 'name', 'phone', 'roles.0'].sort());
  });

  it('disables and re-enables an account; a gm cannot disable their own', async () => {
    const gm = await sys.login('gm');
    const disabled = await sys.api('/api/staff-users/finance%40example.com/disable', {
      token: gm,
      method: 'POST',
    });
    expect(disabled.status).toBe(200);
    expect((await signIn('finance@example.com', sys.demoPassword)).body['message']).toBe('User is disabled.');
    await sys.api('/api/staff-users/finance@example.com/enable', { token: gm, method: 'POST' });
    expect((await signIn('finance@example.com', sys.demoPassword)).status).toBe(200);
    const own = await sys.api('/api/staff-users/gm@example.com/disable', { token: gm, method: 'POST' });
    expect(own.status).toBe(409);
    const unknown = await sys.api('/api/staff-users/ghost@example.com/disable', {
      token: gm,
      method: 'POST',
    });
    expect(unknown.status).toBe(404);
  });

  it('resets a password: the old one stops working and a code arrives by email', async () => {
    const gm = await sys.login('gm');
    const res = await sys.api('/api/staff-users/safety@example.com/reset-password', {
      token: gm,
      method: 'POST',
    });
    expect(res.status).toBe(200);
    expect((await signIn('safety@example.com', sys.demoPassword)).body['__type']).toBe(
      'PasswordResetRequiredException',
    );
    const code = /(\d{6})/.exec((await mailTo('safety@example.com'))!.text)![1]!;
    const confirmed = await cognito('ConfirmForgotPassword', {
      ClientId: 'orderdesk-local',
      Username: 'safety@example.com',
      ConfirmationCode: code,
      Password: 'Brand-new-Pass1',
    });
    expect(confirmed.status).toBe(200);
    expect((await signIn('safety@example.com', 'Brand-new-Pass1')).status).toBe(200);
  });

  it('keeps the admin actions off the browser endpoint', async () => {
    const res = await cognito('AdminCreateUser', { UserPoolId: 'local', Username: 'x@example.com' });
    expect(res.body['__type']).toBe('InvalidAction');
  });
});
