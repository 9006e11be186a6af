/**
 * Ports (STYLE.md 3): what use cases need from the outside, passed in as `deps`. The DynamoDB,
 * SES and SNS adapters live in shared/adapters/; unit tests use in-memory ones.
 */

import type { CustomerRecord, LedgerEvent, NewProduct, PriceEntry } from './domain/master-data.ts';
import type { ChangeRequest, ChangeStatus } from './domain/order-change.ts';
import type { OrderListEntry, OrderListFilters, Position } from './domain/order-list.ts';
import type { HistoryEntry } from './domain/order-schema.ts';
import type { QuotationStatus } from './domain/quotation.ts';
import type { StaffRole } from './domain/roles.ts';
import type { StaffAlertInput } from './domain/staff-alerts.ts';
import type { OrderStatus } from './domain/status.ts';
import type { ApprovalDecision, ApprovalRequest } from './entities/approval-entity.ts';
import type { Customer, Product } from './entities/catalogue-entities.ts';
import type { Dossier } from './entities/dossier-entity.ts';
import type { InboundAction, InboundMessage, InboundState } from './entities/inbound-entity.ts';
import type { Order, OrderFields } from './entities/order-entity.ts';
import type { Quotation, QuotationFields, QuotationHistoryEntry } from './entities/quotation-entity.ts';
import type { RushReport, RushWindow } from './entities/rush-entity.ts';
import type { RobotRequest } from './robots/formats.ts';

export interface OrderChange {
  status?: OrderStatus;
  assignee?: string;
  /** Other attributes to set in the same write. */
  set?: OrderFields;
  /** Appended to the history in the same write (R-ARCH-2). */
  history: HistoryEntry;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** A quotation change (R-QUOTE-1..3): like an order's, one versioned write with its history entry. */
export interface QuotationChange {
  status?: QuotationStatus;
  set?: QuotationFields;
  history: QuotationHistoryEntry;
  updatedAt: string;
}

/** Quotations (R-QUOTE-1..3). */
export interface QuotationStore {
  create(quotation: Quotation): Promise<'created' | 'exists'>;
  get(quotationId: string): Promise<Quotation | undefined>;
  update(current: Quotation, change: QuotationChange): Promise<Quotation>;
  /** Newest first, filtered by status and a search text (number, customer, products). */
  list(
    filter: { q?: string; status?: QuotationStatus; cursor?: string; customerKeys?: readonly string[] },
    limit: number,
  ): Promise<Page<Quotation>>;
}

/** One status's partition of the order list (R-PROC-7), newest first; see shared/domain/order-list.ts. */
export interface OrderListStore {
  /**
   * Entries of `status` older than `after` (when given) within the receipt range that pass the
   * filters, newest first; stops at `want` matches or after reading `budget` entries.
   * `frontier` is the last entry read when it stopped early, none when the partition is done.
   */
  read(
    status: OrderStatus,
    filters: OrderListFilters,
    after: Position | undefined,
    want: number,
    budget: number,
  ): Promise<{ entries: OrderListEntry[]; frontier?: Position }>;
  /** The oldest `limit` entries of `status`, oldest first (My work). */
  oldest(status: OrderStatus, limit: number): Promise<OrderListEntry[]>;
  /** How many entries of `status` pass the filters, reading at most `cap`; `exact` false when capped. */
  count(
    status: OrderStatus,
    filters: OrderListFilters,
    cap: number,
  ): Promise<{ count: number; exact: boolean }>;
}

/** The frozen dossiers of archived orders (R-ARCH-1): written once, read by staff. */
export interface DossierStore {
  put(dossier: Dossier): Promise<'created' | 'exists'>;
  get(orderId: string): Promise<Dossier | undefined>;
}

export interface OrderStore {
  /** Creates the order unless one with its id exists; never overwrites (R-INTAKE-4). */
  create(order: Order): Promise<'created' | 'exists'>;
  get(orderId: string): Promise<Order | undefined>;
  /**
   * Applies a change to the order as the caller read it, only if its version is still the
   * stored one (optimistic locking); otherwise throws ConflictError.
   */
  update(current: Order, change: OrderChange): Promise<Order>;
  /**
   * Appends a history entry that depends on nothing read before (a progress report): no version
   * condition, so concurrent reporters never conflict; the version still moves on.
   */
  appendHistory(orderId: string, entry: HistoryEntry): Promise<Order>;
  /** Open orders, urgent first, oldest first within a priority (R-PROC-1). */
  queue(limit: number, cursor?: string): Promise<Page<Order>>;
  /** Orders whose confirmation is still to be sent, oldest first. */
  pendingConfirmations(limit: number): Promise<Order[]>;
  markConfirmationSent(orderId: string): Promise<void>;
}

export interface CatalogueStore {
  /** The active products, each with the list price in force on `day` (default today, R-MASTER-1). */
  listProducts(day?: string): Promise<Product[]>;
  /** The products asked for (prices in force on `day`) and the customer's profile, in one round trip. */
  pricingContext(
    skus: string[],
    customerKey: string,
    day?: string,
  ): Promise<{ products: Map<string, Product>; customer?: Customer }>;
  /**
   * R-PRICE-1: the unit prices of a concluded transaction become the customer's last prices
   * for those SKUs (a customer without a profile gets one). Setting the same prices again
   * changes nothing, so a retry is harmless.
   */
  recordLastPrices(
    customerKey: string,
    prices: Record<string, number>,
    customer: { name: string; company?: string; at: string },
  ): Promise<void>;
}

/** A product as staff maintain it (R-MASTER-1/2): its fields, dated prices and stock figures. */
export interface ProductRecord extends Product {
  nameZh: string;
  nameEn?: string;
  packaging: string[];
  active: boolean;
  madeToOrder: boolean;
  lowStockAt: number | null;
  allowNegativeStock: boolean;
  prices: PriceEntry[];
  /** Reserved quantity per order id. */
  reservations: Record<string, number>;
  onHand: number;
  reserved: number;
  available: number;
  version: number;
  updatedAt?: string;
}

/** One change of a product, with its record (shared/adapters/dynamo-ledger.ts). */
export interface ProductUpdate {
  /** Fields to set; `undefined` removes the field. */
  set?: Record<string, unknown>;
  /** Relative stock change (receipts, adjustments). */
  stockDelta?: number;
  allowNegative?: boolean;
  bumpVersion?: boolean;
  event: LedgerEvent;
}

export interface ProductStore {
  /** A new product, with its first dated price when it has one (an import writes both at once). */
  create(product: NewProduct, actor: string, at: string, price?: PriceEntry): Promise<'created' | 'exists'>;
  /** Every product, inactive ones too, with prices in force on `day`. */
  list(day?: string): Promise<ProductRecord[]>;
  get(sku: string, day?: string): Promise<{ product: ProductRecord; history: LedgerEvent[] } | undefined>;
  /**
   * Reads the product, asks `decide` for the change (it throws to refuse), writes it on the
   * condition nothing changed in between, and decides again on a fresh read when something did.
   */
  update(
    sku: string,
    decide: (product: ProductRecord) => ProductUpdate | 'unchanged',
  ): Promise<{ product: ProductRecord; changed: boolean }>;
}

/** Customers as sales maintain them (R-MASTER-3), shared/adapters/dynamo-customers.ts. */
export interface CustomerStore {
  create(
    c: Omit<CustomerRecord, 'version' | 'lastPrices'>,
    event: LedgerEvent,
  ): Promise<'created' | 'exists'>;
  get(key: string): Promise<{ customer: CustomerRecord; history: LedgerEvent[] } | undefined>;
  /** Writes `next` over the profile read as `read` (same version, same last record) or throws a 409. */
  replace(read: CustomerRecord, next: CustomerRecord, event: LedgerEvent): Promise<CustomerRecord>;
  list(
    q: string | undefined,
    limit: number,
    cursor?: string,
  ): Promise<{ items: CustomerRecord[]; nextCursor?: string }>;
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. `In-Reply-To` and `References` to answer in a thread. */
  headers?: Record<string, string>;
  attachments?: EmailAttachment[];
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

export interface SmsSender {
  send(sms: { to: string; text: string }): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ApprovalStore {
  /** Creates the request unless it exists (a re-run task finds its first request). */
  create(request: ApprovalRequest): Promise<'created' | 'exists'>;
  get(requestId: string): Promise<ApprovalRequest | undefined>;
  /** pending → decided, once; otherwise ConflictError (already decided or superseded). */
  decide(requestId: string, decision: ApprovalDecision): Promise<ApprovalRequest>;
  markDelivered(requestId: string): Promise<void>;
  /** pending → superseded; answers the request as it is when it was not pending any more. */
  supersede(requestId: string): Promise<ApprovalRequest | undefined>;
  /** Lets one more role decide a pending request (SLA escalation to gm). */
  allowRole(requestId: string, role: string): Promise<void>;
}

export interface StaffMember {
  email: string;
  name: string;
  /** For urgent escalations by SMS (R-RUSH-3), when the directory has one. */
  phone?: string;
}

/** Staff by role: Cognito groups on AWS, the local issuer's users locally. */
export interface StaffDirectory {
  members(role: StaffRole): Promise<StaffMember[]>;
}

/** A staff sign-in account as the staff-users page shows it (R-SEC-2). */
export interface StaffAccount {
  /** The sign-in name: the work email. */
  email: string;
  name: string;
  phone?: string;
  roles: StaffRole[];
  enabled: boolean;
  /** Cognito's user status: CONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED… */
  status: string;
  createdAt?: string;
}

/**
 * Staff sign-in accounts (R-SEC-2): Cognito's admin API on AWS, the local issuer's imitation
 * of it locally. New accounts get an emailed temporary password to replace at first sign-in.
 */
export interface StaffAccounts {
  list(): Promise<StaffAccount[]>;
  create(account: {
    email: string;
    name: string;
    phone?: string;
    roles: StaffRole[];
  }): Promise<'created' | 'exists'>;
  setEnabled(email: string, enabled: boolean): Promise<'done' | 'not-found'>;
  /**
   * The password stops working and a way back goes by email: a code for a user who has signed
   * in before, a new temporary password for one who never has.
   */
  resetPassword(email: string): Promise<'done' | 'not-found'>;
}

/** The approvals SNS topic (R-APPR-1 "notify by SNS"). */
export interface TopicPublisher {
  publish(subject: string, message: string): Promise<void>;
}

export type WorkflowName = 'order-approval' | 'order-sla' | 'rush-order' | 'order-close' | 'order-change';

export interface WorkflowEvent {
  id: number;
  at: string;
  type: string;
  state?: string;
  detail?: string;
}

export interface WorkflowExecution {
  name: string;
  stateMachine: WorkflowName;
  status: string;
  startDate: string;
  stopDate?: string;
  events: WorkflowEvent[];
}

/** Step Functions, on AWS and through the local runner. */
export interface WorkflowEngine {
  start(workflow: WorkflowName, name: string, input: unknown): Promise<'started' | 'exists'>;
  /** StopExecution of the execution `name`, when it runs (a cancelled order, R-CHG-3). */
  stop?(workflow: WorkflowName, name: string, cause: string): Promise<'stopped' | 'not-running'>;
  /** Resumes a waiting task; 'gone' when the task is no longer waiting (timed out, finished). */
  sendSuccess(taskToken: string, output: unknown): Promise<'sent' | 'gone'>;
  execution(workflow: WorkflowName, name: string): Promise<WorkflowExecution | undefined>;
}

export interface Shortfall {
  sku: string;
  name: string;
  requested: number;
  available: number;
  short: number;
}

/** A product whose available stock a reservation took below its threshold (R-MASTER-2). */
export interface LowStock {
  sku: string;
  name: string;
  available: number;
  lowStockAt: number;
}

/** Stock reservation per order (R-PROC-4); idempotent per order and SKU. */
export interface InventoryStore {
  /** Reserves every SKU or none: on a shortage, what was reserved is released. */
  reserve(
    orderId: string,
    lines: Record<string, number>,
  ): Promise<{ reserved: true; low?: LowStock[] } | { reserved: false; shortfall: Shortfall[] }>;
  release(orderId: string, lines: Record<string, number>): Promise<void>;
  /**
   * Shipped quantities leave the order's reservations (R-MASTER-2): on hand goes down, available
   * stays. Quantities beyond what is reserved (made-to-order lines) are ignored.
   */
  consume(orderId: string, lines: Record<string, number>): Promise<void>;
}

/** Rush-order progress records (R-RUSH-6): reports and closed windows, written once each. */
export interface RushStore {
  putReport(report: RushReport): Promise<void>;
  /** Records a closed window unless it is recorded already (a re-run task changes nothing). */
  putWindow(orderId: string, window: RushWindow): Promise<'created' | 'exists'>;
  records(orderId: string): Promise<{ reports: RushReport[]; windows: RushWindow[] }>;
}

/** Inbound email messages and their per-state lists (R-INTAKE-6; shared/entities/inbound-entity.ts). */
export interface InboundStore {
  /**
   * Creates the message in state `received` unless it exists (a second delivery). It is not
   * listed yet: a message is listed once it leaves `received`, or by `listStuck`.
   */
  create(message: InboundMessage): Promise<'created' | 'exists'>;
  /** Lists a message under `received` (processing failed or needed a second attempt). */
  listStuck(message: InboundMessage): Promise<InboundMessage>;
  get(inboundId: string): Promise<InboundMessage | undefined>;
  /**
   * Moves the message to a state as the caller read it (version-checked; ConflictError when it
   * changed meanwhile), setting the fields and appending the action in the same write.
   */
  transition(
    current: InboundMessage,
    to: InboundState,
    set: Partial<InboundMessage>,
    action: InboundAction,
  ): Promise<InboundMessage>;
  /** Appends an action with no condition (a duplicate delivery). */
  appendAction(inboundId: string, action: InboundAction): Promise<void>;
  /** Messages in a state, newest first. */
  list(state: InboundState, limit: number, cursor?: string): Promise<Page<InboundMessage>>;
}

/** The raw MIME messages: the S3 bucket on AWS, the data directory locally. */
export interface RawMessageStore {
  get(rawKey: string): Promise<Uint8Array | undefined>;
}

/** Customer profiles by identity (`email:<address>`), for email intake. */
export interface CustomerDirectory {
  get(customerKey: string): Promise<Customer | undefined>;
  /** A new customer from an email, to be confirmed by staff; no-op when one exists. */
  createPending(customer: {
    customerKey: string;
    name: string;
    company?: string;
    createdAt: string;
  }): Promise<'created' | 'exists'>;
  /** Staff confirm a pending customer; 'not-pending' when there is none to confirm (any more). */
  confirm(customerKey: string, by: string, at: string): Promise<'confirmed' | 'not-pending'>;
}

/**
 * Staff alerts for the group robots (docs/robots.md): put on the robot queue, delivered by
 * send-robot-alerts. Raising never throws and never holds up the email and SMS that go out
 * anyway: a queue that cannot be reached is logged and the caller goes on.
 */
export interface StaffAlerts {
  /** `id` may be empty (one is given); `delaySeconds` holds a retry back (at most 900). */
  raise(alert: StaffAlertInput, delaySeconds?: number): Promise<void>;
}

/** A robot's answer: `retryable` for rate limits, server errors and networks that failed. */
export interface RobotAnswer {
  ok: boolean;
  retryable: boolean;
  /** The platform's error code and message (never the request, which may carry names). */
  detail: string;
}

/** Posts a signed request to a robot's webhook. */
export interface RobotTransport {
  post(request: RobotRequest): Promise<RobotAnswer>;
}

/** When each robot was sent to lately (ms), so its per-minute limit holds across invocations. */
export interface RobotSendLog {
  recent(robot: string): Promise<number[]>;
  record(robot: string, sentAt: readonly number[]): Promise<void>;
}

/** Change requests of orders (R-PROC-6, R-CHG-1..3; shared/adapters/dynamo-change-store.ts). */
export interface ChangeStore {
  create(change: ChangeRequest): Promise<'created' | 'exists'>;
  get(orderId: string, changeId: string): Promise<ChangeRequest | undefined>;
  list(orderId: string): Promise<ChangeRequest[]>;
  /** Writes the change only if its stored status is still `expected`; otherwise ConflictError. */
  save(change: ChangeRequest, expected: ChangeStatus | readonly ChangeStatus[]): Promise<ChangeRequest>;
  /** Customers' own requests not yet taken up (`requested`), oldest first, at most `limit` (My work). */
  requested(limit: number): Promise<{ changes: ChangeRequest[]; total: number }>;
}

/** Customers' written requests uploaded by staff (R-CHG-1): S3 on AWS, the data dir locally. */
export interface UploadStore {
  put(uploadId: string, contentType: string, bytes: Uint8Array): Promise<void>;
  exists(uploadId: string): Promise<boolean>;
  /** The file as it was uploaded, or undefined when there is none. */
  get(uploadId: string): Promise<{ contentType: string; bytes: Uint8Array } | undefined>;
  /** The stored object's type, size and first bytes (a presigned PUT is checked on use, R-CHG-1). */
  inspect(uploadId: string): Promise<{ contentType: string; size: number; head: Uint8Array } | undefined>;
  /**
   * A URL the browser PUTs the file to directly, with exactly `headers` (and the file's length):
   * an S3 presigned PUT on AWS, the local runtime's signed single-use endpoint locally.
   */
  uploadUrl(
    uploadId: string,
    contentType: string,
    size: number,
    expiresAt: Date,
  ): Promise<{ url: string; headers: Record<string, string> }>;
}

/** An order waiting for special-requirement opinions (R-SPEC-1), as My work lists it. */
export interface SpecialWaiting {
  orderId: string;
  orderNumber: string;
  status: 'received';
  priority: string;
  channel: string;
  customerName: string;
  totalAmount: number;
  currency: string;
  createdAt: string;
  /** The departments whose opinion is still due. */
  waitingOn: string[];
}

/** R-SPEC-1: orders whose special requirements wait for departments' opinions (My work). */
export interface SpecialReviewQueue {
  /** Enters the order; an entry already there is kept (a replayed intake). */
  open(entry: SpecialWaiting): Promise<void>;
  /** Enters it again, waiting anew (a rejected review asked again). */
  reopen(entry: SpecialWaiting): Promise<void>;
  /** The departments still to answer; none removes the entry. */
  waitOn(orderId: string, departments: string[]): Promise<void>;
  /** Oldest first, at most `limit`. */
  waiting(limit: number): Promise<SpecialWaiting[]>;
}
