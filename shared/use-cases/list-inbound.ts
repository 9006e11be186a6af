/**
 * The "email needs attention" lists for staff (R-INTAKE-6, R-SEC-1: contact data only to staff).
 * 1. List the messages of one state, newest first, a page at a time (a Query per state, never a
 *    Scan; shared/entities/inbound-entity.ts).
 * 2. Show one message: its problems, the order read from it, its headers and text, its actions.
 */
import { NotFoundError } from '../domain/errors.ts';
import type { InboundMessage, InboundState } from '../entities/inbound-entity.ts';
import type { InboundStore } from '../ports.ts';

export interface InboundSummary {
  inboundId: string;
  state: InboundState;
  receivedAt: string;
  from: { address: string; name?: string };
  subject: string;
  attachments: number;
  problems: number;
  quarantineReasons?: string[];
  orderId?: string;
  orderNumber?: string;
  /** A reply to a confirmation that became the customer's change request (R-CHG-1). */
  changeId?: string;
  dismissal?: InboundMessage['dismissal'];
}

export const toInboundSummary = (m: InboundMessage): InboundSummary => ({
  inboundId: m.inboundId,
  state: m.state,
  receivedAt: m.receivedAt,
  from: m.from,
  subject: m.subject,
  attachments: m.attachments.length,
  problems: m.problems?.length ?? 0,
  ...(m.quarantineReasons ? { quarantineReasons: m.quarantineReasons } : {}),
  ...(m.orderId ? { orderId: m.orderId, orderNumber: m.orderNumber } : {}),
  ...(m.changeId ? { changeId: m.changeId } : {}),
  ...(m.dismissal ? { dismissal: m.dismissal } : {}),
});

export async function listInbound(
  deps: { inbound: InboundStore },
  query: { state: InboundState; limit: number; cursor?: string },
): Promise<{ items: InboundSummary[]; nextCursor?: string }> {
  const page = await deps.inbound.list(query.state, query.limit, query.cursor);
  const items = page.items.map(toInboundSummary);
  return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
}

export async function getInbound(
  deps: { inbound: InboundStore },
  inboundId: string,
): Promise<InboundMessage> {
  const message = await deps.inbound.get(inboundId);
  if (!message) throw new NotFoundError(`Inbound message ${inboundId} not found`);
  return message;
}
