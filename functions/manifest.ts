/**
 * The one list of functions (ARCHITECTURE.md "One manifest, read twice"). `infra/` turns each
 * entry into a Lambda function with its trigger and exactly these permissions; `local/` turns
 * it into routes, pollers and task handlers. Adding a function is one entry here.
 */
import { ANY_STAFF, type StaffRole } from '#shared/domain/roles.ts';

/** Who may call an HTTP route (R-SEC-2). */
export type RouteAccess =
  /** Anyone; rate-limited and validated (R-SEC-3). */
  | { kind: 'public' }
  /** Anyone, but a staff bearer token, when sent, is verified and its roles used. */
  | { kind: 'public-or-staff'; staffRoles: readonly StaffRole[] }
  /** An authenticated staff member with one of these roles. */
  | { kind: 'staff'; roles: readonly StaffRole[] };

export interface HttpTrigger {
  kind: 'http';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway route path, `{name}` for path parameters. */
  path: string;
  access: RouteAccess;
}

/** Table change events: DynamoDB Streams on AWS, a poller of a sparse index locally. */
export interface TableStreamTrigger {
  kind: 'table-stream';
  /** Only items with this attribute set are delivered (the sparse index of `local/`). */
  whenAttributeExists: 'notifyPk';
  events: readonly ('INSERT' | 'MODIFY')[];
}

export type Trigger = HttpTrigger | TableStreamTrigger;

/** What a function may touch; infra grants exactly this and nothing more. */
export type Permission = 'table:read' | 'table:write' | 'mail:send' | 'sms:send' | 'tracking-secret:read';

/** Environment a function reads at cold start (shared/config.ts). */
export type EnvName = 'TABLE_NAME' | 'PUBLIC_BASE_URL' | 'MAIL_FROM' | 'TRACKING_SECRET' | 'JWT_ISSUER';

export interface FunctionSpec {
  /** kebab-case; also the folder under functions/. */
  name: string;
  description: string;
  triggers: readonly Trigger[];
  env: readonly EnvName[];
  permissions: readonly Permission[];
  /** Exists only in the local runtime (the local login of the local issuer). */
  localOnly?: boolean;
  timeoutSeconds?: number;
  memoryMb?: number;
}

const http = (method: HttpTrigger['method'], path: string, access: RouteAccess): HttpTrigger => ({
  kind: 'http',
  method,
  path,
  access,
});

export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'create-order',
    description: 'Order intake: public web form and API, and phone orders entered by staff (R-INTAKE-1..5)',
    triggers: [http('POST', '/api/orders', { kind: 'public-or-staff', staffRoles: ['sales', 'ops'] })],
    env: ['TABLE_NAME', 'PUBLIC_BASE_URL', 'TRACKING_SECRET', 'JWT_ISSUER'],
    permissions: ['table:read', 'table:write', 'tracking-secret:read'],
  },
  {
    name: 'list-products',
    description: 'Public catalogue for the order form',
    triggers: [http('GET', '/api/products', { kind: 'public' })],
    env: ['TABLE_NAME'],
    permissions: ['table:read'],
  },
  {
    name: 'get-order',
    description: 'An order with its status, history and approval tier, for staff (R-SEC-1)',
    triggers: [http('GET', '/api/orders/{id}', { kind: 'staff', roles: ANY_STAFF })],
    env: ['TABLE_NAME', 'PUBLIC_BASE_URL', 'TRACKING_SECRET'],
    permissions: ['table:read', 'tracking-secret:read'],
  },
  {
    name: 'list-queue',
    description: 'The FIFO work queue by priority then age (R-PROC-1)',
    triggers: [http('GET', '/api/queue', { kind: 'staff', roles: ANY_STAFF })],
    env: ['TABLE_NAME'],
    permissions: ['table:read'],
  },
  {
    name: 'assign-order',
    description: 'Assign the responsible handler of an order (R-PROC-2)',
    triggers: [
      http('POST', '/api/orders/{id}/assign', { kind: 'staff', roles: ['ops', 'sales_director', 'gm'] }),
    ],
    env: ['TABLE_NAME'],
    permissions: ['table:read', 'table:write'],
  },
  {
    name: 'track-order',
    description: 'Public order status from a signed tracking token (R-TRACK-1, R-SEC-3)',
    triggers: [http('GET', '/api/track/{token}', { kind: 'public' })],
    env: ['TABLE_NAME', 'TRACKING_SECRET'],
    permissions: ['table:read', 'tracking-secret:read'],
  },
  {
    name: 'get-openapi',
    description: 'OpenAPI document generated from the zod schemas',
    triggers: [http('GET', '/api/openapi.json', { kind: 'public' })],
    env: [],
    permissions: [],
  },
  {
    name: 'login',
    description: 'Local issuer login (on AWS, Cognito signs staff in)',
    triggers: [http('POST', '/api/auth/login', { kind: 'public' })],
    env: [],
    permissions: [],
    localOnly: true,
  },
  {
    name: 'send-order-confirmation',
    description: 'Confirmation email and SMS of a received order, outside the request (R-INTAKE-3)',
    triggers: [{ kind: 'table-stream', whenAttributeExists: 'notifyPk', events: ['INSERT'] }],
    env: ['TABLE_NAME', 'PUBLIC_BASE_URL', 'MAIL_FROM', 'TRACKING_SECRET'],
    permissions: ['table:read', 'table:write', 'mail:send', 'sms:send', 'tracking-secret:read'],
    timeoutSeconds: 60,
  },
];

export const functionEntry = (spec: FunctionSpec): string => `functions/${spec.name}/handler.ts`;
