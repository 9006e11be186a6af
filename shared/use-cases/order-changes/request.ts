/** Order changes and cancellation, one step (see ../order-changes.ts): Filing a change: staff (POST /api/orders/{id}/changes, R-CHG-1..3) and the customer (tracking page or a reply to the confirmation email). */
import { ulid } from 'ulid';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { historyNote } from '../../domain/history-codes.ts';
import {
  type ChangeBody,
  type ChangeEvidence,
  type ChangeRequest,
  type ChangeStatus,
  changeChain,
  customerChangeSchema,
  LOCKED_STATUSES,
  lineDiff,
  versionsOf,
} from '../../domain/order-change.ts';
import type { OrderLine } from '../../domain/order-schema.ts';
import { lineTier, orderTier } from '../../domain/pricing.ts';
import { uploadProblem } from '../../domain/upload-file.ts';
import { toFieldIssues } from '../../domain/validate.ts';
import type { Order } from '../../entities/order-entity.ts';
import { bilingualEmail } from '../../notifications/bilingual-email.ts';
import { applyChange } from './apply.ts';
import { ChangeConflictError, type ChangeDeps, emailRoles, loadOrder, OPEN_CHANGE } from './common.ts';

/**
 * New lines priced like intake does (R-MASTER-1, R-PRICE-1..4). An order from an accepted
 * quotation too (R-QUOTE-3): its quotation's approvals covered the prices it was accepted at, so
 * changed prices or quantities are priced here again and the change's chain adds gm where they
 * need it (changeChain).
 */
export async function priceLines(
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
export async function checkEvidence(deps: ChangeDeps, order: Order, evidence: ChangeEvidence): Promise<void> {
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
export async function closeCustomerRequest(
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
