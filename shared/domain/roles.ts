/**
 * Staff roles of docs/rules.md ("Who uses it"). On AWS they are Cognito groups; locally they are
 * the `roles` of the local issuer's users. Both end up in the JWT claims the handlers read.
 */
export const STAFF_ROLES = [
  'sales',
  'ops',
  'sales_director',
  'gm',
  'dept_manager',
  'production',
  'logistics',
  'finance',
  'after_sales',
  'safety',
] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];

/** Every staff role: for endpoints any authenticated staff member may call. */
export const ANY_STAFF: readonly StaffRole[] = STAFF_ROLES;

/**
 * R-SEC-2, R-FIN-2: who sees every customer's balances — `GET /api/reports/receivables` and
 * the receivables of the report emails: finance, customer service (ops) and the general manager.
 */
export const RECEIVABLES_READERS: readonly StaffRole[] = ['finance', 'ops', 'gm'];

export const isStaffRole = (value: string): value is StaffRole =>
  (STAFF_ROLES as readonly string[]).includes(value);
