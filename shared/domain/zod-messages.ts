/**
 * Why: zod's own words for a wrong type ("Invalid input: expected number, received string") are
 * fine, but a missing field and a wrong one must read differently, and a fraction where a whole
 * number belongs must say so. One global error map says it the same way at every entry point
 * (R-INTAKE-2); schemas that name their own message for a rule (a range, a format) keep it.
 */
import * as z from 'zod';

/** The JSON type of a value as a caller would name it. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value;
}

z.config({
  customError: (issue) => {
    if (issue.code !== 'invalid_type') return undefined;
    if (issue.input === undefined) return 'Required';
    if (issue.expected === 'int') return 'Must be an integer';
    return `Expected ${issue.expected}, received ${typeName(issue.input)}`;
  },
});
