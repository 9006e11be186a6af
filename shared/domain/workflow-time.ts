/**
 * Workflow time under a time scale (ORDERDESK_TIME_SCALE; local demos only, 1 on AWS). The
 * local workflow runner divides every duration a definition or a task names (Wait seconds,
 * task timeouts, retries) by the scale. The moments tasks compute — a step's deadline, the SLA
 * deadline — are put on the same compressed clock here, so a deadline an email or a page shows
 * is the moment its timer fires and its links stop working, for approvals, rush decisions and
 * the SLA alike.
 */

/** `end`, a business moment after `now`, on the workflow clock of `timeScale`. */
export function onWorkflowClock(now: Date, end: Date, timeScale = 1): Date {
  if (timeScale === 1) return end;
  return new Date(now.getTime() + Math.max(0, end.getTime() - now.getTime()) / timeScale);
}
