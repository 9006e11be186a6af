/** Quotations about to expire remind sales; overdue ones expire (R-QUOTE-2, the morning run). */
import { quotationAsOrder } from '../adapters/approval-subjects.ts';
import { businessDay } from '../domain/calendar.ts';
import { historyNote } from '../domain/history-codes.ts';
import { staffNotice } from '../notifications/workflow-messages.ts';
import type { QuotationWorkflowDeps } from './quotation-approval.ts';
import { emailRoles } from './workflow-deps.ts';

/** Sales hear this many days before a sent quotation's validity ends. */
export const EXPIRY_REMINDER_DAYS = 3;

/**
 * Sales are reminded before a sent quotation expires (R-QUOTE-3): each sent quotation whose
 * `validUntil` is within EXPIRY_REMINDER_DAYS is mailed to sales once (`expiryReminded`); one
 * whose date has passed becomes `expired`. Meant for a daily run (see the README: not yet
 * scheduled).
 */
export async function remindExpiringQuotations(
  deps: Pick<QuotationWorkflowDeps, 'quotations' | 'clock' | 'mailer' | 'staff'>,
): Promise<{ reminded: string[]; expired: string[] }> {
  const now = deps.clock.now();
  const today = businessDay(now);
  const soon = businessDay(new Date(now.getTime() + EXPIRY_REMINDER_DAYS * 86_400_000));
  const at = now.toISOString();
  const reminded: string[] = [];
  const expired: string[] = [];
  const { items } = await deps.quotations.list({ status: 'sent' }, 1000);
  for (const q of items) {
    if (q.validUntil < today) {
      await deps.quotations.update(q, {
        status: 'expired',
        updatedAt: at,
        history: {
          at,
          actor: 'workflow',
          action: 'expired',
          from: 'sent',
          to: 'expired',
          ...historyNote('quotation.expired', { validUntil: q.validUntil }),
        },
      });
      expired.push(q.quotationNumber);
    } else if (q.validUntil <= soon && !q.expiryReminded) {
      await emailRoles(deps, ['sales'], (to) =>
        staffNotice(
          quotationAsOrder(q),
          to,
          [`报价即将过期：${q.quotationNumber}`, `Quotation about to expire: ${q.quotationNumber}`],
          [`有效期至 ${q.validUntil}，客户尚未答复，请跟进。`],
          [`is valid until ${q.validUntil} and the customer has not answered: please follow up.`],
        ),
      );
      await deps.quotations.update(q, {
        updatedAt: at,
        set: { expiryReminded: true },
        history: {
          at,
          actor: 'workflow',
          action: 'reminded',
          ...historyNote('quotation.reminded', { validUntil: q.validUntil }),
        },
      });
      reminded.push(q.quotationNumber);
    }
  }
  return { reminded, expired };
}
