/**
 * Whether a phone number can take an SMS (R-INTAKE-3): only mainland mobile numbers
 * (1[3-9] and nine more digits, with an optional +86 / 86 and the usual separators).
 * A landline such as 0571-88886666 gets no SMS; the email, if any, still goes.
 */
const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;

export const isMobileNumber = (phone: string | undefined): boolean =>
  phone !== undefined && MOBILE.test(phone.replace(/[\s()-]/g, ''));
