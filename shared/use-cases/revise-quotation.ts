/**
 * Revise a quotation (R-QUOTE-1): an approved quotation is frozen, so a new price, quantity or
 * term is a revision — a new draft quotation, numbered `<number>-R<n>`, with the same content to
 * edit, that goes through the approval chain again. The earlier one stays readable and names its
 * revision; while it could still be accepted (sent to the customer) it is withdrawn,
 * so its link stops accepting (the link page names the revision). A declined or expired quotation
 * is revised to quote again. Drafts and rejected or withdrawn quotations are edited instead; a
 * submitted one is withdrawn first; an accepted one is an order now (change the order).
 * 1. Load it (404) and check its status (409 with the reason).
 * 2. Claim it with one versioned write (two revisions at once: one wins, the other gets 409).
 * 3. Create the revision, a draft.
 */
import { ulid } from 'ulid';
import { businessDay } from '../domain/calendar.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { historyNote } from '../domain/history-codes.ts';
import { type QuotationStatus, REVISABLE } from '../domain/quotation.ts';
import type { Quotation } from '../entities/quotation-entity.ts';
import type { Clock, QuotationStore } from '../ports.ts';

/** Still open to the customer: withdrawn when revised. */
const OPEN: readonly QuotationStatus[] = ['sent'];

const REFUSAL: Partial<Record<QuotationStatus, string>> = {
  draft: 'A draft is edited, not revised',
  rejected: 'A rejected quotation is edited, not revised',
  withdrawn: 'A withdrawn quotation is edited, not revised',
  submitted: 'A submitted quotation is withdrawn first, then edited',
  accepted: 'An accepted quotation is an order now: change the order instead',
  // Approved is the moment before it is emailed (the workflow sends it at once).
  approved: 'The quotation is being sent to the customer: revise it once sent',
};

export async function reviseQuotation(
  deps: { quotations: QuotationStore; clock: Clock },
  id: string,
  staff: { email: string },
): Promise<Quotation> {
  const q = await deps.quotations.get(id);
  if (!q) throw new NotFoundError(`Quotation ${id} not found`);
  if (!REVISABLE.includes(q.status))
    throw new ConflictError(REFUSAL[q.status] ?? `A ${q.status} quotation cannot be revised`);
  if (q.revisedTo)
    throw new ConflictError(
      `Quotation ${q.quotationNumber} was revised already: ${q.revisedTo.quotationNumber}`,
    );

  const now = deps.clock.now();
  const at = now.toISOString();
  const revision = (q.revision ?? 1) + 1;
  const quotationId = `QT${ulid(now.getTime())}`;
  const quotationNumber = `${q.quotationNumber.replace(/-R\d+$/, '')}-R${revision}`;
  const stays = !OPEN.includes(q.status);
  await deps.quotations.update(q, {
    ...(stays ? {} : { status: 'withdrawn' as const }),
    updatedAt: at,
    set: { revisedTo: { quotationId, quotationNumber } },
    history: {
      at,
      actor: staff.email,
      action: 'revised',
      ...(stays ? {} : { from: q.status, to: 'withdrawn' as const }),
      ...historyNote('quotation.revised', { to: quotationNumber }),
    },
  });
  const today = businessDay(now);
  const draft: Quotation = {
    quotationId,
    quotationNumber,
    status: 'draft',
    customer: q.customer,
    customerKey: q.customerKey,
    items: q.items,
    totalAmount: q.totalAmount,
    currency: q.currency,
    // An expired validity is moved to today: the salesperson sets the new one before submitting.
    validUntil: [q.validUntil, today].sort()[1]!,
    ...(q.deliveryTerms ? { deliveryTerms: q.deliveryTerms } : {}),
    ...(q.paymentTerms ? { paymentTerms: q.paymentTerms } : {}),
    ...(q.notes ? { notes: q.notes } : {}),
    approvalTier: q.approvalTier,
    approvalChain: q.approvalChain,
    createdBy: staff.email,
    revision,
    revisionOf: { quotationId: q.quotationId, quotationNumber: q.quotationNumber },
    history: [
      {
        at,
        actor: staff.email,
        action: 'created',
        to: 'draft',
        ...historyNote('quotation.revision', { revision, of: q.quotationNumber, chain: q.approvalChain }),
      },
    ],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await deps.quotations.create(draft);
  return draft;
}
