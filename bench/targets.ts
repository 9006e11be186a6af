/** The targets each benchmark is judged against (PASS/FAIL in bench/results.md). */
export const TARGETS = {
  intakeShareOfBaseline: 0.33,
  intakeP99Ms: 250,
  fixedRate: 100,
  fixedP99Ms: 100,
  bundleKb: 500,
  moduleLoadMs: 150,
  writeUnitsPerOrder: 3,
  /** State transitions of the approval machine for an order ops approves (tier 1). */
  tier1Transitions: 12,
  /** State transitions per 2-hour report window of a rush order's progress loop. */
  rushTransitionsPerWindow: 6,
};
