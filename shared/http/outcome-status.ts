/**
 * The one table from a use case's outcome to the HTTP status an edge answers with. Use cases
 * return outcomes (what happened, in the domain's words); only handlers pick statuses, all from
 * here, so the same outcome answers the same status in the console API and from an emailed link.
 */
export const OUTCOME_STATUS = {
  // done
  approved: 200,
  rejected: 200,
  thanks: 200,
  // the step or link was used already, nothing is waiting, or the step is gone (its deadline
  // passed and it was escalated, or a newer request replaced it): a conflict with the order's
  // state, answered as every other state conflict (409) by the console API and the links alike
  'already-decided': 409,
  already: 409,
  'nothing-pending': 409,
  expired: 409,
  superseded: 409,
  // the link is not one we signed, or what it names no longer exists
  invalid: 404,
  // the caller may not decide this
  'own-order': 403,
  'not-allowed': 403,
  // the input lacks something the decision needs
  'reason-required': 400,
  'score-required': 400,
  'bad-input': 400,
  error: 500,
} as const satisfies Record<string, number>;

export type Outcome = keyof typeof OUTCOME_STATUS;

export const statusOf = (outcome: Outcome): number => OUTCOME_STATUS[outcome];
