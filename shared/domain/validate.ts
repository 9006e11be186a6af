/** Turns zod issues (worded by zod-messages.ts) into the field-by-field errors every entry point answers with. */
import type { z } from 'zod';
import type { FieldIssue } from './errors.ts';
import './zod-messages.ts';

export const issuePath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issuePath(issue.path),
    message: issue.message,
  }));
}
