/** Helpers for approval-workflow tests against the running local system. */
import { eventually } from './eventually.ts';
import type { TestSystem } from './system.ts';

export interface StaffOrder {
  status: string;
  version: number;
  pendingApproval: { requestId: string; role: string; allowedRoles: string[]; deadline: string } | null;
  history: { action: string; actor: string; to?: string; reason?: string }[];
  approvals?: { role: string; actor: string }[];
  slaBreached?: boolean;
}

export async function getOrder(sys: TestSystem, orderId: string): Promise<StaffOrder> {
  const token = await sys.login('gm');
  return (await (await sys.api(`/api/orders/${orderId}`, { token })).json()) as StaffOrder;
}

/** Waits for the order to wait on `role`, answering its pending step. */
export const waitForStep = (sys: TestSystem, orderId: string, role: string) =>
  eventually(
    async () => {
      const order = await getOrder(sys, orderId);
      return order.pendingApproval?.role === role ? order : undefined;
    },
    20_000,
    `approval step of ${role}`,
  );

export const waitForStatus = (sys: TestSystem, orderId: string, status: string) =>
  eventually(
    async () => {
      const order = await getOrder(sys, orderId);
      return order.status === status ? order : undefined;
    },
    20_000,
    `status ${status}`,
  );

/** The approval link emailed to `email` for the order's current request. */
export async function approvalLink(
  sys: TestSystem,
  orderNumber: string,
  email: string,
  requestId?: string,
): Promise<string> {
  return eventually(
    async () => {
      const mails = (await sys.outbox()).filter(
        (m) =>
          m.channel === 'email' &&
          m.to.includes(email) &&
          // A quotation (QT…) is approved by the same workflow and named as one (R-QUOTE-2).
          m.subject.includes(
            `Approval needed: ${orderNumber.startsWith('QT') ? 'quotation' : 'order'} ${orderNumber}`,
          ),
      );
      const links = mails
        .map((m) => /(http:\/\/\S+\/approvals\/\S+)/.exec(m.text)?.[1])
        .filter((l): l is string => !!l);
      const link = requestId ? links.find((l) => l.includes(requestId)) : links.at(-1);
      return link;
    },
    20_000,
    `approval link for ${email}`,
  );
}

export async function decideByLink(link: string, decision: 'approve' | 'reject', reason?: string) {
  const body = new URLSearchParams({ decision, ...(reason ? { reason } : {}) });
  return fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}
