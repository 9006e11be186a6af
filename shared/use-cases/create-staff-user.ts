/**
 * A gm creates a staff sign-in account (R-SEC-2).
 * 1. The account is created with the roles asked for; Cognito (or the local issuer) emails a
 *    temporary password, which the first sign-in must replace.
 * 2. An address that already has an account is answered as such; nothing is changed.
 */
import type { NewStaffUser } from '../domain/staff-user-schemas.ts';
import type { StaffAccounts } from '../ports.ts';

export type CreateStaffUserOutcome = { kind: 'created'; email: string } | { kind: 'exists' };

export async function createStaffUser(
  deps: { accounts: StaffAccounts },
  input: NewStaffUser,
): Promise<CreateStaffUserOutcome> {
  const { phone, ...rest } = input;
  const result = await deps.accounts.create({ ...rest, ...(phone ? { phone } : {}) });
  return result === 'exists' ? { kind: 'exists' } : { kind: 'created', email: input.email };
}
