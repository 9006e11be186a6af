// @ts-check
/**
 * Which steps after approval the signed-in user may take on the order shown (R-PROC-7), the
 * same rules the server applies (functions/manifest.ts and shared/domain/fulfilment.ts), so
 * each action is offered only to the roles allowed to take it. The server re-checks.
 */
export const SHIPPABLE = ['approved', 'in_production'];
export const EXCEPTION_STATUSES = ['approved', 'in_production', 'shipped', 'delivered'];
export const EXCEPTION_KINDS = ['shortage', 'damage', 'delay', 'quality'];

/** The last move onto hold: where the order was and why. */
export function lastHold(order) {
  for (let i = (order.history ?? []).length - 1; i >= 0; i--) {
    const h = order.history[i];
    if (h.to === 'on_hold' && h.from) return h;
  }
  return null;
}

/** gm, or the role whose step stalled. */
export function resumeRoles(order) {
  const from = lastHold(order)?.from;
  const roles = new Set(['gm']);
  if (from === 'received') {
    roles.add('ops');
    roles.add('sales');
  } else if (from === 'under_review' && order.rush) {
    roles.add('sales_director');
  } else if (from === 'under_review') {
    const decided = new Set((order.approvals ?? []).map((a) => a.step));
    roles.add((order.approvalChain ?? []).find((s) => !decided.has(s)) ?? 'ops');
  } else if (from === 'approved' || from === 'in_production') roles.add('production');
  else if (from === 'shipped') roles.add('logistics');
  return [...roles];
}

/** What is still to ship, per SKU, in line order. */
export function remainingLines(order) {
  const left = new Map();
  for (const line of order.items ?? []) left.set(line.sku, (left.get(line.sku) ?? 0) + line.quantity);
  for (const s of order.shipments ?? [])
    for (const l of s.lines) left.set(l.sku, (left.get(l.sku) ?? 0) - l.quantity);
  return [...left].filter(([, q]) => q > 0).map(([sku, quantity]) => ({ sku, quantity }));
}

/** The actions open to these roles on this order now. */
export function allowedActions(order, roles) {
  const has = (...r) => r.some((x) => roles.includes(x));
  const s = order.status;
  return {
    startProduction: s === 'approved' && has('production'),
    finishProduction: s === 'in_production' && !order.production?.finishedAt && has('production'),
    ship: SHIPPABLE.includes(s) && has('logistics') && remainingLines(order).length > 0,
    deliver: ['in_production', 'shipped'].includes(s) && has('logistics'),
    complete: s === 'delivered' && has('sales', 'ops'),
    resume: s === 'on_hold' && has(...resumeRoles(order)),
    cancel: s === 'on_hold' && has('gm'),
    exception: EXCEPTION_STATUSES.includes(s) && has('ops', 'production', 'logistics'),
    note: s !== 'archived' && roles.length > 0,
  };
}
