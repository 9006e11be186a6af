/**
 * Quotations (报价单, R-QUOTE-1..3, R-PRICE-1..5).
 * - Sales creates and edits a draft: every line priced against the list price and the customer's
 *   last price, and the tier it needs shown before submitting (R-PRICE-1..5).
 * - Submitting starts the order approval workflow for the quotation (one definition for both,
 *   see shared/adapters/approval-subjects.ts): same tiers, links, deadlines, reminders and
 *   escalation. Withdrawing ends the waiting step (its links stop working) and the workflow.
 * - Approved (R-QUOTE-2): the workflow's last task emails the customer the quotation with the
 *   signed link; the quotation is `sent`.
 * - The customer accepts once, before it expires (R-QUOTE-3): the order is created, channel
 *   `quotation`, its price approval satisfied by the quotation's, recorded in its history.
 *
 * One file per step: quotation-drafts.ts, quotation-submission.ts, quotation-approval.ts,
 * quotation-link.ts, quotation-expiry.ts; this module is what callers import.
 */
import type { Quotation } from '../entities/quotation-entity.ts';

export { finishQuotation, type QuotationWorkflowDeps, reviewQuotation } from './quotation-approval.ts';
export { createQuotation, editQuotation, type QuotationDeps } from './quotation-drafts.ts';
export { EXPIRY_REMINDER_DAYS, remindExpiringQuotations } from './quotation-expiry.ts';
export {
  answerQuotationLink,
  type LinkAnswer,
  openQuotationLink,
  orderFromQuotation,
} from './quotation-link.ts';
export { recordSpecialOpinion, submitQuotation, withdrawQuotation } from './quotation-submission.ts';

/** What the API answers for a quotation. */
export const quotationView = (q: Quotation) => {
  const { version: _v, ...rest } = q;
  return { ...rest, version: q.version };
};
