/**
 * Order changes and cancellation (R-PROC-6, R-CHG-1..3). A confirmed order is never edited in
 * place: staff file a change request; a delivery date with the customer's written request is
 * applied at once (R-CHG-1); items and cancellation (R-CHG-2, R-CHG-3) are refused from
 * production on, otherwise approved by dept_manager then sales_director (and gm where the new
 * prices need gm, R-PRICE-4/5) in the order-change workflow, then — when staff asked for it —
 * consented to by the customer from a signed link (R-PROC-6), then applied as a new version.
 *
 * Races: the order item carries `pendingChange`, set by a versioned write; of two requests (or a
 * request and a decision) at once one wins and the other gets 409 with the current version.
 */
import { ulid } from 'ulid';
import { approvalLink } from '../domain/approval-link.ts';
import { derivedId } from '../domain/derived-id.ts';
import { ConflictError, NotFoundError, StatusConflictError, ValidationError } from '../domain/errors.ts';
import { historyNote } from '../domain/history-codes.ts';
import {
  CHANGE_LADDER,
  type ChangeBody,
  type ChangeEvidence,
  type ChangeRequest,
  type ChangeStatus,
  changeApprovalPath,
  changeChain,
  consentLink,
  customerChangeSchema,
  LOCKED_STATUSES,
  lineDiff,
  type OrderVersion,
  versionsOf,
} from '../domain/order-change.ts';
import type { ApprovalRole, OrderLine } from '../domain/order-schema.ts';
import { lineTier, orderTier } from '../domain/pricing.ts';
import type { StaffRole } from '../domain/roles.ts';
import { assertTransition } from '../domain/status.ts';
import { uploadProblem } from '../domain/upload-file.ts';
import { toFieldIssues } from '../domain/validate.ts';
import { onWorkflowClock } from '../domain/workflow-time.ts';
import { addWorkingHours, type WorkingCalendar } from '../domain/working-calendar.ts';
import type { ApprovalDecision } from '../entities/approval-entity.ts';
import type { Order } from '../entities/order-entity.ts';
import { bilingualEmail, yuan } from '../notifications/bilingual-email.ts';
import { log } from '../observability/logger.ts';
import type {
  ApprovalStore,
  CatalogueStore,
  ChangeStore,
  Clock,
  InboundStore,
  InventoryStore,
  Mailer,
  OrderStore,
  StaffDirectory,
  UploadStore,
  WorkflowEngine,
} from '../ports.ts';
import { decideApproval } from './decide-approval.ts';

export interface ChangeDeps {
  orders: OrderStore;
  changes: ChangeStore;
  approvals: ApprovalStore;
  inventory: InventoryStore;
  catalogue: CatalogueStore;
  mailer: Mailer;
  staff: StaffDirectory;
  workflows: WorkflowEngine;
  clock: Clock;
  linkSecret: string;
  publicBaseUrl: string;
  uploads?: UploadStore;
  inbound?: InboundStore;
}

export interface ChangeWorkflowDeps extends ChangeDeps {
  calendar: WorkingCalendar;
  deadlineHours: Record<ApprovalRole, number>;
  timeScale?: number;
}

/** The state the order-change workflow passes from task to task. */
export interface ChangeState {
  orderId: string;
  changeId: string;
  next?: 'request' | 'consent' | 'apply' | 'finish' | 'prepare';
  step?: ChangeStep | null;
  decision?: ApprovalDecision | null;
  consentTimeoutSeconds?: number;
  timeout?: unknown;
  error?: unknown;
}

export interface ChangeStep {
  /** Who is asked. */
  role: string;
  /** The chain role the step stands for (an escalated approver decides a lower step). */
  for: string;
  deadline: string;
  timeoutSeconds: number;
  escalatedFrom?: string;
}

/** R-PROC-6: how long the customer has to answer the consent link (business seconds). */
export const CONSENT_SECONDS = 7 * 24 * 3600;

const OPEN_CHANGE: readonly ChangeStatus[] = ['pending', 'awaiting-consent'];

/** 409 with the order's status and current version (the caller reloads and decides again). */
export class ChangeConflictError extends StatusConflictError {
  constructor(
    message: string,
    status: string,
    readonly version: number,
  ) {
    super(message, status);
  }
}

async function loadOrder(deps: Pick<ChangeDeps, 'orders'>, orderId: string): Promise<Order> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new NotFoundError(`Order ${orderId} not found`);
  return order;
}

async function loadChange(deps: Pick<ChangeDeps, 'changes'>, orderId: string, changeId: string) {
  const change = await deps.changes.get(orderId, changeId);
  if (!change) throw new NotFoundError(`Change ${changeId} not found`);
  return change;
}

/** New lines priced like intake does (R-MASTER-1, R-PRICE-1..4). */
async function priceLines(
  deps: Pick<ChangeDeps, 'catalogue' | 'clock'>,
  order: Order,
  lines: Extract<ChangeBody, { kind: 'items' }>['items'],
): Promise<OrderLine[]> {
  const day = deps.clock.now().toISOString().slice(0, 10);
  const { products, customer } = await deps.catalogue.pricingContext(
    lines.map((l) => l.sku),
    order.customerKey,
    day,
  );
  const unknown = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => !products.has(line.sku) || products.get(line.sku)?.active === false)
    .map(({ line, index }) => ({ path: `items.${index}.sku`, message: `Unknown SKU ${line.sku}` }));
  if (unknown.length > 0) throw new ValidationError('The change names unknown products', unknown);
  return lines.map((line) => {
    const product = products.get(line.sku)!;
    const lastPrice = customer?.lastPrices[line.sku] ?? null;
    const { tier, reason } = lineTier({ unitPrice: line.unitPrice, listPrice: product.listPrice, lastPrice });
    return {
      sku: line.sku,
      name: product.name,
      spec: line.spec ?? product.spec,
      unit: product.unit,
      ...(line.packaging ? { packaging: line.packaging } : {}),
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      listPrice: product.listPrice,
      lastPrice,
      lineAmount: line.unitPrice * line.quantity,
      tier,
      tierReason: reason,
    };
  });
}

/** R-CHG-1: the customer's written request must exist. */
async function checkEvidence(deps: ChangeDeps, order: Order, evidence: ChangeEvidence): Promise<void> {
  const missing = (path: string, message: string) =>
    new ValidationError('Evidence not found', [{ path, message }]);
  if ('uploadId' in evidence) {
    // A presigned PUT (POST /api/uploads/url) was never seen by a function: the stored object's
    // type, size and first bytes are checked here, for every upload alike (R-CHG-1).
    const file = await deps.uploads?.inspect(evidence.uploadId);
    if (!file) throw missing('evidence.uploadId', 'No such upload');
    const problem = uploadProblem(file);
    if (problem) throw missing('evidence.uploadId', problem);
  } else if ('inboundId' in evidence) {
    if (!(await deps.inbound?.get(evidence.inboundId)))
      throw missing('evidence.inboundId', 'No such inbound email');
  } else {
    const request = await deps.changes.get(order.orderId, evidence.changeId);
    if (request?.requestedBy.kind !== 'customer')
      throw missing('evidence.changeId', 'No such request by the customer on this order');
  }
}

/**
 * Staff file a change (POST /api/orders/{id}/changes). Answers the change id and its status:
 * `applied` (a delivery date, R-CHG-1) or `pending` (in approval, R-CHG-2/3).
 */
export async function requestChange(
  deps: ChangeDeps,
  input: { orderId: string; staff: { email: string }; body: ChangeBody },
): Promise<{ changeId: string; status: ChangeStatus }> {
  const order = await loadOrder(deps, input.orderId);
  const { body } = input;
  // R-CHG-2, R-CHG-3: refused once the order is in production or later.
  if (body.kind !== 'delivery-date' && LOCKED_STATUSES.includes(order.status)) {
    throw new ChangeConflictError(
      `The order is ${order.status}: its items can no longer change and it can no longer be cancelled (R-CHG-2, R-CHG-3)`,
      order.status,
      order.version,
    );
  }
  if (
    body.kind === 'delivery-date' &&
    ['delivered', 'completed', 'archived', 'cancelled', 'rejected'].includes(order.status)
  ) {
    throw new ChangeConflictError(
      `The order is ${order.status}: its date can no longer change`,
      order.status,
      order.version,
    );
  }
  if (order.pendingChange && OPEN_CHANGE.includes(order.pendingChange.status)) {
    throw new ChangeConflictError(
      `Change ${order.pendingChange.changeId} of this order is still ${order.pendingChange.status}`,
      order.status,
      order.version,
    );
  }
  if (body.evidence) await checkEvidence(deps, order, body.evidence);
  const now = deps.clock.now().toISOString();
  const changeId = ulid();
  const before = versionsOf(order).at(-1)!;
  let items: OrderLine[] | undefined;
  let priceTier: string | undefined;
  if (body.kind === 'items') {
    items = await priceLines(deps, order, body.items);
    priceTier = orderTier(items.map((i) => i.tier));
  }
  const requestedDate = body.kind === 'delivery-date' ? body.requestedDate : order.delivery.requestedDate;
  const after = items ?? order.items;
  const written = Boolean(body.evidence);
  const change: ChangeRequest = {
    orderId: order.orderId,
    changeId,
    orderNumber: order.orderNumber,
    kind: body.kind,
    status: body.kind === 'delivery-date' ? 'applied' : 'pending',
    requestedBy: { kind: 'staff', email: input.staff.email, channel: 'console' },
    createdAt: now,
    updatedAt: now,
    ...(body.kind === 'delivery-date' ? { requestedDate: body.requestedDate } : {}),
    ...(items ? { items } : {}),
    ...(body.kind === 'items' || body.kind === 'cancel' ? { reason: body.reason } : {}),
    ...('note' in body && body.note ? { note: body.note } : {}),
    ...(body.evidence ? { evidence: body.evidence } : {}),
    diff: {
      lines: body.kind === 'cancel' ? lineDiff(before.items, []) : lineDiff(before.items, after),
      totalBefore: before.totalAmount,
      totalAfter: body.kind === 'cancel' ? 0 : after.reduce((s, l) => s + l.lineAmount, 0),
      requestedDateBefore: before.requestedDate,
      requestedDateAfter: requestedDate,
      ...(body.kind === 'cancel' ? { statusAfter: 'cancelled' as const } : {}),
    },
    chain: changeChain(body.kind, priceTier),
    approvals: [],
    // R-PROC-6: a change staff asked for needs the customer's consent; a written request is it.
    consent:
      body.kind === 'delivery-date' || written
        ? { status: 'not-needed', channel: 'written-request' }
        : { status: 'pending' },
  };

  if (body.kind === 'delivery-date') {
    // R-CHG-1: recorded and applied at once; production and logistics are told.
    await deps.changes.create({ ...change, status: 'pending' });
    await applyChange(deps, order, { ...change, status: 'pending' }, input.staff.email);
    await closeCustomerRequest(deps, order.orderId, body.evidence, changeId);
    return { changeId, status: 'applied' };
  }
  // The versioned write is the race guard: of two requests at once, one wins (R-PROC-6).
  try {
    await deps.orders.update(order, {
      updatedAt: now,
      set: { pendingChange: { changeId, kind: body.kind, status: 'pending' } },
      history: {
        at: now,
        actor: input.staff.email,
        action: 'change-requested',
        ...historyNote('change.requested', {
          kind: body.kind,
          changeId,
          ...(body.kind === 'cancel' ? { reason: body.reason, note: body.note } : { note: change.reason }),
        }),
      },
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const current = await loadOrder(deps, order.orderId);
    throw new ChangeConflictError(
      'Someone changed this order at the same moment; reload it and try again',
      current.status,
      current.version,
    );
  }
  await deps.changes.create(change);
  await closeCustomerRequest(deps, order.orderId, body.evidence, changeId);
  await deps.workflows.start('order-change', changeId, { orderId: order.orderId, changeId });
  return { changeId, status: 'pending' };
}

/** A customer's own request taken up by staff: it is closed, pointing at the staff change. */
async function closeCustomerRequest(
  deps: ChangeDeps,
  orderId: string,
  evidence: ChangeEvidence | undefined,
  changeId: string,
): Promise<void> {
  if (!evidence || !('changeId' in evidence)) return;
  const request = await deps.changes.get(orderId, evidence.changeId);
  if (request?.status !== 'requested') return;
  await deps.changes
    .save(
      {
        ...request,
        status: 'closed',
        outcome: `taken up as change ${changeId}`,
        updatedAt: deps.clock.now().toISOString(),
      },
      'requested',
    )
    .catch((error) => {
      if (!(error instanceof ConflictError)) throw error;
    });
  const order = await loadOrder(deps, orderId);
  if (order.pendingChange?.changeId === evidence.changeId) {
    await deps.orders
      .update(order, {
        updatedAt: deps.clock.now().toISOString(),
        set: { pendingChange: null },
        history: {
          at: deps.clock.now().toISOString(),
          actor: 'workflow',
          action: 'change-taken-up',
          ...historyNote('change.rejected', {
            changeId: evidence.changeId,
            note: `taken up as change ${changeId}`,
          }),
        },
      })
      .catch((error) => {
        if (!(error instanceof ConflictError)) throw error;
      });
  }
}

/**
 * The customer asks from the tracking page (POST /api/track/{token}/changes): a date change or a
 * cancellation becomes a `requested` change in ops' hands — never an applied change.
 */
export async function customerRequestChange(
  deps: Pick<ChangeDeps, 'orders' | 'changes' | 'clock' | 'staff' | 'mailer' | 'publicBaseUrl'>,
  input: {
    orderId: string;
    body: unknown;
    /** Where the customer asked: the tracking page, or a reply to their confirmation email. */
    channel?: 'tracking-link' | 'email';
    /** R-CHG-1: the written request itself (the inbound email of a reply). */
    evidence?: ChangeEvidence;
  },
): Promise<{ changeId: string; status: ChangeStatus }> {
  const parsed = customerChangeSchema.safeParse(input.body);
  if (!parsed.success) throw new ValidationError('Invalid request', toFieldIssues(parsed.error));
  const body = parsed.data;
  const order = await loadOrder(deps, input.orderId);
  if (LOCKED_STATUSES.includes(order.status) && body.kind === 'cancel') {
    throw new ChangeConflictError(
      `The order is ${order.status}: it can no longer be cancelled`,
      order.status,
      order.version,
    );
  }
  if (['delivered', 'completed', 'archived', 'cancelled', 'rejected'].includes(order.status)) {
    throw new ChangeConflictError(`The order is ${order.status}`, order.status, order.version);
  }
  const now = deps.clock.now().toISOString();
  const changeId = ulid();
  const before = versionsOf(order).at(-1)!;
  const change: ChangeRequest = {
    orderId: order.orderId,
    changeId,
    orderNumber: order.orderNumber,
    kind: body.kind,
    status: 'requested',
    requestedBy: { kind: 'customer', channel: input.channel ?? 'tracking-link' },
    ...(input.evidence ? { evidence: input.evidence } : {}),
    createdAt: now,
    updatedAt: now,
    ...(body.kind === 'delivery-date' ? { requestedDate: body.requestedDate } : { reason: body.reason }),
    ...(body.note ? { note: body.note } : {}),
    diff: {
      lines: [],
      totalBefore: before.totalAmount,
      totalAfter: body.kind === 'cancel' ? 0 : before.totalAmount,
      requestedDateBefore: before.requestedDate,
      requestedDateAfter: body.kind === 'delivery-date' ? body.requestedDate : before.requestedDate,
      ...(body.kind === 'cancel' ? { statusAfter: 'cancelled' as const } : {}),
    },
    chain: [],
    approvals: [],
  };
  await deps.changes.create(change);
  const current = await loadOrder(deps, order.orderId);
  await deps.orders.update(current, {
    updatedAt: now,
    ...(current.pendingChange && OPEN_CHANGE.includes(current.pendingChange.status)
      ? {}
      : { set: { pendingChange: { changeId, kind: body.kind, status: 'requested' } } }),
    history: {
      at: now,
      actor: 'customer',
      action: 'change-requested',
      ...historyNote('change.customerRequest', {
        kind: body.kind,
        ...(body.kind === 'cancel' ? { reason: body.reason } : {}),
        note: body.note,
      }),
    },
  });
  const what =
    body.kind === 'cancel'
      ? ['取消订单', 'cancel the order']
      : [`交货日期改为 ${body.requestedDate}`, `move the delivery date to ${body.requestedDate}`];
  await emailRoles(deps, ['ops'], (to) =>
    bilingualEmail({
      to,
      subject: [
        `客户申请变更：订单 ${order.orderNumber}`,
        `Customer asks for a change: order ${order.orderNumber}`,
      ],
      zh: [
        `客户申请${what[0]}。`,
        ...(body.note ? [`客户说明：${body.note}`] : []),
        '请在订单页处理（变更申请）。',
      ],
      en: [
        `The customer asks to ${what[1]}.`,
        ...(body.note ? [`Their note: ${body.note}`] : []),
        'Handle it on the order page (change requests).',
      ],
      link: {
        url: `${deps.publicBaseUrl}/staff/order.html?id=${order.orderId}`,
        zh: '打开订单',
        en: 'Open the order',
      },
    }),
  );
  return { changeId, status: 'requested' };
}

/** What GET /api/orders/{id}/changes answers per change (never the task token). */
export function changeView(c: ChangeRequest) {
  const { taskToken: _t, ...consent } = c.consent ?? { status: 'not-needed' as const };
  return {
    changeId: c.changeId,
    kind: c.kind,
    status: c.status,
    requestedBy: c.requestedBy,
    createdAt: c.createdAt,
    approvals: c.approvals,
    diff: c.diff,
    chain: c.chain,
    ...(c.pendingStep ? { pendingStep: c.pendingStep } : {}),
    ...(c.consent ? { consent } : {}),
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.note ? { note: c.note } : {}),
    ...(c.requestedDate ? { requestedDate: c.requestedDate } : {}),
    ...(c.evidence ? { evidence: c.evidence } : {}),
    ...(c.appliedVersion ? { appliedVersion: c.appliedVersion } : {}),
    ...(c.outcome ? { outcome: c.outcome } : {}),
  };
}

export { versionsOf };

export async function listChanges(deps: Pick<ChangeDeps, 'changes' | 'orders'>, orderId: string) {
  await loadOrder(deps, orderId);
  const changes = await deps.changes.list(orderId);
  return { changes: changes.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(changeView) };
}

/** A change approver decides in the console (POST …/changes/{changeId}/decision). */
export async function decideChange(
  deps: ChangeDeps,
  input: {
    orderId: string;
    changeId: string;
    staff: { email: string; roles: string[] };
    decision: 'approve' | 'reject';
    reason?: string;
  },
) {
  const change = await loadChange(deps, input.orderId, input.changeId);
  if (!change.pendingStep) return { outcome: 'nothing-pending' as const };
  return decideApproval(deps, {
    requestId: change.pendingStep.requestId,
    decision: input.decision,
    ...(input.reason ? { reason: input.reason } : {}),
    by: { kind: 'console', email: input.staff.email, roles: input.staff.roles },
  });
}

// ——— the order-change workflow (statemachines/order-change.asl.json) ———

function stepFor(
  deps: ChangeWorkflowDeps,
  role: string,
  forRole: string,
  escalatedFrom?: string,
): ChangeStep {
  const now = deps.clock.now();
  const hours = role === 'dept_manager' ? deps.deadlineHours.ops : deps.deadlineHours[role as ApprovalRole];
  const deadline = addWorkingHours(deps.calendar, now, hours ?? 8);
  return {
    role,
    for: forRole,
    deadline: onWorkflowClock(now, deadline, deps.timeScale ?? 1).toISOString(),
    timeoutSeconds: Math.max(1, Math.ceil((deadline.getTime() - now.getTime()) / 1000)),
    ...(escalatedFrom ? { escalatedFrom } : {}),
  };
}

/**
 * Prepare: record the decision just made, then pick what comes next — the next approver of the
 * chain (R-CHG-2), the customer's consent (R-PROC-6), applying, or finishing a refused change.
 */
export async function prepareChange(deps: ChangeWorkflowDeps, state: ChangeState): Promise<ChangeState> {
  let change = await loadChange(deps, state.orderId, state.changeId);
  const base = { orderId: state.orderId, changeId: state.changeId };
  const decision = state.decision;
  if (decision && !change.approvals.some((a) => a.at === decision.at && a.by === decision.actor)) {
    const step = state.step;
    const approval = {
      role: step?.for ?? decision.role,
      decision: decision.decision,
      by: decision.actor,
      at: decision.at,
      ...(decision.reason ? { reason: decision.reason } : {}),
    };
    const refused = decision.decision === 'reject';
    change = await deps.changes.save(
      {
        ...change,
        approvals: [...change.approvals, approval],
        pendingStep: null,
        ...(refused
          ? { status: 'rejected' as const, outcome: `rejected by ${decision.role}: ${decision.reason ?? ''}` }
          : {}),
        updatedAt: decision.at,
      },
      OPEN_CHANGE,
    );
    await deps.orders.appendHistory(state.orderId, {
      at: decision.at,
      actor: decision.actor,
      action: refused ? 'change-rejected' : 'change-approved',
      ...(refused
        ? historyNote('change.rejected', { changeId: change.changeId, note: decision.reason })
        : historyNote('change.approved', {
            role: approval.role,
            changeId: change.changeId,
            note: decision.reason,
          })),
    });
  }
  if (!OPEN_CHANGE.includes(change.status)) return { ...base, next: 'finish' };
  const role = change.chain.find(
    (r) => !change.approvals.some((a) => a.role === r && a.decision === 'approve'),
  );
  if (role) return { ...base, next: 'request', step: stepFor(deps, role, role), decision: null };
  const consent = change.consent?.status ?? 'not-needed';
  if (consent === 'accepted' || consent === 'not-needed') return { ...base, next: 'apply', decision: null };
  if (consent === 'declined' || consent === 'expired') {
    await deps.changes.save(
      { ...change, status: 'declined', updatedAt: deps.clock.now().toISOString() },
      OPEN_CHANGE,
    );
    return { ...base, next: 'finish' };
  }
  return { ...base, next: 'consent', consentTimeoutSeconds: CONSENT_SECONDS, decision: null };
}

/** RequestApproval (waitForTaskToken): the approval request and each approver's signed link. */
export async function requestChangeApproval(
  deps: ChangeWorkflowDeps,
  input: { token: string; orderId: string; changeId: string; step: ChangeStep },
): Promise<{ requestId: string }> {
  const change = await loadChange(deps, input.orderId, input.changeId);
  const order = await loadOrder(deps, input.orderId);
  const { step } = input;
  const requestId = derivedId('change-approval', input.token);
  const members = await deps.staff.members(step.role as StaffRole);
  const at = deps.clock.now().toISOString();
  const allowed = [...new Set([step.role, ...(step.escalatedFrom ? [step.escalatedFrom] : [])])];
  const created = await deps.approvals.create({
    requestId,
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    // The approval request is shared with the order's approvals; a change's roles are wider.
    role: step.role as ApprovalRole,
    allowedRoles: allowed,
    taskToken: input.token,
    recipients: members.map((m) => m.email),
    status: 'pending',
    deadline: step.deadline,
    createdAt: at,
  });
  if (created === 'created' || change.pendingStep?.requestId !== requestId) {
    await deps.changes.save(
      { ...change, pendingStep: { requestId, role: step.role, deadline: step.deadline }, updatedAt: at },
      OPEN_CHANGE,
    );
  }
  for (const [index, member] of members.entries()) {
    const link = changeApprovalPath(approvalLink(deps.publicBaseUrl, deps.linkSecret, requestId, index));
    await deps.mailer.send(changeApprovalEmail(order, change, [member.email], link));
  }
  return { requestId };
}

/** Escalate: the step's deadline passed — a decision that did not arrive goes on; else remind and escalate. */
export async function escalateChange(deps: ChangeWorkflowDeps, state: ChangeState): Promise<ChangeState> {
  const change = await loadChange(deps, state.orderId, state.changeId);
  const base = { orderId: state.orderId, changeId: state.changeId };
  const step = state.step;
  if (change.pendingStep) {
    const request = await deps.approvals.supersede(change.pendingStep.requestId);
    if (request?.status === 'decided' && request.decision) {
      return { ...base, next: 'prepare', step: step ?? null, decision: request.decision };
    }
  }
  const role = step?.role ?? 'dept_manager';
  const order = await loadOrder(deps, state.orderId);
  await emailRoles(deps, [role as StaffRole], (to) =>
    bilingualEmail({
      to,
      subject: [
        `变更审批超时：订单 ${order.orderNumber}`,
        `Change approval overdue: order ${order.orderNumber}`,
      ],
      zh: [`订单 ${order.orderNumber} 的变更申请未在时限内审批，已升级。`],
      en: [`The change request of order ${order.orderNumber} was not decided in time; it was escalated.`],
    }),
  );
  const up = CHANGE_LADDER[CHANGE_LADDER.indexOf(role) + 1];
  if (up)
    return { ...base, next: 'request', step: stepFor(deps, up, step?.for ?? role, role), decision: null };
  await deps.changes.save(
    {
      ...change,
      status: 'rejected',
      pendingStep: null,
      outcome: 'no decision in time',
      updatedAt: deps.clock.now().toISOString(),
    },
    OPEN_CHANGE,
  );
  return { ...base, next: 'finish' };
}

/** RequestConsent (waitForTaskToken): the customer gets the before/after and a signed link (R-PROC-6). */
export async function requestConsent(
  deps: ChangeWorkflowDeps,
  input: { token: string; orderId: string; changeId: string },
): Promise<{ sent: boolean }> {
  const change = await loadChange(deps, input.orderId, input.changeId);
  const order = await loadOrder(deps, input.orderId);
  const at = deps.clock.now().toISOString();
  await deps.changes.save(
    {
      ...change,
      status: 'awaiting-consent',
      consent: { status: 'pending', taskToken: input.token },
      updatedAt: at,
    },
    OPEN_CHANGE,
  );
  await deps.orders.update(order, {
    updatedAt: at,
    set: { pendingChange: { changeId: change.changeId, kind: change.kind, status: 'awaiting-consent' } },
    history: {
      at,
      actor: 'workflow',
      action: 'change-consent-requested',
      ...historyNote('change.approved', {
        role: change.chain.join(' → '),
        changeId: change.changeId,
        note: 'customer asked to consent',
      }),
    },
  });
  if (!order.customer.email) {
    log().warn('change consent: the customer has no email', { orderId: order.orderId });
    return { sent: false };
  }
  const link = consentLink(deps.publicBaseUrl, deps.linkSecret, order.orderId, change.changeId);
  await deps.mailer.send(
    bilingualEmail({
      to: [order.customer.email],
      subject: [
        `请确认订单变更：${order.orderNumber}`,
        `Please confirm the change to order ${order.orderNumber}`,
      ],
      zh: [
        `您好，订单 ${order.orderNumber} 拟作如下变更：`,
        ...diffLines(change, 'zh'),
        '请点击链接查看并选择“同意变更”或“不同意”。',
      ],
      en: [
        `Order ${order.orderNumber} is to change as follows:`,
        ...diffLines(change, 'en'),
        'Open the link to accept or decline.',
      ],
      link: { url: link, zh: '查看并确认变更', en: 'Review the change' },
    }),
  );
  return { sent: true };
}

/** The customer did not answer in time: the change is not applied. */
export async function expireConsent(deps: ChangeWorkflowDeps, state: ChangeState): Promise<ChangeState> {
  const change = await loadChange(deps, state.orderId, state.changeId);
  if (change.status === 'awaiting-consent') {
    await deps.changes.save(
      {
        ...change,
        status: 'declined',
        consent: { status: 'expired' },
        outcome: 'the customer did not answer in time',
        updatedAt: deps.clock.now().toISOString(),
      },
      'awaiting-consent',
    );
  }
  return { orderId: state.orderId, changeId: state.changeId, next: 'finish' };
}

/** The customer's answer from the consent link (R-PROC-6): recorded with time and channel, once. */
export async function answerConsent(
  deps: ChangeDeps,
  input: { orderId: string; changeId: string; decision: 'accept' | 'decline'; comment?: string },
): Promise<{ outcome: 'accepted' | 'declined' | 'already-answered' | 'invalid'; change?: ChangeRequest }> {
  const change = await deps.changes.get(input.orderId, input.changeId);
  if (!change) return { outcome: 'invalid' };
  if (change.status !== 'awaiting-consent' || change.consent?.status !== 'pending') {
    return { outcome: 'already-answered', change };
  }
  const at = deps.clock.now().toISOString();
  const status = input.decision === 'accept' ? 'accepted' : 'declined';
  const comment = input.comment?.trim().slice(0, 1000);
  const token = change.consent.taskToken;
  let saved: ChangeRequest;
  try {
    saved = await deps.changes.save(
      { ...change, consent: { status, at, channel: 'link', ...(comment ? { comment } : {}) }, updatedAt: at },
      'awaiting-consent',
    );
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return { outcome: 'already-answered', change };
  }
  await deps.orders.appendHistory(input.orderId, {
    at,
    actor: 'customer',
    action: 'change-consent',
    ...historyNote('change.consent', { answer: status, changeId: change.changeId, note: comment }),
  });
  if (token) await deps.workflows.sendSuccess(token, { answer: status, at });
  return { outcome: status, change: saved };
}

/** Apply (the last task of an approved change, or a delivery date at once): the order's new version. */
export async function applyChangeTask(deps: ChangeWorkflowDeps, state: ChangeState): Promise<ChangeState> {
  const change = await loadChange(deps, state.orderId, state.changeId);
  const base = { orderId: state.orderId, changeId: state.changeId };
  if (change.status === 'applied') {
    // A retried Apply: the stop is idempotent and must have happened (R-CHG-3).
    if (change.kind === 'cancel') await stopOrderWorkflows(deps, state.orderId);
    return { ...base, next: 'finish' };
  }
  const order = await loadOrder(deps, state.orderId);
  if (change.kind !== 'delivery-date' && LOCKED_STATUSES.includes(order.status)) {
    await deps.changes.save(
      {
        ...change,
        status: 'rejected',
        outcome: `the order went ${order.status} before the change applied`,
        updatedAt: deps.clock.now().toISOString(),
      },
      OPEN_CHANGE,
    );
    return { ...base, next: 'finish' };
  }
  await applyChange(deps, order, change, 'workflow');
  return { ...base, next: 'finish' };
}

/** Finish: a change that was not applied — the order is free for the next one, the requester told. */
export async function finishChange(deps: ChangeWorkflowDeps, state: ChangeState): Promise<ChangeState> {
  const change = await loadChange(deps, state.orderId, state.changeId);
  const order = await loadOrder(deps, state.orderId);
  const at = deps.clock.now().toISOString();
  if (change.status !== 'applied' && order.pendingChange?.changeId === change.changeId) {
    await deps.orders.update(order, {
      updatedAt: at,
      set: { pendingChange: null },
      history: {
        at,
        actor: 'workflow',
        action: 'change-closed',
        ...historyNote('change.rejected', {
          changeId: change.changeId,
          note: change.outcome ?? change.status,
        }),
      },
    });
    if (change.requestedBy.email) {
      await deps.mailer.send(
        bilingualEmail({
          to: [change.requestedBy.email],
          subject: [
            `变更未执行：订单 ${order.orderNumber}`,
            `Change not applied: order ${order.orderNumber}`,
          ],
          zh: [`订单 ${order.orderNumber} 的变更未执行（${change.status}）。${change.outcome ?? ''}`],
          en: [
            `The change of order ${order.orderNumber} was not applied (${change.status}). ${change.outcome ?? ''}`,
          ],
        }),
      );
    }
  }
  return { orderId: state.orderId, changeId: state.changeId };
}

/** R-CHG-3: the order's other workflows end cleanly — no reminder or escalation after a cancellation. */
async function stopOrderWorkflows(deps: Pick<ChangeDeps, 'workflows'>, orderId: string): Promise<void> {
  if (!deps.workflows.stop) return;
  for (const workflow of ['order-approval', 'order-sla', 'rush-order'] as const) {
    try {
      await deps.workflows.stop(workflow, orderId, 'The order was cancelled (R-CHG-3)');
    } catch (error) {
      // Retried by the task: a stop that failed must not leave a reminder running.
      log().error('stopping a workflow of a cancelled order failed', {
        orderId,
        workflow,
        error: String(error),
      });
      throw error;
    }
  }
}

/**
 * Applies a change as the order's next version (R-PROC-6): items with their reservations
 * (R-CHG-2), a cancellation releasing stock and stopping the order's workflows (R-CHG-3), or a
 * delivery date (R-CHG-1); the history keeps the diff; customer, production and logistics told.
 */
export async function applyChange(
  deps: ChangeDeps,
  order: Order,
  change: ChangeRequest,
  actor: string,
): Promise<Order> {
  const now = deps.clock.now().toISOString();
  const versions = versionsOf(order);
  const version = versions.at(-1)!.version + 1;
  const items = change.kind === 'items' && change.items ? change.items : order.items;
  const totalAmount =
    change.kind === 'items' ? items.reduce((s, l) => s + l.lineAmount, 0) : order.totalAmount;
  const requestedDate =
    change.kind === 'delivery-date' && change.requestedDate
      ? change.requestedDate
      : order.delivery.requestedDate;
  let reservations = order.reservations;
  const held = Object.keys(order.reservations ?? {}).length > 0;
  if (change.kind === 'items' && held) {
    // R-CHG-2: the reservations follow the new quantities (all or none).
    await deps.inventory.release(order.orderId, order.reservations!);
    const wanted: Record<string, number> = {};
    for (const line of items) wanted[line.sku] = (wanted[line.sku] ?? 0) + line.quantity;
    const result = await deps.inventory.reserve(order.orderId, wanted);
    if (!result.reserved) {
      await deps.inventory.reserve(order.orderId, order.reservations!);
      const short = result.shortfall.map((s) => `${s.sku} short ${s.short}`).join(', ');
      await deps.changes.save(
        { ...change, status: 'rejected', outcome: `stock: ${short}`, updatedAt: now },
        OPEN_CHANGE,
      );
      return order;
    }
    reservations = wanted;
  }
  if (change.kind === 'cancel') {
    assertTransition(order.status, 'cancelled');
    if (held) await deps.inventory.release(order.orderId, order.reservations!);
    reservations = {};
  }
  const next: OrderVersion = {
    version,
    at: now,
    changeId: change.changeId,
    items,
    totalAmount,
    requestedDate,
  };
  const updated = await deps.orders.update(order, {
    updatedAt: now,
    ...(change.kind === 'cancel' ? { status: 'cancelled' as const } : {}),
    set: {
      versions: [...versions, next],
      pendingChange: null,
      ...(change.kind === 'items' ? { items, totalAmount } : {}),
      ...(change.kind === 'delivery-date' ? { delivery: { ...order.delivery, requestedDate } } : {}),
      ...(reservations !== order.reservations ? { reservations: reservations ?? {} } : {}),
      ...(change.kind === 'cancel' ? { pendingApproval: null } : {}),
    },
    history: {
      at: now,
      actor,
      action: 'change-applied',
      ...(change.kind === 'cancel' ? { from: order.status, to: 'cancelled' as const } : {}),
      ...historyNote('change.applied', { kind: change.kind, changeId: change.changeId, version }),
    },
  });
  await deps.changes.save({ ...change, status: 'applied', appliedVersion: version, updatedAt: now }, [
    ...OPEN_CHANGE,
  ]);
  if (change.kind === 'cancel') {
    // Links of a pending approval stop working, then the workflows stop (R-CHG-3).
    if (order.pendingApproval) await deps.approvals.supersede(order.pendingApproval.requestId);
    await stopOrderWorkflows(deps, order.orderId);
  }
  await tellEveryone(deps, updated, change, version);
  return updated;
}

async function tellEveryone(deps: ChangeDeps, order: Order, change: ChangeRequest, version: number) {
  const lines = { zh: diffLines(change, 'zh'), en: diffLines(change, 'en') };
  const staffRoles: StaffRole[] = change.kind === 'items' ? ['production'] : ['production', 'logistics'];
  const subject: [string, string] =
    change.kind === 'cancel'
      ? [`订单已取消：${order.orderNumber}`, `Order cancelled: ${order.orderNumber}`]
      : [
          `订单变更确认（第 ${version} 版）：${order.orderNumber}`,
          `Order change confirmed (version ${version}): ${order.orderNumber}`,
        ];
  if (order.customer.email) {
    await deps.mailer.send(
      bilingualEmail({
        to: [order.customer.email],
        subject,
        zh: [
          change.kind === 'cancel'
            ? `您的订单 ${order.orderNumber} 已取消。`
            : `您的订单 ${order.orderNumber} 已更新为第 ${version} 版：`,
          ...lines.zh,
          `合计 ${yuan(order.totalAmount)}，交货日期 ${order.delivery.requestedDate}。`,
        ],
        en: [
          change.kind === 'cancel'
            ? `Your order ${order.orderNumber} is cancelled.`
            : `Your order ${order.orderNumber} is now version ${version}:`,
          ...lines.en,
          `Total ${yuan(order.totalAmount)}, delivery date ${order.delivery.requestedDate}.`,
        ],
      }),
    );
  }
  await emailRoles(deps, staffRoles, (to) =>
    bilingualEmail({
      to,
      subject,
      zh: [`订单 ${order.orderNumber}：`, ...lines.zh],
      en: [`Order ${order.orderNumber}:`, ...lines.en],
    }),
  );
}

/** The before/after of a change as lines of an email or page. */
export function diffLines(change: ChangeRequest, lang: 'zh' | 'en'): string[] {
  const d = change.diff;
  const out: string[] = [];
  for (const l of d.lines) {
    const b = l.before
      ? `${l.before.quantity} × ${yuan(l.before.unitPrice)}`
      : lang === 'zh'
        ? '（无）'
        : '(none)';
    const a = l.after
      ? `${l.after.quantity} × ${yuan(l.after.unitPrice)}`
      : lang === 'zh'
        ? '（删除）'
        : '(removed)';
    out.push(`${l.sku} ${l.name}: ${b} → ${a}`);
  }
  if (d.totalBefore !== d.totalAfter)
    out.push(`${lang === 'zh' ? '合计' : 'Total'}: ${yuan(d.totalBefore)} → ${yuan(d.totalAfter)}`);
  if (d.requestedDateBefore !== d.requestedDateAfter)
    out.push(
      `${lang === 'zh' ? '交货日期' : 'Delivery date'}: ${d.requestedDateBefore} → ${d.requestedDateAfter}`,
    );
  if (d.statusAfter === 'cancelled') out.push(lang === 'zh' ? '订单取消' : 'The order is cancelled');
  if (change.reason)
    out.push(
      `${lang === 'zh' ? '原因' : 'Reason'}: ${change.reason}${change.note ? ` — ${change.note}` : ''}`,
    );
  return out;
}

function changeApprovalEmail(order: Order, change: ChangeRequest, to: string[], link: string) {
  const kind = {
    items: ['品项变更', 'items change'],
    cancel: ['取消订单', 'cancellation'],
    'delivery-date': ['交货日期变更', 'delivery date change'],
  }[change.kind];
  return bilingualEmail({
    to,
    subject: [
      `待审批：订单 ${order.orderNumber} ${kind[0]}`,
      `Change approval needed: order ${order.orderNumber} (${kind[1]})`,
    ],
    zh: [`订单 ${order.orderNumber} 申请${kind[0]}：`, ...diffLines(change, 'zh')],
    en: [`Order ${order.orderNumber}: ${kind[1]} requested:`, ...diffLines(change, 'en')],
    link: { url: link, zh: '查看并审批', en: 'Review and decide' },
  });
}

async function emailRoles(
  deps: Pick<ChangeDeps, 'staff' | 'mailer'>,
  roles: StaffRole[],
  build: (to: string[]) => ReturnType<typeof bilingualEmail>,
): Promise<void> {
  const emails = new Set<string>();
  for (const role of roles) for (const m of await deps.staff.members(role)) emails.add(m.email);
  if (emails.size > 0) await deps.mailer.send(build([...emails]));
}
