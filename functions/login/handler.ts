/**
 * The local issuer's sign-in for the staff console (local runtime only; on AWS the console talks
 * to Cognito itself):
 * - POST /api/auth/cognito — Cognito's JSON API for what a browser may call (InitiateAuth,
 *   RespondToAuthChallenge, ForgotPassword, TOTP…), so the console's flows are the AWS ones;
 * - POST /api/auth/login — email and password to an ID token, for scripts and tests; it refuses
 *   an account with a pending challenge (a temporary password, MFA).
 */
import * as z from 'zod';
import { cognitoCall } from '#local/cognito-api.ts';
import { localIssuer } from '#local/issuer.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { json } from '#shared/http/errors.ts';
import { header, httpRoute, parseJsonBody } from '#shared/http/route.ts';

const loginSchema = z.object({
  email: z.email('Not an email address'),
  password: z.string().min(1, 'Required'),
});

const AMZ_JSON = { 'content-type': 'application/x-amz-json-1.1' };

export const handler = httpRoute('login', async ({ event }) => {
  if (event.rawPath.endsWith('/cognito')) {
    const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body;
    let input: unknown;
    try {
      input = JSON.parse(raw || '{}');
    } catch {
      return json(400, { __type: 'SerializationException', message: 'The body is not valid JSON' }, AMZ_JSON);
    }
    const target = header(event, 'x-amz-target') ?? '';
    const answer = await cognitoCall(localIssuer(), target, input, { admin: false });
    return json(answer.status, answer.body, AMZ_JSON);
  }
  const parsed = loginSchema.safeParse(parseJsonBody(event));
  if (!parsed.success) throw new ValidationError('Invalid sign-in', toFieldIssues(parsed.error));
  return json(200, await localIssuer().login(parsed.data.email, parsed.data.password));
});
