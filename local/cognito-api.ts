/**
 * Cognito's JSON 1.1 API (`X-Amz-Target: AWSCognitoIdentityProviderService.<Action>`), answered
 * by the local issuer, so the console and the SDK adapters run unchanged locally with only the
 * endpoint changed. Two sets of actions:
 * - what a browser may call on Cognito without AWS credentials (sign-in, challenges, forgotten
 *   password, TOTP): served to the console;
 * - the admin actions functions call with IAM credentials on AWS (users, groups): served only
 *   on the loopback-only `/_local/cognito`.
 * Inputs are checked with zod and refused as Cognito does (`InvalidParameterException`).
 */
import * as z from 'zod';
import type { LocalIssuer } from './issuer.ts';
import { isEnabled, type LocalUser, statusOf } from './issuer-users.ts';
import { type AuthOutcome, CognitoError } from './user-pool.ts';

export interface CognitoAnswer {
  status: number;
  body: unknown;
}

const text = z.string().trim().min(1);
const username = z.string().trim().min(1).max(128);
const clientCall = { ClientId: z.string() };
const poolCall = { UserPoolId: z.string().min(1), Username: username };

const SCHEMAS = {
  InitiateAuth: z.object({
    ...clientCall,
    AuthFlow: z.literal('USER_PASSWORD_AUTH'),
    AuthParameters: z.object({ USERNAME: username, PASSWORD: z.string().min(1) }),
  }),
  RespondToAuthChallenge: z.object({
    ...clientCall,
    ChallengeName: z.enum(['NEW_PASSWORD_REQUIRED', 'SOFTWARE_TOKEN_MFA']),
    Session: text,
    ChallengeResponses: z.object({
      USERNAME: username,
      NEW_PASSWORD: z.string().optional(),
      SOFTWARE_TOKEN_MFA_CODE: z.string().optional(),
    }),
  }),
  ForgotPassword: z.object({ ...clientCall, Username: username }),
  ConfirmForgotPassword: z.object({
    ...clientCall,
    Username: username,
    ConfirmationCode: text,
    Password: z.string().min(1),
  }),
  AssociateSoftwareToken: z.object({ AccessToken: text }),
  VerifySoftwareToken: z.object({ AccessToken: text, UserCode: z.string().regex(/^\d{6}$/) }),
  SetUserMFAPreference: z.object({
    AccessToken: text,
    SoftwareTokenMfaSettings: z.object({ Enabled: z.boolean(), PreferredMfa: z.boolean().optional() }),
  }),
  GetUser: z.object({ AccessToken: text }),
  ListUsers: z.object({ UserPoolId: z.string().min(1) }),
  ListUsersInGroup: z.object({ UserPoolId: z.string().min(1), GroupName: text }),
  AdminGetUser: z.object(poolCall),
  AdminCreateUser: z.object({
    ...poolCall,
    UserAttributes: z.array(z.object({ Name: z.string(), Value: z.string() })).default([]),
    TemporaryPassword: z.string().optional(),
    MessageAction: z.enum(['RESEND', 'SUPPRESS']).optional(),
  }),
  AdminAddUserToGroup: z.object({ ...poolCall, GroupName: text }),
  AdminRemoveUserFromGroup: z.object({ ...poolCall, GroupName: text }),
  AdminDisableUser: z.object(poolCall),
  AdminEnableUser: z.object(poolCall),
  AdminResetUserPassword: z.object(poolCall),
} as const;

type Action = keyof typeof SCHEMAS;

/** The actions a browser calls without AWS credentials. */
export const PUBLIC_ACTIONS: readonly Action[] = [
  'InitiateAuth',
  'RespondToAuthChallenge',
  'ForgotPassword',
  'ConfirmForgotPassword',
  'AssociateSoftwareToken',
  'VerifySoftwareToken',
  'SetUserMFAPreference',
  'GetUser',
];

const seconds = (iso?: string) => (iso ? Math.floor(Date.parse(iso) / 1000) : 0);

const attributes = (u: LocalUser) => [
  { Name: 'email', Value: u.email },
  { Name: 'email_verified', Value: 'true' },
  { Name: 'name', Value: u.name },
  ...(u.phone ? [{ Name: 'phone_number', Value: u.phone }] : []),
];

/** Cognito's UserType. */
const userType = (u: LocalUser) => ({
  Username: u.email,
  Attributes: attributes(u),
  Enabled: isEnabled(u),
  UserStatus: statusOf(u),
  UserCreateDate: seconds(u.createdAt),
  UserLastModifiedDate: seconds(u.updatedAt ?? u.createdAt),
});

function authAnswer(outcome: AuthOutcome) {
  if (outcome.kind === 'signed-in') return { AuthenticationResult: outcome.tokens, ChallengeParameters: {} };
  const u = outcome.user;
  return {
    ChallengeName: outcome.challenge,
    Session: outcome.session,
    ChallengeParameters:
      outcome.challenge === 'NEW_PASSWORD_REQUIRED'
        ? {
            USER_ID_FOR_SRP: u.email,
            requiredAttributes: '[]',
            userAttributes: JSON.stringify({ email: u.email, name: u.name }),
          }
        : { USER_ID_FOR_SRP: u.email },
  };
}

const fail = (
  type: string,
  message: string,
  issues?: { path: string; message: string }[],
): CognitoAnswer => ({
  status: 400,
  body: { __type: type, message, ...(issues ? { issues } : {}) },
});

/** One call of the API; `admin` is whether the admin actions are open on this endpoint. */
export async function cognitoCall(
  issuer: LocalIssuer,
  target: string,
  input: unknown,
  { admin }: { admin: boolean },
): Promise<CognitoAnswer> {
  const action = target.split('.').pop() as Action;
  if (!(action in SCHEMAS) || (!admin && !PUBLIC_ACTIONS.includes(action))) {
    return fail('InvalidAction', `${action || 'This action'} is not available here`);
  }
  const parsed = SCHEMAS[action].safeParse(input);
  if (!parsed.success) {
    // Cognito's own message, plus the field-by-field list every other endpoint of the project gives.
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const message = issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; ');
    return fail('InvalidParameterException', message, issues);
  }
  const data = parsed.data as Record<string, unknown>;
  if ('ClientId' in data && data['ClientId'] !== issuer.clientId) {
    return fail('ResourceNotFoundException', `User pool client ${String(data['ClientId'])} does not exist.`);
  }
  try {
    return { status: 200, body: await run(issuer, action, parsed.data) };
  } catch (error) {
    if (error instanceof CognitoError) return fail(error.type, error.message);
    throw error;
  }
}

async function run(
  issuer: LocalIssuer,
  action: Action,
  input: z.infer<(typeof SCHEMAS)[Action]>,
): Promise<unknown> {
  const pool = issuer.pool;
  const s = (key: string) => String((input as Record<string, unknown>)[key] ?? '');
  switch (action) {
    case 'InitiateAuth': {
      const { AuthParameters: p } = input as z.infer<(typeof SCHEMAS)['InitiateAuth']>;
      return authAnswer(await pool.initiateAuth(p.USERNAME, p.PASSWORD));
    }
    case 'RespondToAuthChallenge': {
      const {
        ChallengeName,
        Session,
        ChallengeResponses: r,
      } = input as z.infer<(typeof SCHEMAS)['RespondToAuthChallenge']>;
      const missing = ChallengeName === 'NEW_PASSWORD_REQUIRED' ? r.NEW_PASSWORD : r.SOFTWARE_TOKEN_MFA_CODE;
      if (!missing) throw new CognitoError('InvalidParameterException', 'A challenge response is missing');
      return authAnswer(
        ChallengeName === 'NEW_PASSWORD_REQUIRED'
          ? await pool.respondNewPassword(Session, r.USERNAME, missing)
          : await pool.respondMfa(Session, r.USERNAME, missing),
      );
    }
    case 'ForgotPassword':
      return { CodeDeliveryDetails: await pool.forgotPassword(s('Username')) };
    case 'ConfirmForgotPassword': {
      const c = input as z.infer<(typeof SCHEMAS)['ConfirmForgotPassword']>;
      await pool.confirmForgotPassword(c.Username, c.ConfirmationCode, c.Password);
      return {};
    }
    case 'AssociateSoftwareToken':
      return { SecretCode: await pool.associateSoftwareToken(s('AccessToken')) };
    case 'VerifySoftwareToken':
      await pool.verifySoftwareToken(s('AccessToken'), s('UserCode'));
      return { Status: 'SUCCESS' };
    case 'SetUserMFAPreference': {
      const m = input as z.infer<(typeof SCHEMAS)['SetUserMFAPreference']>;
      await pool.setMfaPreference(m.AccessToken, m.SoftwareTokenMfaSettings.Enabled);
      return {};
    }
    case 'GetUser': {
      const u = await pool.getUser(s('AccessToken'));
      return {
        Username: u.email,
        UserAttributes: attributes(u),
        ...(u.mfaEnabled
          ? { PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] }
          : {}),
      };
    }
    case 'ListUsers':
      return { Users: (await issuer.listUsers()).map(userType) };
    case 'ListUsersInGroup':
      return {
        Users: (await issuer.listUsers())
          .filter((u) => (u.roles as string[]).includes(s('GroupName')))
          .map(userType),
      };
    case 'AdminGetUser': {
      const u = (await issuer.listUsers()).find((x) => x.email.toLowerCase() === s('Username').toLowerCase());
      if (!u) throw new CognitoError('UserNotFoundException', 'User does not exist.');
      const { Attributes, ...rest } = userType(u);
      return { ...rest, UserAttributes: Attributes };
    }
    case 'AdminCreateUser': {
      const i = input as z.infer<(typeof SCHEMAS)['AdminCreateUser']>;
      if (i.MessageAction === 'RESEND') {
        await pool.adminResendInvitation(s('Username'));
        return { User: userType((await issuer.listUsers()).find((u) => u.email === s('Username'))!) };
      }
      const attr = (name: string) => i.UserAttributes.find((a) => a.Name === name)?.Value;
      const user = await pool.adminCreateUser({
        email: attr('email') ?? s('Username'),
        name: attr('name') ?? s('Username'),
        ...(attr('phone_number') ? { phone: attr('phone_number')! } : {}),
        ...(i.TemporaryPassword ? { temporaryPassword: i.TemporaryPassword } : {}),
      });
      return { User: userType(user) };
    }
    case 'AdminAddUserToGroup':
    case 'AdminRemoveUserFromGroup':
      await pool.adminSetGroup(s('Username'), s('GroupName'), action === 'AdminAddUserToGroup');
      return {};
    case 'AdminDisableUser':
    case 'AdminEnableUser':
      await pool.adminSetEnabled(s('Username'), action === 'AdminEnableUser');
      return {};
    case 'AdminResetUserPassword':
      await pool.adminResetUserPassword(s('Username'));
      return {};
  }
}
