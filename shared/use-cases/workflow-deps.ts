/** What the approval workflow's tasks need (passed in; see shared/adapters/workflow-adapters.ts). */
import type { ApprovalRole } from '../domain/order-schema.ts';
import type { StaffRole } from '../domain/roles.ts';
import type { WorkingCalendar } from '../domain/working-calendar.ts';
import type { Order } from '../entities/order-entity.ts';
import type {
  ApprovalStore,
  Clock,
  InventoryStore,
  Mailer,
  OrderStore,
  OutgoingEmail,
  RushStore,
  SmsSender,
  StaffDirectory,
  TopicPublisher,
} from '../ports.ts';

export interface WorkflowDeps {
  orders: OrderStore;
  approvals: ApprovalStore;
  inventory: InventoryStore;
  rush: RushStore;
  staff: StaffDirectory;
  mailer: Mailer;
  sms: SmsSender;
  topic: TopicPublisher;
  clock: Clock;
  calendar: WorkingCalendar;
  deadlineHours: Record<ApprovalRole, number>;
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
    console.warn(JSON.stringify({ level: 'warn', message: 'nobody to notify', roles }));
    return 0;
  }
  await deps.mailer.send(build([...emails]));
  return emails.size;
}
