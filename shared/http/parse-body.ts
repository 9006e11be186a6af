/** Validates a request body with its zod schema: the data, or a 400 naming every bad field. */
import type * as z from 'zod';
import { ValidationError } from '../domain/errors.ts';
import { toFieldIssues } from '../domain/validate.ts';

export function parseBody<S extends z.ZodType>(schema: S, body: unknown, message: string): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError(message, toFieldIssues(parsed.error));
  return parsed.data;
}
