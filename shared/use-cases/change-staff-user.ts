/**
 * A gm disables, re-enables or resets the password of a staff account (R-SEC-2).
 * 1. Disabling stops every sign-in of the account (tokens already issued run out within the
 *    hour on AWS); a gm cannot disable their own account, so the last gm cannot lock everyone out.
 * 2. Re-enabling lets the same password in again.
 * 3. A reset makes the password stop working and emails the way back: a code, or a new
 *    temporary password to someone who never signed in.
 */

import type { StaffUserAction } from '../domain/staff-user-schemas.ts';
import { sameAddress } from '../domain/staff-user-schemas.ts';
import type { StaffAccounts } from '../ports.ts';

export type ChangeStaffUserOutcome = 'done' | 'not-found' | 'own-account';

export async function changeStaffUser(
  deps: { accounts: StaffAccounts },
  input: { email: string; action: StaffUserAction; actor: string },
): Promise<ChangeStaffUserOutcome> {
  switch (input.action) {
    case 'disable':
      if (sameAddress(input.email, input.actor)) return 'own-account';
      return deps.accounts.setEnabled(input.email, false);
    case 'enable':
      return deps.accounts.setEnabled(input.email, true);
    case 'reset-password':
      return deps.accounts.resetPassword(input.email);
  }
}
