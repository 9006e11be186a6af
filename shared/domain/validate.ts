/** Turns zod issues into the field-by-field errors every entry point answers with. */
import type { z } from 'zod';
import type { FieldIssue } from './errors.ts';

export const issuePath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issuePath(issue.path),
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : issue.message,
  }));
}
