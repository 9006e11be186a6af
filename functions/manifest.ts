/**
 * The one list of functions (ARCHITECTURE.md "One manifest, read twice"). `infra/` turns each
 * entry into a Lambda function with its trigger and exactly these permissions; `local/` turns
 * it into routes, pollers and task handlers. Adding a function is one entry here.
 */

import type { WorkflowNeed } from '#shared/adapters/workflow-adapters.ts';
import { ANY_STAFF, RECEIVABLES_READERS, type StaffRole } from '#shared/domain/roles.ts';
import type { ScheduleName } from '#shared/reports/schedules.ts';

/** R-MASTER-3: sales maintain their customers; their managers may too. */
const CUSTOMER_KEEPERS: readonly StaffRole[] = ['sales', 'ops', 'sales_director', 'gm'];
const CUSTOMER_READERS: readonly StaffRole[] = [...CUSTOMER_KEEPERS, 'finance', 'after_sales', 'logistics'];
/** R-QUOTE-2: sales and the approvers of the price chain read quotations. */
const QUOTATION_READERS: readonly StaffRole[] = [
  'sales',
  'ops',
  'sales_director',
  'gm',
  'production',
  'safety',
];

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
  /**
   * Largest body, in bytes, where a route takes files (default MAX_BODY_BYTES of
   * shared/http/route.ts). Lambda takes 6 MB per request, and a binary body arrives base64-encoded.
   */
  maxBodyBytes?: number;
}

/**
 * R-CHG-1: a customer's written request uploaded by staff. 10 MB locally; Lambda takes 6 MB per
 * request (base64), so on AWS a file above ~4.4 MB is refused by API Gateway: such a file goes
 * through POST /api/uploads/url (a presigned PUT straight to the bucket) instead.
 */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

/** Imports of master data (R-MASTER): 4 MB of CSV or XLSX, about 40,000 product rows. */
export const IMPORT_MAX_BYTES = 4 * 1024 * 1024;

/** Table change events: DynamoDB Streams on AWS, a poller of a sparse index locally. */
export interface TableStreamTrigger {
  kind: 'table-stream';
  /** Only items with this attribute set are delivered (the sparse index of `local/`). */
  whenAttributeExists: 'notifyPk';
  events: readonly ('INSERT' | 'MODIFY')[];
}

/** The state machines of `statemachines/`, and the environment variable carrying each ARN. */
export const STATE_MACHINES = [
  {
    name: 'order-approval',
    file: 'statemachines/order-approval.asl.json',
    arnEnv: 'APPROVAL_STATE_MACHINE_ARN',
  },
  { name: 'order-sla', file: 'statemachines/order-sla.asl.json', arnEnv: 'SLA_STATE_MACHINE_ARN' },
  { name: 'rush-order', file: 'statemachines/rush-order.asl.json', arnEnv: 'RUSH_STATE_MACHINE_ARN' },
  { name: 'order-close', file: 'statemachines/order-close.asl.json', arnEnv: 'CLOSE_STATE_MACHINE_ARN' },
  /** R-PROC-6, R-CHG-1..3: a change request's approvals, the customer's consent, applying it. */
  { name: 'order-change', file: 'statemachines/order-change.asl.json', arnEnv: 'CHANGE_STATE_MACHINE_ARN' },
] as const;
export type StateMachineName = (typeof STATE_MACHINES)[number]['name'];

/** A Task of a state machine: the definition names this function as `${<substitution>}`. */
export interface WorkflowTaskTrigger {
  kind: 'workflow-task';
  stateMachine: StateMachineName;
  substitution: string;
}

/**
 * Inbound mail to the intake address (R-INTAKE-6): an SES receipt rule (scan on; raw message to
 * the inbound bucket, then this function) on AWS, the local SMTP server locally.
 */
export interface EmailReceiptTrigger {
  kind: 'email-receipt';
}

/**
 * A report schedule of shared/reports/schedules.ts (R-REPORT-1): an EventBridge Scheduler
 * schedule on AWS, a croner job locally, both with the schedule's cron and time zone. The
 * function receives `{ schedule }`.
 */
export interface ScheduleTrigger {
  kind: 'schedule';
  schedule: ScheduleName;
}

/**
 * The robot queue (docs/robots.md): an SQS event source on AWS — batches of up to `batchSize`
 * gathered for up to `batchingWindowSeconds`, one invocation at a time — and the local queue
 * (local/robot-queue.ts) with the same batches. The function answers `batchItemFailures`.
 */
export interface QueueTrigger {
  kind: 'queue';
  queue: 'robot-alerts';
  batchSize: number;
  batchingWindowSeconds: number;
}

export type Trigger =
  | HttpTrigger
  | QueueTrigger
  | TableStreamTrigger
  | WorkflowTaskTrigger
  | EmailReceiptTrigger
  | ScheduleTrigger;

/** What a function may touch; infra grants exactly this and nothing more. */
export type Permission =
  | 'table:read'
  | 'table:write'
  | 'mail:send'
  | 'sms:send'
  | 'tracking-secret:read'
  /** StartExecution of the state machines. */
  | 'workflow:start'
  /** SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. */
  | 'workflow:callback'
  /** DescribeExecution / GetExecutionHistory. */
  | 'workflow:read'
  /**
   * StopExecution (and DescribeExecution) of the executions of the state machines whose ARNs the
   * function reads: a cancelled order's workflows end (R-CHG-3). A workflow task holding it is
   * built after those machines (infra/stateless-stack.ts).
   */
  | 'workflow:stop'
  /** ListUsersInGroup on the staff user pool. */
  | 'staff-directory:read'
  /** Publish to the approvals topic. */
  | 'topic:publish'
  /** The Cognito admin actions of the staff-users page on the staff user pool (R-SEC-2). */
  | 'staff-accounts:admin'
  /** GetObject of raw inbound messages (`inbound/*` of the inbound bucket). */
  | 'raw-mail:read'
  /** PutObject and HeadObject of staff uploads (`uploads/*` of the inbound bucket, R-CHG-1). */
  | 'uploads:write'
  /** GetObject (HeadObject) of staff uploads (`uploads/*`): a note's attachment must exist (R-PROC-8). */
  | 'uploads:read'
  /** SendMessage to the robot queue: staff alerts for the group robots (docs/robots.md). */
  | 'robots:alert'
  /** GetSecretValue of the robot webhooks secret (addresses and signing secrets). */
  | 'robot-secrets:read';

/** Environment a function reads at cold start (shared/config.ts). */
export type EnvName =
  | 'TABLE_NAME'
  | 'PUBLIC_BASE_URL'
  | 'MAIL_FROM'
  | 'TRACKING_SECRET'
  | 'JWT_ISSUER'
  /** The staff console's app client id: staff tokens verified by a handler must be for it. */
  | 'JWT_AUDIENCE'
  | 'APPROVAL_STATE_MACHINE_ARN'
  | 'SLA_STATE_MACHINE_ARN'
  | 'RUSH_STATE_MACHINE_ARN'
  | 'CLOSE_STATE_MACHINE_ARN'
  | 'CHANGE_STATE_MACHINE_ARN'
  /** Optional: days from the last delivery to automatic completion, and from completion to archive. */
  | 'COMPLETE_AFTER_DAYS'
  | 'ARCHIVE_AFTER_DAYS'
  /** Optional: rush-order settings (minutes), defaults in shared/config.ts. */
  | 'RUSH_DECISION_MINUTES'
  | 'RUSH_REPORT_INTERVAL_MINUTES'
  | 'STAFF_USER_POOL_ID'
  | 'APPROVAL_TOPIC_ARN'
  /** Optional: set only when configured (defaults in shared/config.ts). */
  | 'WORKING_CALENDAR'
  | 'APPROVAL_DEADLINE_HOURS'
  /** Email intake: the raw-message bucket (INBOUND_DIR locally), the intake address, the block list. */
  | 'INBOUND_BUCKET'
  | 'INTAKE_ADDRESS'
  | 'INBOUND_BLOCKLIST'
  /** Optional: hours within which a resent email without a Message-ID is one order (default 24). */
  | 'INBOUND_DEDUPE_HOURS'
  /** Optional: report schedules and recipients as JSON (shared/reports/schedules.ts). */
  | 'REPORT_SCHEDULES'
  /** Optional: the time zone of report days (IANA; default Asia/Shanghai). */
  | 'REPORT_TIME_ZONE'
  /** The robot queue staff alerts are put on (docs/robots.md). */
  | 'ROBOT_QUEUE_URL'
  /** The group robots' routing (JSON, robot name → platform and alert kinds). */
  | 'ROBOTS'
  /** The robot webhooks secret (ROBOT_SECRETS_ARN on AWS; locally the addresses are in ROBOTS). */
  | 'ROBOT_SECRETS'
  /** Optional: the role standing for quality in the special-requirement review (R-SPEC-1). */
  | 'SPECIAL_REVIEW_QUALITY_ROLE'
  /** Optional: the company the printed documents speak for (JSON; context `company` on AWS). */
  | 'ORDERDESK_COMPANY';

/**
 * What each workflow need of a task adds to its function (shared/adapters/workflow-adapters.ts
 * builds only the adapters of the task's needs): least privilege per task — only a task that
 * sends SMS may publish SMS, only the task that publishes to the approvals topic may, and only
 * tasks that sign links read the tracking secret.
 */
export const WORKFLOW_NEED_GRANTS: Readonly<
  Record<WorkflowNeed, { env: readonly EnvName[]; permissions: readonly Permission[] }>
> = {
  mail: { env: ['MAIL_FROM'], permissions: ['mail:send'] },
  staff: { env: ['STAFF_USER_POOL_ID'], permissions: ['staff-directory:read'] },
  sms: { env: [], permissions: ['sms:send'] },
  topic: { env: ['APPROVAL_TOPIC_ARN'], permissions: ['topic:publish'] },
  links: { env: ['PUBLIC_BASE_URL', 'TRACKING_SECRET'], permissions: ['tracking-secret:read'] },
  robots: { env: ['ROBOT_QUEUE_URL'], permissions: ['robots:alert'] },
  // R-CHG-3: a cancellation stops the order's approval, SLA and rush executions.
  stop: {
    env: ['APPROVAL_STATE_MACHINE_ARN', 'SLA_STATE_MACHINE_ARN', 'RUSH_STATE_MACHINE_ARN'],
    permissions: ['workflow:stop'],
  },
};

/**
 * Environment and permissions of a workflow task: the table, plus what its needs add, plus the
 * optional settings it reads (`settings`). The handler exports the same `NEEDS`.
 */
const workflowTask = (
  needs: readonly WorkflowNeed[],
  settings: readonly EnvName[] = [],
): Pick<FunctionSpec, 'env' | 'permissions' | 'timeoutSeconds' | 'workflowNeeds'> => ({
  env: ['TABLE_NAME', ...needs.flatMap((n) => WORKFLOW_NEED_GRANTS[n].env), ...settings],
  permissions: ['table:read', 'table:write', ...needs.flatMap((n) => WORKFLOW_NEED_GRANTS[n].permissions)],
  timeoutSeconds: 30,
  workflowNeeds: needs,
});

/** The optional settings of the approval steps' deadlines (R-APPR-2, R-PROC-5). */
const DEADLINE_SETTINGS: readonly EnvName[] = ['WORKING_CALENDAR', 'APPROVAL_DEADLINE_HOURS'];
/** The optional settings of the rush workflow (R-RUSH-3, R-RUSH-6). */
const RUSH_SETTINGS: readonly EnvName[] = ['RUSH_DECISION_MINUTES', 'RUSH_REPORT_INTERVAL_MINUTES'];

const task = (stateMachine: StateMachineName, substitution: string): WorkflowTaskTrigger => ({
  kind: 'workflow-task',
  stateMachine,
  substitution,
});

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
  /** Workflow tasks: what the handler uses besides the table (its exported `NEEDS`). */
  workflowNeeds?: readonly WorkflowNeed[];
  /**
   * Places new orders, which the table stream delivers to order-received. Locally the stream
   * poller is woken after such a function answers 201 instead of at its next poll.
   */
  placesOrders?: true;
}

/** Shipping and delivery: the last delivery starts the order's closing workflow (R-PROC-7). */
const DELIVERY_ENV: readonly EnvName[] = [
  'TABLE_NAME',
  'PUBLIC_BASE_URL',
  'MAIL_FROM',
  'TRACKING_SECRET',
  'CLOSE_STATE_MACHINE_ARN',
  'COMPLETE_AFTER_DAYS',
  'ARCHIVE_AFTER_DAYS',
];
const DELIVERY_PERMISSIONS: readonly Permission[] = [
  'table:read',
  'table:write',
  'mail:send',
  'sms:send',
  'tracking-secret:read',
  'workflow:start',
];

/** Email intake (R-INTAKE-6): who works the "email needs attention" list. */
const INBOUND_STAFF: readonly StaffRole[] = ['sales', 'ops', 'sales_director', 'gm'];

const http = (
  method: HttpTrigger['method'],
  path: string,
  access: RouteAccess,
  options: { maxBodyBytes?: number } = {},
): HttpTrigger => ({ kind: 'http', method, path, access, ...options });

export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'create-order',
    description: 'Order intake: public web form and API, and phone orders entered by staff (R-INTAKE-1..5)',
    triggers: [http('POST', '/api/orders', { kind: 'public-or-staff', staffRoles: ['sales', 'ops'] })],
    placesOrders: true,
    env: [
      'TABLE_NAME',
      'PUBLIC_BASE_URL',
      'TRACKING_SECRET',
      'JWT_ISSUER',
      'JWT_AUDIENCE',
      'SPECIAL_REVIEW_QUALITY_ROLE',
      'INBOUND_BUCKET',
    ],
    // uploads:read: a staff-entered order names its evidence, the faxed page or a scan (R-INTAKE-7).
    permissions: ['table:read', 'table:write', 'tracking-secret:read', 'uploads:read'],
  },
  {
    name: 'list-products',
    description: 'Public catalogue for the order form',
    triggers: [http('GET', '/api/products', { kind: 'public' })],
    env: ['TABLE_NAME'],
    permissions: ['table:read'],
  },
  {
    name: 'master-data',
    description:
      'Master data: products, dated list prices and stock (R-MASTER-1/2); customers, search and merge (R-MASTER-3); CSV/XLSX imports checked whole first, templates, exports',
    triggers: [
      // Products and stock: ops keep them, sales_director and gm set prices.
      http('GET', '/api/stock', { kind: 'staff', roles: ANY_STAFF }),
      http('GET', '/api/products/{sku}', { kind: 'staff', roles: ANY_STAFF }),
      http('POST', '/api/products', { kind: 'staff', roles: ['ops'] }),
      http('PUT', '/api/products/{sku}', { kind: 'staff', roles: ['ops'] }),
      http('PUT', '/api/products/{sku}/price', { kind: 'staff', roles: ['sales_director', 'gm'] }),
      http('POST', '/api/products/{sku}/stock', { kind: 'staff', roles: ['ops'] }),
      // Customers: sales keep them.
      http('GET', '/api/customers', { kind: 'staff', roles: CUSTOMER_READERS }),
      http('POST', '/api/customers', { kind: 'staff', roles: CUSTOMER_KEEPERS }),
      http('GET', '/api/customers/{key}', { kind: 'staff', roles: CUSTOMER_READERS }),
      http('PUT', '/api/customers/{key}', { kind: 'staff', roles: CUSTOMER_KEEPERS }),
      http('POST', '/api/customers/{key}/merge', { kind: 'staff', roles: CUSTOMER_KEEPERS }),
      // Files: each kind is checked against its roles in the handler (IMPORT_ROLES).
      http(
        'POST',
        '/api/imports/{kind}',
        { kind: 'staff', roles: CUSTOMER_KEEPERS },
        { maxBodyBytes: IMPORT_MAX_BYTES },
      ),
      http('GET', '/api/imports/{kind}/template', { kind: 'staff', roles: ANY_STAFF }),
      http('GET', '/api/exports/{kind}', { kind: 'staff', roles: CUSTOMER_READERS }),
    ],
    env: ['TABLE_NAME', 'MAIL_FROM', 'PUBLIC_BASE_URL', 'STAFF_USER_POOL_ID', 'TRACKING_SECRET'],
    permissions: ['table:read', 'table:write', 'mail:send', 'staff-directory:read', 'tracking-secret:read'],
    // API Gateway answers within 30 s: an import of 10,000 products takes about 15 s locally.
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
  {
    name: 'billing',
    description:
      'Invoices, payments and reconciliation (R-FIN-1..3): invoicing details, invoices against delivered amounts, payments and allocations, statements with a signed confirm/dispute link',
    triggers: [
      http('PUT', '/api/customers/{key}/invoicing', { kind: 'staff', roles: ['finance', 'sales'] }),
      http('POST', '/api/orders/{id}/invoices', { kind: 'staff', roles: ['finance'] }),
      http('POST', '/api/customers/{key}/payments', { kind: 'staff', roles: ['finance'] }),
      // Sales see only the customers they own (checked in the handler, R-SEC-2).
      http('GET', '/api/customers/{key}/statement', { kind: 'staff', roles: ['finance', 'ops', 'sales'] }),
      http('POST', '/api/customers/{key}/statement/send', { kind: 'staff', roles: ['finance'] }),
      // Receivables in the reports: finance, customer service and the general manager (R-SEC-2).
      http('GET', '/api/reports/receivables', { kind: 'staff', roles: RECEIVABLES_READERS }),
      http('GET', '/statements/{token}', { kind: 'public' }),
      http('POST', '/statements/{token}', { kind: 'public' }),
      // R-FIN-3: last month's statements to the customers who opted in.
      { kind: 'schedule', schedule: 'monthly-statements' },
    ],
    env: [
      'TABLE_NAME',
      'MAIL_FROM',
      'PUBLIC_BASE_URL',
      'TRACKING_SECRET',
      'WORKING_CALENDAR',
      'ORDERDESK_COMPANY',
    ],
    permissions: ['table:read', 'table:write', 'mail:send', 'tracking-secret:read'],
    timeoutSeconds: 29,
  },
  {
    name: 'list-orders',
    description:
      'The order list: every order, newest first, by status, priority, channel, assignee, days and a prefix search (R-PROC-7)',
    triggers: [http('GET', '/api/orders', { kind: 'staff', roles: ANY_STAFF })],
    env: ['TABLE_NAME', 'TRACKING_SECRET'],
    permissions: ['table:read', 'tracking-secret:read'],
  },
  {
    // Before get-order: `/api/orders/export` is not an order id.
    name: 'export-orders',
    description: 'The filtered order list as CSV (UTF-8 with BOM) or XLSX, at most 5,000 rows (R-PROC-7)',
    triggers: [http('GET', '/api/orders/export', { kind: 'staff', roles: ANY_STAFF })],
    env: ['TABLE_NAME', 'TRACKING_SECRET'],
    permissions: ['table:read', 'tracking-secret:read'],
    timeoutSeconds: 29,
    memoryMb: 512,
  },
  {
    name: 'get-order',
    description: 'An order with its status, history and approval tier, for staff (R-SEC-1)',
    triggers: [http('GET', '/api/orders/{id}', { kind: 'staff', roles: ANY_STAFF })],
    env: [
      'TABLE_NAME',
      'PUBLIC_BASE_URL',
      'TRACKING_SECRET',
      'RUSH_DECISION_MINUTES',
      'RUSH_REPORT_INTERVAL_MINUTES',
    ],
    permissions: ['table:read', 'tracking-secret:read'],
  },
  {
    name: 'get-dossier',
    description:
      'The frozen dossier of an archived order: intake, every step, opinions, shipments, exceptions, cases, feedback (R-ARCH-1)',
    triggers: [http('GET', '/api/orders/{id}/dossier', { kind: 'staff', roles: ANY_STAFF })],
    env: ['TABLE_NAME'],
    permissions: ['table:read'],
  },
  {
    name: 'list-my-work',
    description:
      "My work: the orders waiting on the caller's roles, urgent first, oldest first (R-PROC-1, R-PROC-7)",
    triggers: [http('GET', '/api/my-work', { kind: 'staff', roles: ANY_STAFF })],
    env: ['TABLE_NAME', 'SPECIAL_REVIEW_QUALITY_ROLE'],
    permissions: ['table:read'],
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
    description:
      'Local issuer sign-in: Cognito JSON API for the console, and a plain login (on AWS, Cognito signs staff in)',
    triggers: [
      http('POST', '/api/auth/login', { kind: 'public' }),
      http('POST', '/api/auth/cognito', { kind: 'public' }),
    ],
    env: [],
    permissions: [],
    localOnly: true,
  },
  {
    name: 'order-received',
    description:
      'New order: confirmation email and SMS (R-INTAKE-3); approval workflow and SLA clock, or the rush workflow, started; the departments of a special review emailed (R-SPEC-1)',
    triggers: [{ kind: 'table-stream', whenAttributeExists: 'notifyPk', events: ['INSERT'] }],
    env: [
      'TABLE_NAME',
      'PUBLIC_BASE_URL',
      'MAIL_FROM',
      'TRACKING_SECRET',
      'APPROVAL_STATE_MACHINE_ARN',
      'SLA_STATE_MACHINE_ARN',
      'RUSH_STATE_MACHINE_ARN',
      'WORKING_CALENDAR',
      // R-SPEC-1: the departments of a special review are emailed.
      'STAFF_USER_POOL_ID',
    ],
    permissions: [
      'table:read',
      'table:write',
      'mail:send',
      'sms:send',
      'tracking-secret:read',
      'workflow:start',
      'staff-directory:read',
    ],
    timeoutSeconds: 60,
  },
  {
    name: 'review-order',
    description: 'Workflow: review and stock reservation (R-PROC-3, R-PROC-4)',
    triggers: [task('order-approval', 'ReviewOrderFunctionArn')],
    ...workflowTask(['mail', 'staff', 'robots']),
  },
  {
    name: 'prepare-approval-step',
    description: 'Workflow: record a decision, choose the next approver (R-PRICE-5)',
    triggers: [task('order-approval', 'PrepareApprovalStepFunctionArn')],
    ...workflowTask([], DEADLINE_SETTINGS),
  },
  {
    name: 'request-approval',
    description: 'Workflow: approval request with signed links, waits for the decision (R-APPR-1)',
    // Also the rush workflow's leadership decision and gm price confirmation (R-RUSH-3).
    triggers: [
      task('order-approval', 'RequestApprovalFunctionArn'),
      task('rush-order', 'RequestApprovalFunctionArn'),
    ],
    ...workflowTask(['mail', 'staff', 'topic', 'links', 'robots']),
  },
  {
    name: 'escalate-approval',
    description: 'Workflow: deadline passed — remind, escalate, or hold (R-APPR-2)',
    triggers: [task('order-approval', 'EscalateApprovalFunctionArn')],
    ...workflowTask(['mail', 'staff', 'robots'], DEADLINE_SETTINGS),
  },
  {
    name: 'finish-approval',
    description: 'Workflow: approved, rejected or held, and who is told (R-PRICE-5)',
    triggers: [task('order-approval', 'FinishApprovalFunctionArn')],
    // The company header of an approved quotation's document (R-QUOTE-1).
    ...workflowTask(['mail', 'staff', 'links'], ['ORDERDESK_COMPANY']),
  },
  {
    name: 'check-sla',
    description: 'SLA workflow: 2 working days passed without a decision (R-PROC-5)',
    triggers: [task('order-sla', 'CheckSlaFunctionArn')],
    ...workflowTask(['mail', 'staff', 'robots']),
  },
  {
    name: 'decide-order',
    description: 'A decision from the staff console (R-APPR-1)',
    triggers: [
      http('POST', '/api/orders/{id}/decision', { kind: 'staff', roles: ['ops', 'sales_director', 'gm'] }),
    ],
    env: [
      'TABLE_NAME',
      'PUBLIC_BASE_URL',
      'TRACKING_SECRET',
      'APPROVAL_STATE_MACHINE_ARN',
      'SLA_STATE_MACHINE_ARN',
      'STAFF_USER_POOL_ID',
    ],
    permissions: [
      'table:read',
      'table:write',
      'tracking-secret:read',
      'workflow:callback',
      'staff-directory:read',
    ],
  },
  {
    name: 'approval-link',
    description: 'The emailed approval link: GET shows the order, POST decides (R-APPR-1, R-SEC-3)',
    triggers: [
      http('GET', '/approvals/{id}', { kind: 'public' }),
      http('POST', '/approvals/{id}', { kind: 'public' }),
    ],
    env: [
      'TABLE_NAME',
      'PUBLIC_BASE_URL',
      'TRACKING_SECRET',
      'APPROVAL_STATE_MACHINE_ARN',
      'SLA_STATE_MACHINE_ARN',
      'STAFF_USER_POOL_ID',
    ],
    permissions: [
      'table:read',
      'table:write',
      'tracking-secret:read',
      'workflow:callback',
      'staff-directory:read',
    ],
  },
  {
    name: 'quotations',
    description:
      'Quotations (R-QUOTE-1..3): sales create, edit, submit and withdraw; approvers decide as on orders; the customer accepts or declines on the signed link; the special-requirement review of quotations and orders (R-SPEC-1)',
    triggers: [
      http('POST', '/api/quotations', { kind: 'staff', roles: ['sales'] }),
      http('GET', '/api/quotations', { kind: 'staff', roles: QUOTATION_READERS }),
      http('GET', '/api/quotations/report', { kind: 'staff', roles: QUOTATION_READERS }),
      http('GET', '/api/quotations/{id}', { kind: 'staff', roles: QUOTATION_READERS }),
      http('PUT', '/api/quotations/{id}', { kind: 'staff', roles: ['sales'] }),
      http('POST', '/api/quotations/{id}/submit', { kind: 'staff', roles: ['sales'] }),
      http('POST', '/api/quotations/{id}/withdraw', { kind: 'staff', roles: ['sales'] }),
      // R-QUOTE-1: an approved quotation is frozen; a change is a revision, approved again.
      http('POST', '/api/quotations/{id}/revise', { kind: 'staff', roles: ['sales'] }),
      http('POST', '/api/quotations/{id}/decision', {
        kind: 'staff',
        roles: ['ops', 'sales_director', 'gm'],
      }),
      // R-SPEC-1: production and ops (and quality where configured, SPECIAL_REVIEW_QUALITY_ROLE)
      // review special requirements of quotations and of orders entered directly; the use case
      // admits only the review's departments (403 for others).
      http('POST', '/api/quotations/{id}/special-review', { kind: 'staff', roles: ANY_STAFF }),
      http('POST', '/api/orders/{id}/special-review', { kind: 'staff', roles: ANY_STAFF }),
      http('GET', '/quotation-links/{token}', { kind: 'public' }),
      http('POST', '/quotation-links/{token}', { kind: 'public' }),
      // Every morning: sales reminded before a sent quotation expires; overdue ones expire.
      { kind: 'schedule', schedule: 'quotation-expiry' },
    ],
    env: [
      'TABLE_NAME',
      'MAIL_FROM',
      'PUBLIC_BASE_URL',
      'TRACKING_SECRET',
      'APPROVAL_STATE_MACHINE_ARN',
      'STAFF_USER_POOL_ID',
      // R-SPEC-1: who reviews; an order's approval starts with its SLA deadline (working days).
      'SPECIAL_REVIEW_QUALITY_ROLE',
      'WORKING_CALENDAR',
      // The company header of the quotation page the customer opens (R-QUOTE-1).
      'ORDERDESK_COMPANY',
    ],
    permissions: [
      'table:read',
      'table:write',
      'mail:send',
      'tracking-secret:read',
      'workflow:start',
      'workflow:callback',
      'staff-directory:read',
    ],
  },
  {
    name: 'get-order-workflow',
    description: "An order's workflow executions and their history, for the timeline (R-APPR-3)",
    triggers: [http('GET', '/api/orders/{id}/workflow', { kind: 'staff', roles: ANY_STAFF })],
    env: ['APPROVAL_STATE_MACHINE_ARN', 'SLA_STATE_MACHINE_ARN', 'RUSH_STATE_MACHINE_ARN'],
    permissions: ['workflow:read'],
  },
  {
    name: 'create-rush-order',
    description: 'Sales files a rush-order application (R-RUSH-1)',
    triggers: [http('POST', '/api/rush-orders', { kind: 'staff', roles: ['sales'] })],
    placesOrders: true,
    env: ['TABLE_NAME', 'PUBLIC_BASE_URL', 'TRACKING_SECRET'],
    permissions: ['table:read', 'table:write', 'tracking-secret:read'],
  },
  {
    name: 'report-rush-progress',
    description: 'A progress report of a rush order from its task group (R-RUSH-6, R-RUSH-8)',
    triggers: [
      http('POST', '/api/rush-orders/{id}/progress', { kind: 'staff', roles: ['sales', 'production'] }),
    ],
    env: ['TABLE_NAME', 'MAIL_FROM', 'STAFF_USER_POOL_ID', 'RUSH_REPORT_INTERVAL_MINUTES', 'ROBOT_QUEUE_URL'],
    permissions: ['table:read', 'table:write', 'mail:send', 'staff-directory:read', 'robots:alert'],
  },
  {
    name: 'review-rush-order',
    description: 'The post-delivery review of a rush order by its task group (R-RUSH-7)',
    triggers: [
      http('POST', '/api/rush-orders/{id}/review', {
        kind: 'staff',
        roles: ['sales', 'production', 'logistics', 'sales_director', 'gm'],
      }),
    ],
    env: ['TABLE_NAME'],
    permissions: ['table:read', 'table:write'],
  },
  {
    name: 'ship-order',
    description: 'Logistics records carrier and tracking number, or the delivery (R-TRACK-2)',
    triggers: [
      http('POST', '/api/orders/{id}/ship', { kind: 'staff', roles: ['logistics'] }),
      http('POST', '/api/orders/{id}/deliver', { kind: 'staff', roles: ['logistics'] }),
    ],
    env: [...DELIVERY_ENV],
    permissions: [...DELIVERY_PERMISSIONS],
  },
  {
    name: 'customer-feedback',
    description:
      'The customer satisfaction link after delivery: GET shows the form, POST records it (R-RUSH-7, R-AFTER-2)',
    triggers: [
      http('GET', '/feedback/{token}', { kind: 'public' }),
      http('POST', '/feedback/{token}', { kind: 'public' }),
    ],
    env: ['TABLE_NAME', 'TRACKING_SECRET'],
    permissions: ['table:read', 'table:write', 'tracking-secret:read'],
  },
  {
    name: 'open-case',
    description: 'Open an after-sales case on an order; the customer is told (R-AFTER-1)',
    triggers: [
      http('POST', '/api/orders/{id}/cases', {
        kind: 'staff',
        roles: ['after_sales', 'sales', 'ops', 'sales_director', 'gm'],
      }),
    ],
    env: ['TABLE_NAME', 'PUBLIC_BASE_URL', 'MAIL_FROM', 'TRACKING_SECRET', 'WORKING_CALENDAR'],
    permissions: ['table:read', 'table:write', 'mail:send', 'tracking-secret:read'],
  },
  {
    name: 'list-cases',
    description: "An order's after-sales cases with their deadlines and the caller's actions (R-AFTER-1)",
    triggers: [http('GET', '/api/orders/{id}/cases', { kind: 'staff', roles: ANY_STAFF })],
    env: ['TABLE_NAME'],
    permissions: ['table:read'],
  },
  {
    name: 'act-on-case',
    description:
      'Start, resolve, close, reject or grant the refund of an after-sales case (R-AFTER-1, R-SEC-2)',
    // Per action: finance and gm grant refunds; the other roles handle the case (shared/domain/after-sales.ts).
    triggers: [
      http('POST', '/api/orders/{id}/cases/{caseId}/actions', {
        kind: 'staff',
        roles: ['after_sales', 'sales', 'ops', 'sales_director', 'gm', 'finance'],
      }),
    ],
    env: ['TABLE_NAME', 'PUBLIC_BASE_URL', 'MAIL_FROM', 'TRACKING_SECRET'],
    permissions: ['table:read', 'table:write', 'mail:send', 'tracking-secret:read'],
  },
  {
    name: 'start-rush',
    description:
      'Rush workflow: application to production and logistics, leadership asked (R-RUSH-2, R-RUSH-3)',
    triggers: [task('rush-order', 'StartRushFunctionArn')],
    ...workflowTask(['mail', 'staff', 'robots'], RUSH_SETTINGS),
  },
  {
    name: 'escalate-rush',
    description: 'Rush workflow: no answer in 1 hour, gm asked, sales told (R-RUSH-3)',
    triggers: [task('rush-order', 'EscalateRushFunctionArn')],
    ...workflowTask(['mail', 'staff', 'sms', 'robots'], RUSH_SETTINGS),
  },
  {
    name: 'accept-rush',
    description: 'Rush workflow: accepted — task group formed and told (R-RUSH-4, R-RUSH-5)',
    triggers: [task('rush-order', 'AcceptRushFunctionArn')],
    ...workflowTask(['mail', 'staff'], RUSH_SETTINGS),
  },
  {
    name: 'check-rush-window',
    description: 'Rush workflow: a 2-hour window closed — reminders, escalation, delivery (R-RUSH-6)',
    triggers: [task('rush-order', 'CheckRushWindowFunctionArn')],
    ...workflowTask(['mail', 'robots']),
  },
  {
    name: 'finish-rush',
    description: "Rush workflow: rejected with production's explanation, or delivered (R-RUSH-4, R-RUSH-7)",
    triggers: [task('rush-order', 'FinishRushFunctionArn')],
    ...workflowTask(['mail', 'staff', 'links']),
  },
  {
    name: 'record-workflow-failure',
    description:
      'Workflow: a terminal task failed after its retries — written to the order history, ops mailed (R-APPR-3)',
    triggers: [
      task('order-approval', 'RecordWorkflowFailureFunctionArn'),
      task('order-sla', 'RecordWorkflowFailureFunctionArn'),
      task('rush-order', 'RecordWorkflowFailureFunctionArn'),
      task('order-close', 'RecordWorkflowFailureFunctionArn'),
      task('order-change', 'RecordWorkflowFailureFunctionArn'),
    ],
    ...workflowTask(['mail', 'staff']),
  },
  {
    name: 'receive-email',
    description:
      "Email intake: an order emailed to the intake address, registered or kept for staff (R-INTAKE-6); a reply to a confirmation asking for a change becomes the customer's change request (R-CHG-1)",
    triggers: [{ kind: 'email-receipt' }],
    env: [
      'TABLE_NAME',
      'PUBLIC_BASE_URL',
      'MAIL_FROM',
      'TRACKING_SECRET',
      'INBOUND_BUCKET',
      'INTAKE_ADDRESS',
      'INBOUND_BLOCKLIST',
      'INBOUND_DEDUPE_HOURS',
      'SPECIAL_REVIEW_QUALITY_ROLE',
      // R-CHG-1: a reply asking for a change tells ops (the staff directory).
      'STAFF_USER_POOL_ID',
    ],
    permissions: [
      'table:read',
      'table:write',
      'mail:send',
      'tracking-secret:read',
      'raw-mail:read',
      'staff-directory:read',
    ],
    timeoutSeconds: 60,
    memoryMb: 512,
  },
  {
    name: 'list-inbound',
    description:
      'Email intake lists by state: needs attention, quarantined, registered, dismissed (R-INTAKE-6)',
    triggers: [http('GET', '/api/inbound', { kind: 'staff', roles: INBOUND_STAFF })],
    env: ['TABLE_NAME'],
    permissions: ['table:read'],
  },
  {
    name: 'get-inbound',
    description: 'One inbound email with its problems and the order read from it',
    triggers: [http('GET', '/api/inbound/{id}', { kind: 'staff', roles: INBOUND_STAFF })],
    env: ['TABLE_NAME'],
    permissions: ['table:read'],
  },
  {
    name: 'get-inbound-raw',
    description: 'The raw message of an inbound email, as it arrived (R-INTAKE-6)',
    triggers: [http('GET', '/api/inbound/{id}/raw', { kind: 'staff', roles: INBOUND_STAFF })],
    env: ['TABLE_NAME', 'INBOUND_BUCKET'],
    permissions: ['table:read', 'raw-mail:read'],
  },
  {
    name: 'handle-inbound',
    description:
      'Staff register an emailed order by hand, dismiss the message with a reason, or confirm its new customer (R-INTAKE-6)',
    triggers: [
      http('POST', '/api/inbound/{id}/register', { kind: 'staff', roles: INBOUND_STAFF }),
      http('POST', '/api/inbound/{id}/dismiss', { kind: 'staff', roles: INBOUND_STAFF }),
      http('POST', '/api/inbound/{id}/confirm-customer', { kind: 'staff', roles: INBOUND_STAFF }),
    ],
    placesOrders: true,
    env: ['TABLE_NAME', 'PUBLIC_BASE_URL', 'TRACKING_SECRET', 'SPECIAL_REVIEW_QUALITY_ROLE'],
    permissions: ['table:read', 'table:write', 'tracking-secret:read'],
  },
  {
    name: 'send-report',
    description:
      'Scheduled report email: daily and weekly figures with CSV and XLSX (R-REPORT-1), quotations (R-QUOTE-1..3) and, for finance, ops and gm, receivables (R-FIN-2)',
    triggers: [
      { kind: 'schedule', schedule: 'daily' },
      { kind: 'schedule', schedule: 'weekly' },
    ],
    env: [
      'TABLE_NAME',
      'PUBLIC_BASE_URL',
      'MAIL_FROM',
      'STAFF_USER_POOL_ID',
      'REPORT_SCHEDULES',
      'REPORT_TIME_ZONE',
      'ROBOT_QUEUE_URL',
      // The receivables read customers' orders through the order list, whose cursors are signed.
      'TRACKING_SECRET',
      ...RUSH_SETTINGS,
    ],
    permissions: [
      'table:read',
      'table:write',
      'mail:send',
      'staff-directory:read',
      'robots:alert',
      'tracking-secret:read',
    ],
    // Reads a week of orders twice (this and the previous period) and renders two files.
    timeoutSeconds: 120,
    memoryMb: 512,
  },
  {
    name: 'get-report-summary',
    description: 'Report figures on demand as JSON, CSV or XLSX (R-REPORT-2)',
    triggers: [
      http('GET', '/api/reports/summary', {
        kind: 'staff',
        roles: ['gm', 'sales_director', 'ops', 'finance'],
      }),
    ],
    env: ['TABLE_NAME', 'REPORT_TIME_ZONE', ...RUSH_SETTINGS],
    permissions: ['table:read'],
    // A long period reads many index days (docs/reports.md "Cost").
    timeoutSeconds: 29,
    memoryMb: 512,
  },
  {
    name: 'get-calendar',
    description:
      'The working calendar of this and next year, with warnings about computed holidays (R-PROC-5)',
    triggers: [
      http('GET', '/api/calendar', {
        kind: 'staff',
        roles: ['gm', 'sales_director', 'ops', 'finance'],
      }),
    ],
    env: ['TABLE_NAME', 'WORKING_CALENDAR', 'PUBLIC_BASE_URL', 'MAIL_FROM', 'STAFF_USER_POOL_ID'],
    // Writes only the once-a-day claim of the reminder email to ops.
    permissions: ['table:read', 'table:write', 'mail:send', 'staff-directory:read'],
  },
  {
    name: 'load-holiday-schedule',
    description: "Load a year's official holidays and make-up working days (R-PROC-5), gm only",
    triggers: [http('PUT', '/api/calendar/{year}', { kind: 'staff', roles: ['gm'] })],
    env: ['TABLE_NAME'],
    permissions: ['table:read', 'table:write'],
  },
  {
    name: 'order-production',
    description:
      'Production starts an approved order with a planned completion date, and reports it finished (R-PROD-1)',
    triggers: [
      http('POST', '/api/orders/{id}/production/start', { kind: 'staff', roles: ['production'] }),
      http('POST', '/api/orders/{id}/production/finish', { kind: 'staff', roles: ['production'] }),
    ],
    env: ['TABLE_NAME'],
    permissions: ['table:read', 'table:write'],
  },
  {
    name: 'staff-users',
    description:
      'Staff sign-in accounts for gm: list, create with roles (temporary password emailed), disable, enable, reset password (R-SEC-2)',
    triggers: [
      http('GET', '/api/staff-users', { kind: 'staff', roles: ['gm'] }),
      http('POST', '/api/staff-users', { kind: 'staff', roles: ['gm'] }),
      http('POST', '/api/staff-users/{username}/disable', { kind: 'staff', roles: ['gm'] }),
      http('POST', '/api/staff-users/{username}/enable', { kind: 'staff', roles: ['gm'] }),
      http('POST', '/api/staff-users/{username}/reset-password', { kind: 'staff', roles: ['gm'] }),
    ],
    env: ['STAFF_USER_POOL_ID'],
    permissions: ['staff-accounts:admin'],
  },
  {
    name: 'record-shipment',
    description:
      'Logistics ships an order whole or in part, and records who signed for each shipment (R-TRACK-2)',
    triggers: [
      http('POST', '/api/orders/{id}/shipments', { kind: 'staff', roles: ['logistics'] }),
      http('POST', '/api/orders/{id}/shipments/{shipmentId}/deliver', {
        kind: 'staff',
        roles: ['logistics'],
      }),
    ],
    env: [...DELIVERY_ENV],
    permissions: [...DELIVERY_PERMISSIONS],
  },
  {
    name: 'complete-order',
    description:
      'Sales or ops close a delivered order; the customer gets the satisfaction link (R-PROC-7, R-AFTER-2)',
    triggers: [http('POST', '/api/orders/{id}/complete', { kind: 'staff', roles: ['sales', 'ops'] })],
    env: ['TABLE_NAME', 'PUBLIC_BASE_URL', 'MAIL_FROM', 'TRACKING_SECRET'],
    permissions: ['table:read', 'table:write', 'mail:send', 'sms:send', 'tracking-secret:read'],
  },
  {
    name: 'resume-order',
    description:
      "A held order goes on: gm or the stalled step's role; a stalled approval is asked again (R-PROC-7)",
    // The use case narrows to gm and the role whose step stalled (shared/domain/fulfilment.ts).
    triggers: [
      http('POST', '/api/orders/{id}/resume', {
        kind: 'staff',
        roles: ['gm', 'ops', 'sales', 'sales_director', 'production', 'logistics'],
      }),
    ],
    env: ['TABLE_NAME', 'APPROVAL_STATE_MACHINE_ARN', 'RUSH_STATE_MACHINE_ARN'],
    permissions: ['table:read', 'table:write', 'workflow:start'],
  },
  {
    name: 'cancel-held-order',
    description: 'gm cancels a held order: reserved stock released, the customer told (R-PROC-7, R-PROC-4)',
    triggers: [http('POST', '/api/orders/{id}/cancel', { kind: 'staff', roles: ['gm'] })],
    env: ['TABLE_NAME', 'PUBLIC_BASE_URL', 'MAIL_FROM', 'TRACKING_SECRET'],
    permissions: ['table:read', 'table:write', 'mail:send', 'sms:send', 'tracking-secret:read'],
  },
  {
    name: 'report-exception',
    description:
      'A delivery exception with its plan; the customer told by email and SMS, staff by the group robots (R-TRACK-3)',
    triggers: [
      http('POST', '/api/orders/{id}/exceptions', {
        kind: 'staff',
        roles: ['ops', 'production', 'logistics'],
      }),
    ],
    env: ['TABLE_NAME', 'PUBLIC_BASE_URL', 'MAIL_FROM', 'TRACKING_SECRET', 'ROBOT_QUEUE_URL'],
    permissions: [
      'table:read',
      'table:write',
      'mail:send',
      'sms:send',
      'tracking-secret:read',
      'robots:alert',
    ],
  },
  {
    name: 'add-note',
    description:
      "A staff note on an order, with an optional uploaded attachment: the communication record, never shown to the customer (R-PROC-8); a staff-entered order's evidence, the signed fax or the customer's email (R-INTAKE-7)",
    triggers: [
      http('POST', '/api/orders/{id}/notes', { kind: 'staff', roles: ANY_STAFF }),
      // R-INTAKE-7: the staff who enter orders attach what a phone/fax order rests on.
      http('POST', '/api/orders/{id}/evidence', { kind: 'staff', roles: ['sales', 'ops'] }),
    ],
    env: ['TABLE_NAME', 'INBOUND_BUCKET'],
    permissions: ['table:read', 'table:write', 'uploads:read'],
  },
  {
    name: 'close-order',
    description:
      'Closing workflow: complete a delivered order when no after-sales case is open, then archive it (R-PROC-7, R-ARCH-1)',
    triggers: [task('order-close', 'CloseOrderFunctionArn')],
    ...workflowTask(['mail', 'sms', 'links']),
  },
  {
    name: 'order-changes',
    description:
      "Order changes and cancellation: change requests, decisions, uploads, approvers' and customers' signed links, customer requests (R-PROC-6, R-CHG-1..3)",
    triggers: [
      http('POST', '/api/orders/{id}/changes', { kind: 'staff', roles: ['sales', 'ops'] }),
      http('GET', '/api/orders/{id}/changes', { kind: 'staff', roles: ANY_STAFF }),
      http('POST', '/api/orders/{id}/changes/{changeId}/decision', {
        kind: 'staff',
        roles: ['dept_manager', 'sales_director', 'gm'],
      }),
      // A customer's written request (R-CHG-1), or a note's attachment (R-PROC-8): any staff member.
      http('POST', '/api/uploads', { kind: 'staff', roles: ANY_STAFF }, { maxBodyBytes: UPLOAD_MAX_BYTES }),
      http('GET', '/api/uploads/{uploadId}', { kind: 'staff', roles: ANY_STAFF }),
      // A file too large for the API (6 MB per Lambda request): a presigned PUT (R-CHG-1).
      http('POST', '/api/uploads/url', { kind: 'staff', roles: ANY_STAFF }),
      http('GET', '/approvals/changes/{id}', { kind: 'public' }),
      http('POST', '/approvals/changes/{id}', { kind: 'public' }),
      http('GET', '/approvals/consent/{id}', { kind: 'public' }),
      http('POST', '/approvals/consent/{id}', { kind: 'public' }),
      http('POST', '/api/track/{token}/changes', { kind: 'public' }),
    ],
    env: [
      'TABLE_NAME',
      'PUBLIC_BASE_URL',
      'MAIL_FROM',
      'TRACKING_SECRET',
      'STAFF_USER_POOL_ID',
      'CHANGE_STATE_MACHINE_ARN',
      'INBOUND_BUCKET',
    ],
    permissions: [
      'table:read',
      'table:write',
      'mail:send',
      'tracking-secret:read',
      'staff-directory:read',
      'workflow:start',
      'workflow:callback',
      'uploads:write',
    ],
    timeoutSeconds: 29,
  },
  {
    name: 'change-step',
    description:
      "Change workflow: approvers asked with signed links, deadlines and escalation, the customer's consent, the change applied as a new version (R-PROC-6, R-CHG-1..3)",
    triggers: [task('order-change', 'ChangeStepFunctionArn')],
    ...workflowTask(['mail', 'staff', 'links', 'stop'], DEADLINE_SETTINGS),
  },
  {
    name: 'send-robot-alerts',
    description:
      'Staff alerts to the WeCom, DingTalk and Feishu group robots: merged, under 20 a minute per robot, retried',
    triggers: [{ kind: 'queue', queue: 'robot-alerts', batchSize: 100, batchingWindowSeconds: 5 }],
    env: ['TABLE_NAME', 'PUBLIC_BASE_URL', 'ROBOTS', 'ROBOT_SECRETS', 'ROBOT_QUEUE_URL'],
    // The send log (table), alerts queued again for a robot that failed, the webhooks secret.
    permissions: ['table:read', 'table:write', 'robots:alert', 'robot-secrets:read'],
    // Waits for a robot's next free send (up to a minute) and retries with backoff.
    timeoutSeconds: 300,
  },
];

export const functionEntry = (spec: FunctionSpec): string => `functions/${spec.name}/handler.ts`;
