/**
 * Staff accounts through Cognito's admin API (R-SEC-2). Locally the same calls are answered by
 * the local issuer (`/_local/cognito`), so this adapter runs unchanged in both runtimes. The
 * pool signs in by email, so the email is the `Username` of every admin call.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { ValidationError } from '../domain/errors.ts';
import { STAFF_ROLES, type StaffRole } from '../domain/roles.ts';
import type { StaffAccount, StaffAccounts } from '../ports.ts';
import { awsClientOptions } from '../runtime-env.ts';

const errorName = (error: unknown) => (error as { name?: string }).name ?? '';

async function whenFound(run: () => Promise<unknown>): Promise<'done' | 'not-found'> {
  try {
    await run();
    return 'done';
  } catch (error) {
    if (errorName(error) === 'UserNotFoundException') return 'not-found';
    throw error;
  }
}

export function cognitoStaffAccounts(
  userPoolId: string,
  client = new CognitoIdentityProviderClient(awsClientOptions('COGNITO_IDENTITY_PROVIDER')),
): StaffAccounts {
  const attr = (user: UserType, name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;

  async function allPages<T>(page: (token?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const out = await page(token);
      items.push(...out.items);
      token = out.next;
    } while (token);
    return items;
  }

  return {
    async list() {
      const users = await allPages(async (PaginationToken) => {
        const out = await client.send(new ListUsersCommand({ UserPoolId: userPoolId, PaginationToken }));
        return { items: out.Users ?? [], ...(out.PaginationToken ? { next: out.PaginationToken } : {}) };
      });
      // Groups per role (ten calls), not per user: ListUsers does not say a user's groups.
      const roles = new Map<string, StaffRole[]>();
      for (const role of STAFF_ROLES) {
        const members = await allPages(async (NextToken) => {
          const out = await client.send(
            new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: role, NextToken }),
          );
          return { items: out.Users ?? [], ...(out.NextToken ? { next: out.NextToken } : {}) };
        });
        for (const m of members) roles.set(m.Username!, [...(roles.get(m.Username!) ?? []), role]);
      }
      return users
        .map((u): StaffAccount => {
          const email = attr(u, 'email') ?? u.Username!;
          const phone = attr(u, 'phone_number');
          return {
            email,
            name: attr(u, 'name') ?? email,
            ...(phone ? { phone } : {}),
            roles: roles.get(u.Username!) ?? [],
            enabled: u.Enabled !== false,
            status: u.UserStatus ?? 'UNKNOWN',
            ...(u.UserCreateDate ? { createdAt: u.UserCreateDate.toISOString() } : {}),
          };
        })
        .sort((a, b) => a.email.localeCompare(b.email));
    },

    async create(account) {
      try {
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: account.email,
            DesiredDeliveryMediums: ['EMAIL'],
            UserAttributes: [
              { Name: 'email', Value: account.email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: account.name },
              ...(account.phone ? [{ Name: 'phone_number', Value: account.phone }] : []),
            ],
          }),
        );
      } catch (error) {
        if (errorName(error) === 'UsernameExistsException') return 'exists';
        if (errorName(error) === 'InvalidParameterException') {
          throw new ValidationError('Cognito refused the account', [
            { path: '', message: (error as Error).message },
          ]);
        }
        throw error;
      }
      for (const role of account.roles) {
        await client.send(
          new AdminAddUserToGroupCommand({
            UserPoolId: userPoolId,
            Username: account.email,
            GroupName: role,
          }),
        );
      }
      return 'created';
    },

    setEnabled(email, enabled) {
      const input = { UserPoolId: userPoolId, Username: email };
      return whenFound(() =>
        client.send(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input)),
      );
    },

    resetPassword(email) {
      const input = { UserPoolId: userPoolId, Username: email };
      return whenFound(async () => {
        const user = await client.send(new AdminGetUserCommand(input));
        // Cognito resets only a password the user chose; a pending invitation is sent again.
        if (user.UserStatus === 'FORCE_CHANGE_PASSWORD') {
          await client.send(
            new AdminCreateUserCommand({
              ...input,
              MessageAction: 'RESEND',
              DesiredDeliveryMediums: ['EMAIL'],
            }),
          );
        } else {
          await client.send(new AdminResetUserPasswordCommand(input));
        }
      });
    },
  };
}
