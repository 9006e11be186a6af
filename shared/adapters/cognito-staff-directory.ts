/**
 * Staff of a role from the Cognito user pool group of that role. Locally the same API
 * (`ListUsersInGroup`) is answered by the local issuer, so this adapter runs unchanged.
 */
import {
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { StaffDirectory, StaffMember } from '../ports.ts';
import { awsClientOptions } from '../runtime-env.ts';

export function cognitoStaffDirectory(
  userPoolId: string,
  client = new CognitoIdentityProviderClient(awsClientOptions('COGNITO_IDENTITY_PROVIDER')),
): StaffDirectory {
  return {
    async members(role) {
      const members: StaffMember[] = [];
      let token: string | undefined;
      do {
        const out = await client.send(
          new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: role, NextToken: token }),
        );
        for (const user of out.Users ?? []) {
          if (user.Enabled === false) continue;
          const attr = (name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;
          const email = attr('email');
          const phone = attr('phone_number');
          if (email) members.push({ email, name: attr('name') ?? email, ...(phone ? { phone } : {}) });
        }
        token = out.NextToken;
      } while (token);
      return members;
    },
  };
}
