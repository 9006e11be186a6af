/**
 * What the staff-users page sends (R-SEC-2): a new account's email, name, optional mobile and
 * roles, and the account named in a path. Unknown fields are refused, never dropped.
 */
import * as z from 'zod';
import { STAFF_ROLES } from './roles.ts';

/** Control characters (C0, DEL, C1) and invisible format characters (zero-width, bidi). */
const hasControl = (text: string): boolean =>
  [...text].some((c) => {
    const code = c.codePointAt(0)!;
    return (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0x2028 && code <= 0x202e) ||
      (code >= 0x2060 && code <= 0x2064) ||
      code === 0xfeff
    );
  });

export const staffEmailSchema = z
  .email('Not an email address')
  .max(254, 'At most 254 characters')
  .transform((email) => email.toLowerCase());

export const newStaffUserSchema = z
  .object({
    email: staffEmailSchema,
    name: z
      .string('A name is required')
      .trim()
      .min(1, 'Required')
      .max(100, 'At most 100 characters')
      .refine((name) => !hasControl(name), 'Contains control or invisible characters'),
    // Cognito keeps phone numbers in E.164, e.g. +8613912345678.
    phone: z
      .string('A phone number is text')
      .trim()
      .regex(/^\+[1-9]\d{6,14}$/, 'A mobile number in international form, e.g. +8613912345678')
      .optional(),
    roles: z
      .array(z.enum(STAFF_ROLES, `One of: ${STAFF_ROLES.join(', ')}`), 'A list of roles')
      .min(1, 'Pick at least one role')
      .refine((roles) => new Set(roles).size === roles.length, 'A role is listed twice'),
  })
  .strict();

export type NewStaffUser = z.infer<typeof newStaffUserSchema>;

export const STAFF_USER_ACTIONS = ['disable', 'enable', 'reset-password'] as const;
export type StaffUserAction = (typeof STAFF_USER_ACTIONS)[number];

export const sameAddress = (a: string, b: string): boolean =>
  a.trim().toLowerCase() === b.trim().toLowerCase();
