/** POST /api/auth/login — staff sign-in against the local issuer (local runtime only). */

import * as z from 'zod';
import { localIssuer } from '#local/issuer.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { httpRoute } from '#shared/http/route.ts';

const loginSchema = z.object({
  email: z.email('Not an email address'),
  password: z.string().min(1, 'Required'),
});

export const handler = httpRoute(
  'login',
  async ({ body }) => {
    const parsed = loginSchema.safeParse(body);
    if (!parsed.success) throw new ValidationError('Invalid sign-in', toFieldIssues(parsed.error));
    return json(200, await localIssuer().login(parsed.data.email, parsed.data.password));
  },
  { jsonBody: true },
);
