/**
 * The closing workflow's task (R-PROC-7, R-ARCH-1, R-AFTER-2), started at an order's last
 * delivery and run after each waiting period.
 * - complete: a delivered order with no after-sales case open (open or in progress) is
 *   completed and the customer gets the satisfaction link; with a case open the workflow waits
 *   another period; an order sales already completed goes on to the archive wait.
 * - archive: a completed order becomes `archived` — read-only from then on; every other status
 *   (cancelled, archived already) ends the workflow without a change.
 * A re-run after the order moved on changes nothing.
 */
import type { CaseStore } from '../entities/case-entity.ts';
import { dossierOf } from '../entities/dossier-entity.ts';
import type { DossierStore } from '../ports.ts';
import { completeOrder } from './complete-order.ts';
import { loadOrder, type WorkflowDeps } from './workflow-deps.ts';

export interface CloseState {
  orderId: string;
  step: 'complete' | 'archive';
  completeAfterSeconds: number;
  archiveAfterSeconds: number;
}

const OPEN_CASE = ['open', 'in_progress'];
const days = (seconds: number) => Math.round((seconds / 86_400) * 100) / 100;

export async function closeOrder(
  deps: WorkflowDeps & { cases: Pick<CaseStore, 'listForOrder'>; dossiers: Pick<DossierStore, 'put'> },
  state: CloseState,
): Promise<Omit<CloseState, 'step'> & { next: 'archive' | 'wait' | 'done' }> {
  const { step, ...rest } = state;
  const order = await loadOrder(deps, state.orderId);
  if (step === 'complete') {
    if (order.status === 'completed') return { ...rest, next: 'archive' };
    if (order.status !== 'delivered') return { ...rest, next: 'done' };
    const cases = await deps.cases.listForOrder(order.orderId);
    if (cases.some((c) => OPEN_CASE.includes(c.caseStatus))) return { ...rest, next: 'wait' };
    await completeOrder(
      { ...deps, trackingSecret: deps.linkSecret },
      {
        orderId: order.orderId,
        actor: 'workflow',
        reason: `no after-sales case open ${days(state.completeAfterSeconds)} days after delivery`,
      },
    );
    return { ...rest, next: 'archive' };
  }
  if (order.status === 'archived') {
    // A re-run after the archive: the dossier is written once (attribute_not_exists).
    await deps.dossiers.put(dossierOf(order, await deps.cases.listForOrder(order.orderId), order.updatedAt));
    return { ...rest, next: 'done' };
  }
  if (order.status !== 'completed') return { ...rest, next: 'done' };
  const at = deps.clock.now().toISOString();
  const archived = await deps.orders.update(order, {
    status: 'archived',
    updatedAt: at,
    history: {
      at,
      actor: 'workflow',
      action: 'status',
      from: 'completed',
      to: 'archived',
      reason: `archived ${days(state.archiveAfterSeconds)} days after completion`,
    },
  });
  // R-ARCH-1: the frozen dossier, with the archive step in its history.
  await deps.dossiers.put(dossierOf(archived, await deps.cases.listForOrder(order.orderId), at));
  return { ...rest, next: 'done' };
}
