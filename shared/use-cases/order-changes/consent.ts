import { ConflictError } from '../../domain/errors.ts';
import { historyNote } from '../../domain/history-codes.ts';
import { type ChangeRequest, consentLink } from '../../domain/order-change.ts';
import { bilingualEmail } from '../../notifications/bilingual-email.ts';
import { log } from '../../observability/logger.ts';
import {
  type ChangeDeps,
  type ChangeState,
  type ChangeWorkflowDeps,
  diffLines,
  loadChange,
  loadOrder,
  OPEN_CHANGE,
} from './common.ts';

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
