/**
 * Invoices, payments and reconciliation (R-FIN-1..3). This project records invoices; it does
 * not talk to the tax system.
 * - setInvoicing: the customer's invoicing details, the credit code checked (R-FIN-1).
 * - recordInvoice: against what was delivered and not yet invoiced, one conditional write (R-FIN-1).
 * - recordPayment: a payment, then its allocations to the customer's orders (R-FIN-2).
 * - customerStatement / sendStatement / answerStatement: the statement, emailed with a signed
 *   single-use link to confirm or dispute it; a dispute becomes a case for customer service (R-FIN-3).
 */
import { ulid } from 'ulid';
import type { BillingStore, SentStatement } from '../adapters/dynamo-billing.ts';
import {
  type AccountEntry,
  AGE_BUCKETS,
  type AgeBucket,
  ageing,
  billingFigures,
  buildStatement,
  deliveredAmount,
  type InvoiceInput,
  type InvoicingDetails,
  orderEntries,
  type PaymentInput,
  paymentEntry,
  periodTotals,
  type Statement,
  taxOf,
} from '../domain/billing.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { newEventId } from '../domain/master-data.ts';
import type { StaffRole } from '../domain/roles.ts';
import type { CaseStore } from '../entities/case-entity.ts';
import type { Order } from '../entities/order-entity.ts';
import type { Clock, CustomerStore, OrderStore } from '../ports.ts';

export interface BillingDeps {
  customers: CustomerStore;
  orders: OrderStore;
  billing: BillingStore;
  cases: Pick<CaseStore, 'listForOrder'>;
  clock: Clock;
  /** The ids of orders that may belong to these customer keys (checked against each order). */
  findOrders(keys: string[]): Promise<string[]>;
}

/** Who sees balances (R-SEC-2): finance, ops (customer service), gm; sales their own customers. */
export const BILLING_VIEWERS: readonly StaffRole[] = ['finance', 'ops', 'sales', 'gm'];

async function customerOf(deps: Pick<BillingDeps, 'customers'>, key: string) {
  const got = await deps.customers.get(key);
  if (!got) throw new NotFoundError(`No customer ${key}`);
  return got.customer;
}

/** R-SEC-2: finance and ops see every customer's account; sales only the customers they own. */
export function assertMayReadAccount(
  staff: { email: string; roles: readonly StaffRole[] },
  owner: string | undefined,
) {
  if (staff.roles.some((r) => r === 'finance' || r === 'ops')) return;
  if (staff.roles.includes('sales') && owner && owner.toLowerCase() === staff.email.toLowerCase()) return;
  throw new ForbiddenError('Only finance, customer service and the customer’s sales see its account');
}

export async function setInvoicing(
  deps: Pick<BillingDeps, 'customers' | 'clock'>,
  key: string,
  details: InvoicingDetails,
  actor: string,
) {
  const read = await customerOf(deps, key);
  if (read.mergedInto)
    throw new ConflictError(`Customer ${key} was merged into ${read.mergedInto}: change that one`);
  const at = deps.clock.now().toISOString();
  return deps.customers.replace(
    read,
    { ...read, invoicing: details, updatedAt: at },
    { id: newEventId(at), kind: 'edited', at, by: actor, fields: ['invoicing'] },
  );
}

/** R-FIN-1: an invoice of a delivered, not yet invoiced amount, with the customer's invoicing details. */
export async function recordInvoice(deps: BillingDeps, orderId: string, input: InvoiceInput, actor: string) {
  const order = await deps.orders.get(orderId);
  if (!order) throw new NotFoundError(`Order ${orderId} not found`);
  if (input.shipmentId && !(order.shipments ?? []).some((s) => s.shipmentId === input.shipmentId))
    throw new ValidationError('Invalid invoice', [
      { path: 'shipmentId', message: `No shipment ${input.shipmentId} on this order` },
    ]);
  const customer = (await deps.customers.get(order.customerKey))?.customer;
  const buyer = customer?.invoicing;
  if (!buyer) throw new ConflictError('Record the customer’s invoicing details (开票信息) first');
  const delivered = deliveredAmount(order);
  const billing = await deps.billing.get(orderId);
  if (input.shipmentId) {
    // Per shipment: at most that shipment's value less what was invoiced against it.
    const shipmentValue = deliveredAmount(order, input.shipmentId);
    const against = (billing?.invoices ?? [])
      .filter((i) => i.shipmentId === input.shipmentId)
      .reduce((s, i) => s + i.amount, 0);
    if (against + input.amount > shipmentValue)
      throw new ConflictError(
        `Shipment ${input.shipmentId} has ${shipmentValue - against} fen delivered and not yet invoiced`,
      );
  }
  const at = deps.clock.now().toISOString();
  const invoice = {
    invoiceId: ulid(),
    type: input.type,
    invoiceNumber: input.invoiceNumber,
    date: input.date,
    amount: input.amount,
    taxRate: input.taxRate,
    tax: taxOf(input.amount, input.taxRate),
    ...(input.shipmentId ? { shipmentId: input.shipmentId } : {}),
    buyer,
    recordedBy: actor,
    recordedAt: at,
  };
  const outcome = await deps.billing.addInvoice(orderId, order.customerKey, invoice, delivered);
  if (outcome === 'duplicate')
    throw new ConflictError(`Invoice ${input.invoiceNumber} is recorded on this order already`);
  if (outcome === 'over') {
    const now = (await deps.billing.get(orderId))?.invoiced ?? 0;
    throw new ConflictError(
      `At most ${Math.max(0, delivered - now)} fen is delivered and not yet invoiced on this order`,
    );
  }
  return invoice;
}

/** R-FIN-2: a payment received from a customer, allocated to its orders. */
export async function recordPayment(deps: BillingDeps, key: string, input: PaymentInput, actor: string) {
  const customer = await customerOf(deps, key);
  const keys = [customer.customerKey, ...(customer.aliases ?? [])];
  const orders: Order[] = [];
  const issues: { path: string; message: string }[] = [];
  for (const [i, a] of (input.allocations ?? []).entries()) {
    const order = await deps.orders.get(a.orderId);
    if (!order || !keys.includes(order.customerKey))
      issues.push({ path: `allocations.${i}.orderId`, message: 'Not an order of this customer' });
    else orders.push(order);
  }
  if (issues.length) throw new ValidationError('Invalid payment', issues);
  const at = deps.clock.now().toISOString();
  const payment = {
    ...input,
    paymentId: ulid(),
    customerKey: customer.customerKey,
    recordedBy: actor,
    recordedAt: at,
  };
  await deps.billing.putPayment(payment);
  for (const a of input.allocations ?? [])
    await deps.billing.allocate(a.orderId, customer.customerKey, {
      paymentId: payment.paymentId,
      date: input.date,
      amount: a.amount,
    });
  return payment;
}

const refundsOf = async (deps: Pick<BillingDeps, 'cases'>, orderId: string) =>
  (await deps.cases.listForOrder(orderId)).filter((c) => c.refundAmount && c.refundedAt);

/** R-FIN-2: `billing` of GET /api/orders/{id}: delivered, invoiced, paid, refunded, outstanding. */
export async function orderBilling(deps: Pick<BillingDeps, 'billing' | 'cases'>, order: Order) {
  const refunded = (await refundsOf(deps, order.orderId)).reduce((s, c) => s + (c.refundAmount ?? 0), 0);
  return billingFigures(deliveredAmount(order), await deps.billing.get(order.orderId), refunded);
}

/** The account entries of a customer (and the records merged into it), from the start. */
async function accountEntries(deps: BillingDeps, keys: string[]): Promise<AccountEntry[]> {
  const entries: AccountEntry[] = [];
  for (const orderId of await deps.findOrders(keys)) {
    const order = await deps.orders.get(orderId);
    if (!order || !keys.includes(order.customerKey)) continue;
    entries.push(...orderEntries(order, await deps.billing.get(orderId), await refundsOf(deps, orderId)));
  }
  for (const key of keys) for (const p of await deps.billing.payments(key)) entries.push(paymentEntry(p));
  return entries;
}

/** R-FIN-3: the statement of a customer for a period. */
export async function customerStatement(deps: BillingDeps, key: string, from: string, to: string) {
  const customer = await customerOf(deps, key);
  const keys = [customer.customerKey, ...(customer.aliases ?? [])];
  return {
    customer,
    statement: buildStatement(customer.customerKey, from, to, await accountEntries(deps, keys)),
  };
}

export interface StatementMailer {
  sendStatement(to: string[], customerName: string, statement: Statement, link: string): Promise<void>;
}

/** R-FIN-3: emails the statement with a signed single-use confirm/dispute link. */
export async function sendStatement(
  deps: BillingDeps & { mail: StatementMailer; linkFor(statementId: string): string },
  key: string,
  period: { from: string; to: string },
  actor: string,
): Promise<SentStatement & { link: string }> {
  const { customer, statement } = await customerStatement(deps, key, period.from, period.to);
  const to = customer.contacts
    .map((c) => c.email)
    .filter((e): e is string => !!e)
    .slice(0, 3);
  if (to.length === 0)
    throw new ConflictError(`Customer ${key} has no email address to send the statement to`);
  const statementId = ulid(deps.clock.now().getTime());
  const sent: SentStatement = {
    statementId,
    customerKey: customer.customerKey,
    customerName: customer.invoicing?.companyName ?? customer.company ?? customer.name,
    statement,
    sentTo: to,
    sentAt: deps.clock.now().toISOString(),
    sentBy: actor,
  };
  await deps.billing.putStatement(sent);
  const link = deps.linkFor(statementId);
  await deps.mail.sendStatement(to, sent.customerName, statement, link);
  return { ...sent, link };
}

export type StatementAnswer = {
  decision: 'confirm' | 'dispute';
  comment?: string | undefined;
  line?: number | undefined;
};

/**
 * R-FIN-3: the customer's answer from the link, once. A dispute opens a complaint case for
 * customer service on the order of the disputed line (else the latest order of the statement).
 */
export async function answerStatement(
  deps: Pick<BillingDeps, 'billing' | 'clock'> & {
    openDisputeCase(orderId: string, description: string): Promise<string>;
  },
  sent: SentStatement,
  answer: StatementAnswer,
): Promise<'answered' | 'already'> {
  const decidedAt = deps.clock.now().toISOString();
  const first = await deps.billing.answerStatement(sent.statementId, {
    decision: answer.decision,
    decidedAt,
    ...(answer.comment ? { comment: answer.comment } : {}),
    ...(answer.line ? { line: answer.line } : {}),
  });
  if (!first) return 'already';
  if (answer.decision === 'dispute') {
    const lines = sent.statement.lines;
    const disputed = answer.line ? lines[answer.line - 1] : undefined;
    const orderId = disputed?.orderId ?? [...lines].reverse().find((l) => l.orderId)?.orderId;
    if (orderId) {
      const description =
        `对账单争议 Statement dispute ${sent.statement.from}–${sent.statement.to}${disputed ? ` · ${disputed.date} ${disputed.ref}` : ''}: ${answer.comment ?? ''}`.slice(
          0,
          2000,
        );
      await deps.billing.setStatementCase(sent.statementId, await deps.openDisputeCase(orderId, description));
    }
  }
  return 'answered';
}

/**
 * R-FIN-3, the `monthly-statements` schedule: last month's statement to every customer who opted
 * in (`invoicing.monthlyStatement`). Each customer and month is claimed once before sending (a
 * retried run skips those sent) and released when the send fails, so the retry sends it.
 */
export async function sendMonthlyStatements(
  deps: BillingDeps & {
    mail: StatementMailer;
    linkFor(statementId: string): string;
    claim(key: string): Promise<boolean>;
    release(key: string): Promise<void>;
  },
  period: { from: string; to: string },
): Promise<{ sent: number; skipped: number; failed: number }> {
  const tally = { sent: 0, skipped: 0, failed: 0 };
  let cursor: string | undefined;
  let firstError: unknown;
  do {
    const page = await deps.customers.list(undefined, 100, cursor);
    for (const c of page.items) {
      if (!c.invoicing?.monthlyStatement || c.mergedInto || !c.contacts.some((x) => x.email)) continue;
      const claimKey = `${c.customerKey}#${period.from}`;
      if (!(await deps.claim(claimKey))) {
        tally.skipped++;
        continue;
      }
      try {
        await sendStatement(deps, c.customerKey, period, 'schedule:monthly-statements');
        tally.sent++;
      } catch (error) {
        await deps.release(claimKey);
        tally.failed++;
        firstError ??= error;
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  // A failed customer fails the run (after the others were sent), so the scheduler retries it.
  if (firstError) throw firstError;
  return tally;
}

/**
 * R-FIN-2 in the reports: receivables on `to` — outstanding by customer and by age — and the
 * invoices issued and payments received in the period, over every customer of the directory.
 */
export async function receivablesReport(deps: BillingDeps, period: { from: string; to: string }) {
  const customers: {
    customerKey: string;
    name: string;
    outstanding: number;
    buckets: Record<AgeBucket, number>;
  }[] = [];
  const totals = { invoicesIssued: { count: 0, amount: 0 }, paymentsReceived: { count: 0, amount: 0 } };
  const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as Record<AgeBucket, number>;
  let cursor: string | undefined;
  do {
    const page = await deps.customers.list(undefined, 100, cursor);
    for (const c of page.items) {
      if (c.mergedInto) continue;
      const entries = await accountEntries(deps, [c.customerKey, ...(c.aliases ?? [])]);
      if (entries.length === 0) continue;
      const aged = ageing(entries, period.to);
      const inPeriod = periodTotals(entries, period.from, period.to);
      totals.invoicesIssued.count += inPeriod.invoicesIssued.count;
      totals.invoicesIssued.amount += inPeriod.invoicesIssued.amount;
      totals.paymentsReceived.count += inPeriod.paymentsReceived.count;
      totals.paymentsReceived.amount += inPeriod.paymentsReceived.amount;
      for (const b of AGE_BUCKETS) buckets[b] += aged.buckets[b];
      if (aged.outstanding !== 0)
        customers.push({ customerKey: c.customerKey, name: c.company ?? c.name, ...aged });
    }
    cursor = page.nextCursor;
  } while (cursor);
  customers.sort((a, b) => b.outstanding - a.outstanding);
  return {
    ...period,
    outstanding: customers.reduce((s, c) => s + c.outstanding, 0),
    buckets,
    ...totals,
    customers,
  };
}
