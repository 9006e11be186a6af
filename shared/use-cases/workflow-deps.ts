/** What the approval workflow's tasks need (passed in; see shared/adapters/workflow-adapters.ts). */

import { historyNote } from '../domain/history-codes.ts';
import type { ApprovalRole } from '../domain/order-schema.ts';
import type { StaffRole } from '../domain/roles.ts';
import type { WorkingCalendar } from '../domain/working-calendar.ts';
import type { ApprovalDecision } from '../entities/approval-entity.ts';
import type { Order } from '../entities/order-entity.ts';
import { log } from '../observability/logger.ts';
import type {
  ApprovalStore,
  Clock,
  InventoryStore,
  Mailer,
  OrderStore,
  OutgoingEmail,
  QuotationStore,
  RushStore,
  SmsSender,
  StaffAlerts,
  StaffDirectory,
  TopicPublisher,
} from '../ports.ts';

export interface WorkflowDeps {
  /** Orders, and quotations seen as the approval needs them (shared/adapters/approval-subjects.ts). */
  orders: OrderStore;
  /** The quotations themselves (R-QUOTE-2); absent where a test has none. */
  quotations?: QuotationStore;
  approvals: ApprovalStore;
  inventory: InventoryStore;
  rush: RushStore;
  staff: StaffDirectory;
  mailer: Mailer;
  sms: SmsSender;
  topic: TopicPublisher;
  /** Staff alerts for the group robots (docs/robots.md); raising never throws. */
  alerts: StaffAlerts;
  clock: Clock;
  calendar: WorkingCalendar;
  deadlineHours: Record<ApprovalRole, number>;
  /** ORDERDESK_TIME_SCALE of a local demo (shared/domain/workflow-time.ts); 1 when absent. */
  timeScale?: number;
  /** Signs tracking and approval links. */
  linkSecret: string;
  publicBaseUrl: string;
}

export async function loadOrder(deps: Pick<WorkflowDeps, 'orders'>, orderId: string): Promise<Order> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new Error(`Order ${orderId} not found`);
  return order;
}

/** Emails everyone of the roles, one message each; a role with nobody in it is logged. */
export async function emailRoles(
  deps: Pick<WorkflowDeps, 'staff' | 'mailer'>,
  roles: StaffRole[],
  build: (to: string[]) => OutgoingEmail,
): Promise<number> {
  const emails = new Set<string>();
  for (const role of roles) for (const m of await deps.staff.members(role)) emails.add(m.email);
  if (emails.size === 0) {
    log().warn('nobody to notify', { roles });
    return 0;
  }
  await deps.mailer.send(build([...emails]));
  return emails.size;
}

/**
 * A step's deadline passed: retire its request so the links stop working. If the approver did
 * decide but the decision never reached the workflow (a crash between the two), that decision
 * is answered instead, so nothing decided is lost (R-APPR-2).
 */
export async function retirePendingRequest(
  deps: Pick<WorkflowDeps, 'approvals'>,
  order: Order,
): Promise<ApprovalDecision | undefined> {
  if (!order.pendingApproval) return undefined;
  const request = await deps.approvals.supersede(order.pendingApproval.requestId);
  return request?.status === 'decided' ? request.decision : undefined;
}

/** An error the retries did not cure: the order goes on hold with the error's name, nothing waits silently. */
export function holdForWorkflowError(
  deps: Pick<WorkflowDeps, 'orders' | 'clock'>,
  order: Order,
  workflow: string,
  error: { Error?: string } | undefined,
): Promise<Order> {
  const at = deps.clock.now().toISOString();
  return deps.orders.update(order, {
    status: 'on_hold',
    updatedAt: at,
    set: { pendingApproval: null },
    history: {
      at,
      actor: 'workflow',
      action: 'status',
      from: order.status,
      to: 'on_hold',
      ...historyNote('workflow.stopped', { workflow, error: error?.Error ?? 'error' }),
    },
  });
}
