/**
 * The local HTTP server: what API Gateway, the JWT authorizer and CloudFront do on AWS.
 * Routes come from the manifest; each request becomes the API Gateway v2 event of its route
 * and is handed to the same handler Lambda runs. Also serves web/, `/config.json`, and, to
 * this machine only, the local issuer's JWKS, Cognito's ListUsersInGroup and the outbox
 * (local/local-endpoints.ts), and what S3 does for a presigned upload (local/upload-endpoint.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { FUNCTIONS, type HttpTrigger } from '#functions/manifest.ts';
import { verifyBearer } from '#shared/http/auth.ts';
import { MAX_BODY_BYTES } from '#shared/http/route.ts';
import { type Environment, withEnvironment } from '#shared/runtime-env.ts';
import { apiEvent, type CompiledRoute, compileRoute, matchRoute } from './api-event.ts';
import { cognitoCall } from './cognito-api.ts';
import { invoker } from './functions.ts';
import type { LocalIssuer } from './issuer.ts';
import { isLocalOnly, isLoopback, localConfig, parseCognitoBody, serveOutbox } from './local-endpoints.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { OutboxMessage } from './ses.ts';
import { serveStatic } from './static-files.ts';
import { handleUploadPut, isUploadPath } from './upload-endpoint.ts';

interface HttpResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

interface LocalRoute extends CompiledRoute {
  functionName: string;
  trigger: HttpTrigger;
}

export interface LocalServerOptions {
  webRoot: string;
  issuer: LocalIssuer;
  rateLimiter: RateLimiter;
  outbox: () => Promise<OutboxMessage[]>;
  /** Called after a handler answered, e.g. to wake the stream poller after an intake. */
  afterResponse?: (functionName: string, statusCode: number) => void;
  /** The system's environment, which every handler runs in (local/functions.ts). */
  environment?: Environment;
}

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
};

function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function createLocalServer(options: LocalServerOptions): Server {
  const routes: LocalRoute[] = FUNCTIONS.flatMap((spec) =>
    spec.triggers
      .filter((t): t is HttpTrigger => t.kind === 'http')
      .map((trigger) => ({
        ...compileRoute(trigger.method, trigger.path),
        functionName: spec.name,
        trigger,
      })),
  );

  // Read once, when the server is made: a bad ORDERDESK_COMPANY fails `npm start` by name.
  const config = options.environment ? withEnvironment(options.environment, localConfig) : localConfig();
  const invoke = invoker(options.environment);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const client = req.socket.remoteAddress ?? 'unknown';

    if (url.pathname === '/config.json' && (method === 'GET' || method === 'HEAD')) {
      return send(res, 200, config);
    }
    if (isLocalOnly(url.pathname) && !isLoopback(req.socket.remoteAddress)) {
      req.resume();
      return send(res, 404, { error: 'Not found' });
    }
    if (url.pathname === '/_local/outbox' && method === 'GET')
      return serveOutbox(res, url, await options.outbox());
    if (url.pathname === '/_local/issuer/.well-known/jwks.json') return send(res, 200, options.issuer.jwks());
    if (url.pathname.startsWith('/_local/cognito') && method === 'POST') return cognito(req, res);

    // The stand-in of an S3 presigned PUT (POST /api/uploads/url, R-CHG-1).
    if (isUploadPath(url.pathname)) {
      // The system's own settings (never process.env: several systems may share the process).
      return handleUploadPut(req, res, url, {
        secret: options.environment?.['TRACKING_SECRET'],
        inboundDir: options.environment?.['INBOUND_DIR'],
      });
    }
    const isRoute = url.pathname.startsWith('/api/') || routes.some((r) => r.pattern.test(url.pathname));
    if (isRoute) {
      const retryAfter = options.rateLimiter.hit(client);
      if (retryAfter > 0) {
        return send(
          res,
          429,
          { error: 'Too many requests; try again later' },
          { 'retry-after': String(retryAfter) },
        );
      }
      let params: Record<string, string> | undefined;
      let route: LocalRoute | undefined;
      try {
        for (const r of routes) {
          params = matchRoute(r, method, url.pathname);
          if (params) {
            route = r;
            break;
          }
        }
      } catch {
        return send(res, 400, { error: 'Malformed URL' });
      }
      if (!route || !params) {
        const known = routes.some((r) => r.pattern.test(url.pathname));
        return known
          ? send(res, 405, { error: `${method} is not allowed here` })
          : send(res, 404, { error: 'No such endpoint' });
      }
      const limit = route.trigger.maxBodyBytes ?? MAX_BODY_BYTES;
      const body = await readBody(req, limit);
      if (body === 'too-large') {
        res.setHeader('connection', 'close');
        return send(res, 413, { error: `The body is larger than ${limit} bytes` });
      }
      // The JWT authorizer of staff routes (API Gateway on AWS): no valid token, no call.
      let claims: Record<string, unknown> | undefined;
      if (route.trigger.access.kind === 'staff') {
        const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
        if (!token) return send(res, 401, { error: 'Sign in first' });
        try {
          claims = (await verifyBearer(token, {
            issuer: options.issuer.issuer,
            audience: options.issuer.clientId,
          })) as Record<string, unknown>;
        } catch {
          return send(res, 401, { error: 'Your sign-in is invalid or has expired; sign in again' });
        }
      }
      const event = apiEvent(req, url, route, params, body, claims);
      const result = await invoke<HttpResult>(route.functionName, event);
      res.writeHead(result.statusCode, result.headers ?? {});
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
      options.afterResponse?.(route.functionName, result.statusCode);
      return;
    }

    if (method === 'GET' || method === 'HEAD') {
      if (await serveStatic(options.webRoot, url.pathname, res)) return;
    }
    send(res, 404, { error: 'Not found' });
  }

  /** Cognito's JSON 1.1 API, every action the project uses (local/cognito-api.ts). */
  async function cognito(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const parsed = parseCognitoBody(body);
    if (!parsed.ok) return send(res, 400, parsed.error, { 'content-type': 'application/x-amz-json-1.1' });
    const answer = await cognitoCall(options.issuer, target, parsed.input, { admin: true });
    return send(res, answer.status, answer.body, { 'content-type': 'application/x-amz-json-1.1' });
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      console.error(
        JSON.stringify({ level: 'error', message: 'local server', error: error.name, detail: error.message }),
      );
      if (!res.headersSent) send(res, 500, { error: 'Something went wrong on our side; please try again.' });
      else res.end();
    });
  });
}
