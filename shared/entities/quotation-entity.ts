/**
 * How a quotation is stored (R-QUOTE-1..3). One item per quotation under one partition,
 * `pk = QUOTATION`, `sk = <quotationId>` (ids are ULIDs after `QT`, so the partition reads newest
 * first with one Query): a company of this size quotes tens a day, far below a partition's
 * limits, and the list and search need no index of their own. The item carries no `daySk`, so it
 * never enters the order list's or the reports' indexes. Its history is appended only, under the
 * version condition, like an order's (R-ARCH-2).
 */
import type { ApprovalRole, HistoryEntry } from '../domain/order-schema.ts';
import type { QuotationStatus } from '../domain/quotation.ts';
import type { ApprovalRecord, PendingApproval } from './order-entity.ts';

/** A history entry of a quotation: an order's, with the quotation's statuses. */
export type QuotationHistoryEntry = Omit<HistoryEntry, 'from' | 'to'> & {
  from?: QuotationStatus | HistoryEntry['from'];
  to?: QuotationStatus | HistoryEntry['to'];
};

export interface QuotationLine {
  sku?: string;
  /** The product's name, or the free-text description of a product not in the catalogue. */
  name: string;
  spec?: string;
  packaging?: string;
  labelling?: string;
  inspection?: string;
  /** R-SPEC-1: what differs from the product's standard (product, spec, packaging, labelling, inspection). */
  special?: string[];
  unit?: string;
  quantity: number;
  unitPrice: number;
  /** R-PRICE-1: the list price and the customer's last price beside the quoted one. */
  listPrice: number | null;
  lastPrice: number | null;
  lineAmount: number;
  tier: ApprovalRole;
  tierReason: string;
}

export interface Quotation {
  quotationId: string;
  quotationNumber: string;
  status: QuotationStatus;
  customer: { name: string; company?: string; phone?: string; email?: string; address?: string };
  customerKey: string;
  items: QuotationLine[];
  totalAmount: number;
  currency: string;
  validUntil: string;
  deliveryTerms?: string;
  paymentTerms?: string;
  notes?: string;
  approvalTier: ApprovalRole;
  approvalChain: ApprovalRole[];
  approvals?: ApprovalRecord[];
  pendingApproval?: PendingApproval | null;
  approvalRejection?: { step: ApprovalRole; role: string; at: string; requestedAt?: string };
  /** The salesperson who made it. */
  createdBy: string;
  history: QuotationHistoryEntry[];
  version: number;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  approvedAt?: string;
  sentAt?: string;
  /** The customer's answer on the signed link (once). */
  customerAnswer?: { decision: 'accept' | 'decline'; comment?: string; at: string };
  /** The order an accepted quotation became (R-QUOTE-3). */
  orderId?: string;
  orderNumber?: string;
  /** R-SPEC-1: the special-requirement review before the price approval, with each department's opinion. */
  specialReview?: {
    departments: string[];
    opinions: {
      department: string;
      actor: string;
      opinion: 'accept' | 'reject';
      conditions?: string;
      reason?: string;
      at: string;
    }[];
  };
  /** Sales was reminded that the validity is running out. */
  expiryReminded?: boolean;
  /**
   * R-QUOTE-1: an approved quotation is frozen; a new price or term is a revision — a new
   * quotation (number `…-R<n>`) that goes through the approval again. The revision names what it
   * revises, the revised one what replaced it.
   */
  revision?: number;
  revisionOf?: { quotationId: string; quotationNumber: string };
  revisedTo?: { quotationId: string; quotationNumber: string };
}

export type QuotationFields = Partial<
  Omit<Quotation, 'quotationId' | 'history' | 'version' | 'createdAt' | 'status' | 'updatedAt'>
>;

export const QUOTATION_PK = 'QUOTATION';
export const quotationKey = (quotationId: string) => ({ pk: QUOTATION_PK, sk: quotationId });
