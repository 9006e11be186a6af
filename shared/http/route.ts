/**
 * The one wrapper every HTTP handler uses (middy): it reads the route's access rule from the
 * manifest and enforces it (R-SEC-2), parses a JSON body with a size limit and a content-type
 * check, maps domain errors to statuses, and adds safe response headers; it runs inside the
 * logging wrapper (shared/observability/observed.ts). Handlers stay thin.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { FUNCTIONS, type RouteAccess } from '#functions/manifest.ts';
import { jwtAudience, jwtIssuer } from '../config.ts';
import { observed } from '../observability/observed.ts';
import { authorize, type StaffIdentity } from './auth.ts';
import { errorToResult, HttpError, type HttpResult } from './errors.ts';

/** R-INTAKE-2 / issue limits: larger bodies are refused with 413 before parsing. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface RouteInput {
  event: APIGatewayProxyEventV2;
  /** Present on staff routes and on public routes called with a valid staff token. */
  staff?: StaffIdentity;
  /** The parsed JSON body, when the route takes one. */
  body?: unknown;
}

/**
 * Who may call the route `routeKey` (`METHOD /path`, as API Gateway names it) of a function: each
 * HTTP trigger has its own access, so one function can serve routes for different roles.
 */
export function routeAccess(functionName: string, routeKey?: string): RouteAccess {
  const spec = FUNCTIONS.find((f) => f.name === functionName);
  const triggers = (spec?.triggers ?? []).flatMap((t) => (t.kind === 'http' ? [t] : []));
  if (triggers.length === 0) throw new Error(`${functionName} has no HTTP trigger in the manifest`);
  const match = triggers.find((t) => `${t.method} ${t.path}` === routeKey);
  if (match) return match.access;
  const first = JSON.stringify(triggers[0]!.access);
  if (triggers.every((t) => JSON.stringify(t.access) === first)) return triggers[0]!.access;
  // Routes of different roles and an event of none of them: refuse rather than guess.
  throw new HttpError(403, 'This route is not open to you');
}

export const header = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === lower) return v;
  return undefined;
};

export function parseJsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES)
    throw new HttpError(413, `The body is larger than ${MAX_BODY_BYTES} bytes`);
  const type = header(event, 'content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type.trim())) {
    throw new HttpError(415, 'Send the body as JSON with Content-Type: application/json');
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(type)?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    // Read as UTF-8 it would be misread; JSON is UTF-8 (RFC 8259).
    throw new HttpError(415, `Send JSON in UTF-8 (charset=${charset.slice(0, 40)} is not accepted)`);
  }
  if (bytes.length === 0) throw new HttpError(400, 'The body is empty', [{ path: '', message: 'Required' }]);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new HttpError(400, 'The body is not valid JSON', [{ path: '', message: 'Invalid JSON' }]);
  }
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function httpRoute(
  functionName: string,
  run: (input: RouteInput) => Promise<HttpResult>,
  /** `jsonBody: 'optional'` parses a body when one is sent (POST /deliver needs none). */
  options: { jsonBody?: boolean | 'optional' } = {},
) {
  if (!FUNCTIONS.find((f) => f.name === functionName)?.triggers.some((t) => t.kind === 'http'))
    throw new Error(`${functionName} has no HTTP trigger in the manifest`);
  const base = async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const access = routeAccess(functionName, event.routeKey);
    const staff = await authorize(event, access, () => ({ issuer: jwtIssuer(), audience: jwtAudience() }));
    const empty = !event.body;
    const body =
      options.jsonBody && !(options.jsonBody === 'optional' && empty) ? parseJsonBody(event) : undefined;
    return run({ event, staff, body });
  };
  const routed = middy<APIGatewayProxyEventV2, HttpResult>(base).use({
    after: async (request) => {
      if (request.response) request.response.headers = { ...SECURITY_HEADERS, ...request.response.headers };
    },
    onError: async (request) => {
      const result = errorToResult(request.error);
      request.response = { ...result, headers: { ...SECURITY_HEADERS, ...result.headers } };
    },
  });
  return observed((event: APIGatewayProxyEventV2, context?: Context) => routed(event, context as Context));
}
