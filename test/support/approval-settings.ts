/** Settings for tests that follow the approval workflow on the running system. */
import { ROUND_THE_CLOCK } from './eventually.ts';

/**
 * Every hour a working hour and approval deadlines far away, so no reminder or escalation
 * fires while a test decides. Call before `startTestSystem()`.
 */
export function approvalsWithoutDeadlines(): void {
  process.env['WORKING_CALENDAR'] = ROUND_THE_CLOCK;
  process.env['APPROVAL_DEADLINE_HOURS'] = JSON.stringify({ ops: 1000, sales_director: 1000, gm: 1000 });
}
