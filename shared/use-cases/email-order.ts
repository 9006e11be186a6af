/**
 * What receiving an email and registering it by hand share (R-INTAKE-6): the order's link to its
 * message, placing the order with channel `email` under the message's idempotency key, the
 * sender as a customer (a new one pending staff confirmation), and English validation messages
 * turned into the Chinese the reply leads with.
 */
import { type FieldIssue, ValidationError } from '../domain/errors.ts';
import { issueInChinese } from '../domain/issue-codes.ts';
import type { OrderCreated } from '../domain/order-schema.ts';
import { customerIdentity } from '../entities/catalogue-entities.ts';
import type { InboundMessage, InboundProblem } from '../entities/inbound-entity.ts';
import type { OrderSource } from '../entities/order-entity.ts';
import type { CustomerDirectory } from '../ports.ts';
import { type PlaceOrderDeps, placeOrder } from './place-order.ts';

export const orderSourceOf = (m: InboundMessage): OrderSource => ({
  inboundId: m.inboundId,
  rawKey: m.rawKey,
  messageId: m.messageId,
  subject: m.subject,
  references: m.references,
});

/** R-INTAKE-4: the order id comes from the Message-ID, so the same message is one order. */
export const emailIdempotencyKey = (m: Pick<InboundMessage, 'messageId'>): string => `email:${m.messageId}`;

/** The English message of a validation issue, and its Chinese (a generic one when unknown). */
export function problemFromIssue(
  issue: FieldIssue,
  sources: Record<string, string> = {},
  body?: unknown,
): InboundProblem {
  // zod names a missing choice "Invalid option: expected one of …"; to a customer it is missing.
  if (body !== undefined && issue.path && valueAt(body, issue.path) === undefined) {
    issue = { path: issue.path, message: 'Required' };
  }
  const messageZh = issueInChinese(issue.message) ?? `内容有误（${issue.message}）`;
  // Quote the line of the field, else of the item line or object it belongs to.
  const parts = issue.path.split('.');
  let line: string | undefined;
  for (let n = parts.length; n > 0 && line === undefined; n--) line = sources[parts.slice(0, n).join('.')];
  return { path: issue.path, message: issue.message, messageZh, ...(line ? { line } : {}) };
}

const valueAt = (body: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      body,
    );

export interface EmailOrderDeps extends PlaceOrderDeps {
  customers: CustomerDirectory;
}

export type EmailOrderOutcome =
  | { ok: true; created: OrderCreated; newCustomerKey?: string }
  | { ok: false; issues: FieldIssue[] };

/**
 * Places the order of a message (the pipeline, or staff with the corrected body), then makes
 * sure its customer exists: an unknown one becomes a customer pending staff confirmation.
 */
export async function placeEmailOrder(
  deps: EmailOrderDeps,
  message: InboundMessage,
  body: unknown,
  staff?: { email: string },
  pricedFromList: string[] = [],
): Promise<EmailOrderOutcome> {
  let created: OrderCreated;
  try {
    created = await placeOrder(deps, {
      body,
      idempotencyKey: emailIdempotencyKey(message),
      ...(staff ? { staff } : {}),
      email: { source: orderSourceOf(message), pricedFromList },
    });
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, issues: error.issues };
    throw error;
  }
  const customer = (body as { customer: { name: string; company?: string; email?: string; phone?: string } })
    .customer;
  const key = customerIdentity(customer);
  const made = await deps.customers.createPending({
    customerKey: key,
    name: customer.name,
    ...(customer.company ? { company: customer.company } : {}),
    createdAt: deps.clock.now().toISOString(),
  });
  return made === 'created' ? { ok: true, created, newCustomerKey: key } : { ok: true, created };
}
