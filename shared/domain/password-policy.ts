/**
 * The staff password policy (R-SEC-2): one definition for the Cognito user pool (infra), the
 * local issuer that imitates it, and the console, which shows it when a password is set.
 */
export const STAFF_PASSWORD_POLICY = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  /** How long an administrator's temporary password can be used for the first sign-in. */
  temporaryPasswordValidityDays: 3,
} as const;

export type PasswordRule = 'minLength' | 'lowercase' | 'uppercase' | 'digits' | 'symbols';

/** The rules a password breaks, in the policy's order; empty when it is acceptable. */
export function passwordProblems(password: string, policy = STAFF_PASSWORD_POLICY): PasswordRule[] {
  const problems: PasswordRule[] = [];
  if (password.length < policy.minLength) problems.push('minLength');
  if (policy.requireLowercase && !/[a-z]/.test(password)) problems.push('lowercase');
  if (policy.requireUppercase && !/[A-Z]/.test(password)) problems.push('uppercase');
  if (policy.requireDigits && !/[0-9]/.test(password)) problems.push('digits');
  // Cognito's symbols: ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + - and space.
  if (policy.requireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password))
    problems.push('symbols');
  return problems;
}
