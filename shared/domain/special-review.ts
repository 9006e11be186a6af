/**
 * Special requirements (客户特殊要求出货申请单, seed 4.2.1, R-SPEC-1), the same for quotations and
 * for orders entered directly (web form, phone/fax entry by staff, email intake):
 * - a line that differs from the product's standard (a free-text product, another spec, a
 *   packaging that is not one of the product's, labelling, inspection) is flagged;
 * - production and ops — and the role that stands for quality, where configured
 *   (`SPECIAL_REVIEW_QUALITY_ROLE`, shared/config.ts) — each record an opinion: accept (with
 *   conditions) or reject with a reason;
 * - one rejection sends it back to sales with the reason (R-PRICE-6 style); when every
 *   department accepted, the price approval starts.
 */
import * as z from 'zod';
import type { StaffRole } from './roles.ts';

/** The departments that review a special requirement, quality last where configured. */
export const specialReviewDepartments = (qualityRole?: string): string[] => [
  'production',
  'ops',
  ...(qualityRole && qualityRole !== 'production' && qualityRole !== 'ops' ? [qualityRole] : []),
];

/** What a line asks beyond the product's standard. */
export interface SpecialLine {
  sku?: string;
  spec?: string;
  packaging?: string;
  labelling?: string;
  inspection?: string;
}

/** The product's standard as the flagging needs it. */
export interface ProductStandard {
  spec: string;
  /** The packaging options of the product (master data); any other packaging is special. */
  packaging?: readonly string[];
  /** Made to order (定制, "per drawing"): the customer's spec is the standard, not a departure. */
  madeToOrder?: boolean;
}

/** What differs from the product's standard on a line (R-SPEC-1); empty when nothing does. */
export function specialRequirements(line: SpecialLine, product: ProductStandard | undefined): string[] {
  const out: string[] = [];
  if (!line.sku) out.push('product');
  else if (line.spec && product && !product.madeToOrder && line.spec !== product.spec) out.push('spec');
  if (line.packaging && !(product?.packaging ?? []).includes(line.packaging)) out.push('packaging');
  if (line.labelling) out.push('labelling');
  if (line.inspection) out.push('inspection');
  return out;
}

/** A department's opinion on the special requirements (R-SPEC-1). */
export const specialOpinionSchema = z
  .object({
    opinion: z.enum(['accept', 'reject'], { error: 'Choose accept or reject' }),
    conditions: z.string().trim().max(1000, 'At most 1000 characters').optional(),
    reason: z.string().trim().max(1000, 'At most 1000 characters').optional(),
  })
  .refine((o) => o.opinion === 'accept' || !!o.reason, {
    message: 'Give a reason for the rejection',
    path: ['reason'],
  });
export type SpecialOpinionInput = z.infer<typeof specialOpinionSchema>;

export interface SpecialOpinion {
  department: string;
  actor: string;
  opinion: 'accept' | 'reject';
  conditions?: string;
  reason?: string;
  at: string;
}

/** The review as stored on the quotation or the order. */
export interface SpecialReview {
  departments: string[];
  opinions: SpecialOpinion[];
  /** Orders only: the 1-based numbers of the flagged lines, and where the review stands. */
  lines?: string[];
  status?: 'pending' | 'accepted' | 'rejected';
}

/** The 1-based numbers of the lines that carry a special requirement. */
export const specialLineNumbers = (items: readonly { special?: readonly string[] }[]): string[] =>
  items.flatMap((l, i) => (l.special?.length ? [String(i + 1)] : []));

/** The departments still to give an opinion. */
export const waitingDepartments = (review: SpecialReview): string[] =>
  review.departments.filter((d) => !review.opinions.some((o) => o.department === d));

/**
 * The department the caller answers for: the first of the review's departments among their
 * roles that has not answered. `none` when the caller is in no department of the review,
 * `answered` when each of theirs already did.
 */
export function answeringDepartment(
  review: SpecialReview,
  roles: readonly StaffRole[],
): string | 'none' | 'answered' {
  const theirs = review.departments.filter((d) => roles.includes(d as StaffRole));
  if (theirs.length === 0) return 'none';
  return theirs.find((d) => !review.opinions.some((o) => o.department === d)) ?? 'answered';
}

/** The opinion record, and how the review stands with it. */
export function withOpinion(
  review: SpecialReview,
  department: string,
  actor: string,
  input: SpecialOpinionInput,
  at: string,
): { review: SpecialReview; record: SpecialOpinion; outcome: 'rejected' | 'accepted' | 'waiting' } {
  const { opinion, conditions, reason } = input;
  const record: SpecialOpinion = {
    department,
    actor,
    opinion,
    ...(conditions ? { conditions } : {}),
    ...(reason ? { reason } : {}),
    at,
  };
  const opinions = [...review.opinions, record];
  const outcome =
    opinion === 'reject'
      ? 'rejected'
      : review.departments.every((d) => opinions.some((o) => o.department === d && o.opinion === 'accept'))
        ? 'accepted'
        : 'waiting';
  return {
    review: {
      ...review,
      opinions,
      ...(review.status ? { status: outcome === 'waiting' ? 'pending' : outcome } : {}),
    },
    record,
    outcome,
  };
}
