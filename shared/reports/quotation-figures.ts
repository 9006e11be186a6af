/**
 * Quotation figures for a period (R-QUOTE-1..3 in the reports): how many were quoted (made),
 * approved, accepted, declined and expired, their amounts, the conversion rate (accepted of
 * those that reached the customer) and the median and p90 hours from submission to approval.
 * Quotations count in the period they were made (Asia/Shanghai days, `from`..`to` included).
 */
import { businessDay } from '../domain/calendar.ts';
import type { Quotation } from '../entities/quotation-entity.ts';
import { quantile } from './figures.ts';

export interface QuotationFigures {
  from: string;
  to: string;
  quoted: number;
  quotedAmount: number;
  approved: number;
  accepted: number;
  acceptedAmount: number;
  declined: number;
  expired: number;
  /** Accepted of those sent to the customer (accepted + declined + expired + still sent); null with none sent. */
  conversionRate: number | null;
  /** Hours from submission to approval, over the approved ones. */
  approvalHours: { median: number | null; p90: number | null };
}

const HOUR = 3_600_000;

/** What the figures read of a quotation (the report source projects only these). */
export type QuotationRow = Pick<
  Quotation,
  'createdAt' | 'status' | 'totalAmount' | 'submittedAt' | 'approvedAt'
>;

export function quotationFigures(
  quotations: readonly QuotationRow[],
  from: string,
  to: string,
): QuotationFigures {
  const rows = quotations.filter((q) => {
    const day = businessDay(new Date(q.createdAt));
    return day >= from && day <= to;
  });
  const approved = rows.filter((q) => q.approvedAt);
  const count = (status: string) => rows.filter((q) => q.status === status).length;
  const reached = rows.filter((q) => ['sent', 'accepted', 'declined', 'expired'].includes(q.status)).length;
  const accepted = rows.filter((q) => q.status === 'accepted');
  const hours = approved
    .filter((q) => q.submittedAt && q.approvedAt)
    .map((q) => (Date.parse(q.approvedAt!) - Date.parse(q.submittedAt!)) / HOUR);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    from,
    to,
    quoted: rows.length,
    quotedAmount: rows.reduce((s, q) => s + q.totalAmount, 0),
    approved: approved.length,
    accepted: accepted.length,
    acceptedAmount: accepted.reduce((s, q) => s + q.totalAmount, 0),
    declined: count('declined'),
    expired: count('expired'),
    conversionRate: reached ? Math.round((accepted.length / reached) * 1000) / 1000 : null,
    approvalHours: { median: round(quantile(hours, 0.5)), p90: round(quantile(hours, 0.9)) },
  };
}
