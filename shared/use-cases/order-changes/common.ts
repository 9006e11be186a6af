import { NotFoundError, StatusConflictError } from '../../domain/errors.ts';
import type { ChangeRequest, ChangeStatus } from '../../domain/order-change.ts';
import type { ApprovalRole } from '../../domain/order-schema.ts';
import type { WorkingCalendar } from '../../domain/working-calendar.ts';
import type { ApprovalDecision } from '../../entities/approval-entity.ts';
import type { Order } from '../../entities/order-entity.ts';
import { bilingualEmail, yuan } from '../../notifications/bilingual-email.ts';
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
} from '../../ports.ts';

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

export const OPEN_CHANGE: readonly ChangeStatus[] = ['pending', 'awaiting-consent'];

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

export async function loadOrder(deps: Pick<ChangeDeps, 'orders'>, orderId: string): Promise<Order> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new NotFoundError(`Order ${orderId} not found`);
  return order;
}

export async function loadChange(deps: Pick<ChangeDeps, 'changes'>, orderId: string, changeId: string) {
  const change = await deps.changes.get(orderId, changeId);
  if (!change) throw new NotFoundError(`Change ${changeId} not found`);
  return change;
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

export function changeApprovalEmail(order: Order, change: ChangeRequest, to: string[], link: string) {
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

/** The one way a use case emails everyone of some roles (shared/use-cases/workflow-deps.ts). */
export { emailRoles } from '../workflow-deps.ts';
