/**
 * Deliver queued staff alerts to the group robots (docs/robots.md), the work of
 * send-robot-alerts. Each robot allows about 20 messages a minute; alerts come in bursts.
 * 1. Give each robot the alerts of the kinds it subscribes to (a retried alert only to the
 *    robots that failed it); robots are served side by side.
 * 2. Keep under the limit: at most ROBOT_MESSAGES_PER_MINUTE sends in any 60 seconds, counted
 *    from the robot's send log (which outlives the invocation); with no send left, wait.
 * 3. Merge: while a robot has sends to spare, each alert is its own message; once more alerts
 *    wait than sends remain, they go together in as few messages as the platform's size allows.
 * 4. Retry a failed send with backoff (each try counts against the limit); alerts still not
 *    delivered are handed back for the queue to try later, for that robot alone. Nothing is
 *    dropped, and the email and SMS of the same event never wait for any of this.
 */
import type { StaffAlert } from '../domain/staff-alerts.ts';
import { log } from '../observability/logger.ts';
import type { Clock, RobotSendLog, RobotTransport } from '../ports.ts';
import type { Robot } from '../robots/config.ts';
import { fits, robotRequest } from '../robots/formats.ts';

/** The platforms allow 20 a minute; 2 spare for the difference between their clock and ours. */
export const ROBOT_MESSAGES_PER_MINUTE = 18;
export const ROBOT_WINDOW_MS = 60_000;
/** Tries of one message in one invocation, and the backoff before each retry. */
export const ROBOT_SEND_TRIES = 3;
const backoffMs = (retry: number) => 2_000 * 2 ** (retry - 1);

export interface DeliverRobotDeps {
  robots: readonly Robot[];
  transport: RobotTransport;
  sendLog: RobotSendLog;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  /** Base of the order links (the staff console). */
  publicBaseUrl: string;
}

export interface DeliveryResult {
  /** Messages posted (merged ones count once), per robot. */
  messages: Record<string, number>;
  /** Alerts to try again later, each for the robots that failed it. */
  retry: StaffAlert[];
}

export async function deliverRobotAlerts(
  deps: DeliverRobotDeps,
  alerts: readonly StaffAlert[],
): Promise<DeliveryResult> {
  const results = await Promise.all(
    deps.robots.map(async (robot) => {
      const mine = alerts.filter(
        (a) => robot.events.includes(a.kind) && (!a.robots || a.robots.includes(robot.name)),
      );
      return { robot, ...(mine.length ? await deliverTo(deps, robot, mine) : { messages: 0, failed: [] }) };
    }),
  );
  // One retry alert per alert, naming every robot that failed it.
  const failedBy = new Map<string, { alert: StaffAlert; robots: string[] }>();
  for (const { robot, failed } of results) {
    for (const alert of failed) {
      const entry = failedBy.get(alert.id) ?? { alert, robots: [] };
      entry.robots.push(robot.name);
      failedBy.set(alert.id, entry);
    }
  }
  return {
    messages: Object.fromEntries(results.map((r) => [r.robot.name, r.messages])),
    retry: [...failedBy.values()].map(({ alert, robots }) => ({
      ...alert,
      robots,
      attempt: alert.attempt + 1,
    })),
  };
}

/** Sends kept for the alerts still to come while a burst is being merged. */
const SPARE_SENDS = 3;

/** Splits off the alerts of the next message: one alone while sends are to spare, else as many as fit. */
function nextMessage(
  deps: DeliverRobotDeps,
  robot: Robot,
  pending: StaffAlert[],
  free: number,
): StaffAlert[] {
  if (pending.length + SPARE_SENDS <= free) return [pending[0]!];
  let n = 1;
  while (n < pending.length && fits(robot, pending.slice(0, n + 1), deps.publicBaseUrl)) n++;
  return pending.slice(0, n);
}

async function deliverTo(
  deps: DeliverRobotDeps,
  robot: Robot,
  alerts: StaffAlert[],
): Promise<{ messages: number; failed: StaffAlert[] }> {
  let sent = await deps.sendLog.recent(robot.name);
  /** Waits for a send to be free, takes it, and answers how many were free. */
  const takeSend = async (): Promise<number> => {
    for (;;) {
      const now = deps.clock.now().getTime();
      sent = sent.filter((t) => t > now - ROBOT_WINDOW_MS);
      const free = ROBOT_MESSAGES_PER_MINUTE - sent.length;
      if (free > 0) {
        sent.push(now);
        await deps.sendLog.record(robot.name, sent);
        return free;
      }
      await deps.sleep(Math.min(...sent) + ROBOT_WINDOW_MS - now + 1);
    }
  };
  const pending = [...alerts];
  const failed: StaffAlert[] = [];
  let messages = 0;
  while (pending.length > 0) {
    const now = deps.clock.now().getTime();
    const free = ROBOT_MESSAGES_PER_MINUTE - sent.filter((t) => t > now - ROBOT_WINDOW_MS).length;
    const batch = nextMessage(deps, robot, pending, free);
    pending.splice(0, batch.length);
    let delivered = false;
    for (let tryNo = 1; tryNo <= ROBOT_SEND_TRIES && !delivered; tryNo++) {
      if (tryNo > 1) await deps.sleep(backoffMs(tryNo - 1));
      await takeSend();
      const request = robotRequest(robot, batch, deps.publicBaseUrl, deps.clock.now().getTime());
      const answer = await deps.transport.post(request);
      delivered = answer.ok;
      if (!answer.ok) {
        log().warn('robot send failed', { robot: robot.name, try: tryNo, detail: answer.detail });
        if (!answer.retryable) break;
      }
    }
    if (delivered) messages++;
    else failed.push(...batch);
  }
  if (failed.length)
    log().error('robot alerts not delivered, queued again', { robot: robot.name, alerts: failed.length });
  return { messages, failed };
}
