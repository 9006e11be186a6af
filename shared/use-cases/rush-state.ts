/**
 * The state the rush-order workflow (statemachines/rush-order.asl.json, R-RUSH-2..8) passes from
 * task to task, and what its tasks share. Each task takes the whole state and returns the next;
 * a re-run after the order moved on changes nothing that was already done.
 */
import type { ApprovalState, ApprovalStep } from '../domain/approval-flow.ts';
import { onWorkflowClock } from '../domain/workflow-time.ts';
import type { OutgoingEmail } from '../ports.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface RushState extends Omit<ApprovalState, 'next'> {
  next?: ApprovalState['next'] | 'confirm' | 'progress' | 'wait' | 'continue' | 'delivered' | 'stopped';
  interval?: number;
  /** Start of the progress window now open. */
  windowStart?: string;
  window?: number;
  /** Windows run by this execution (check-rush-window hands over after RUSH_WINDOWS_PER_EXECUTION). */
  loops?: number;
  /** How many executions came before this one; set only once the workflow has handed over. */
  generation?: number;
}

/** R-RUSH-3: wall-clock minutes, on the workflow clock like every other deadline. */
export const rushStep = (
  deps: Pick<WorkflowDeps, 'timeScale'>,
  role: 'sales_director' | 'gm',
  now: Date,
  minutes: number,
  escalatedFrom?: 'sales_director',
): ApprovalStep => ({
  role,
  deadline: onWorkflowClock(now, new Date(now.getTime() + minutes * 60_000), deps.timeScale).toISOString(),
  timeoutSeconds: Math.round(minutes * 60),
  ...(escalatedFrom ? { escalatedFrom } : {}),
});

/** Sends `email` when it has anyone to go to. */
export const mailTo = (
  deps: Pick<WorkflowDeps, 'mailer'>,
  to: string[],
  build: (to: string[]) => OutgoingEmail,
) => (to.length ? deps.mailer.send(build(to)) : Promise.resolve());
