/**
 * The customer's satisfaction after delivery (R-RUSH-7, R-AFTER-2), through a signed link —
 * every order gets it on completion, rush orders also when delivered. GET shows the form and
 * changes nothing; POST records a score 1–5 and a comment, once (a rush order keeps it with its
 * rush record, any other order on the order).
 */

import { historyNote } from '../domain/history-codes.ts';
import { verifyFeedbackToken } from '../domain/tracking-token.ts';
import type { Clock, OrderStore } from '../ports.ts';

export type FeedbackResult =
  | { kind: 'form'; orderNumber: string }
  | {
      kind: 'outcome';
      outcome: 'thanks' | 'already' | 'invalid' | 'score-required';
      orderNumber?: string;
    };

export async function openFeedback(
  deps: { orders: OrderStore; secret: string },
  token: string,
): Promise<FeedbackResult> {
  const orderId = verifyFeedbackToken(deps.secret, token);
  const order = orderId ? await deps.orders.get(orderId) : undefined;
  if (!order || !['delivered', 'completed', 'archived'].includes(order.status))
    return { kind: 'outcome', outcome: 'invalid' };
  if (order.rush?.satisfaction ?? order.satisfaction)
    return { kind: 'outcome', outcome: 'already', orderNumber: order.orderNumber };
  return { kind: 'form', orderNumber: order.orderNumber };
}

export async function giveFeedback(
  deps: { orders: OrderStore; secret: string; clock: Clock },
  token: string,
  form: { score?: string; comment?: string },
): Promise<FeedbackResult> {
  const opened = await openFeedback(deps, token);
  if (opened.kind === 'outcome') return opened;
  const score = Number(form.score);
  if (!Number.isInteger(score) || score < 1 || score > 5) {
    return { kind: 'outcome', outcome: 'score-required', orderNumber: opened.orderNumber };
  }
  const order = (await deps.orders.get(verifyFeedbackToken(deps.secret, token)!))!;
  const at = deps.clock.now().toISOString();
  const comment = form.comment?.trim().slice(0, 2000);
  const satisfaction = { score, ...(comment ? { comment } : {}), at };
  await deps.orders.update(order, {
    updatedAt: at,
    set: order.rush ? { rush: { ...order.rush, satisfaction } } : { satisfaction },
    history: { at, actor: 'customer', action: 'satisfaction', ...historyNote('satisfaction', { score }) },
  });
  return { kind: 'outcome', outcome: 'thanks', orderNumber: order.orderNumber };
}
