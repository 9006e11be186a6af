/**
 * Order changes and cancellation (R-PROC-6, R-CHG-1..3). A confirmed order is never edited in
 * place: staff file a change request; a delivery date with the customer's written request is
 * applied at once (R-CHG-1); items and cancellation (R-CHG-2, R-CHG-3) are refused from
 * production on, otherwise approved by dept_manager then sales_director (and gm where the new
 * prices need gm, R-PRICE-4/5) in the order-change workflow, then — when staff asked for it —
 * consented to by the customer from a signed link (R-PROC-6), then applied as a new version.
 *
 * Races: the order item carries `pendingChange`, set by a versioned write; of two requests (or a
 * request and a decision) at once one wins and the other gets 409 with the current version.
 */

export * from './order-changes/apply.ts';
export * from './order-changes/common.ts';
export * from './order-changes/consent.ts';
export * from './order-changes/decide.ts';
export * from './order-changes/request.ts';
export * from './order-changes/workflow.ts';
