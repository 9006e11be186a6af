/**
 * The rush settings, read once at the edge (shared/config.ts) and passed to whatever needs
 * them: the rush workflow's tasks, the order view and the reports, so a changed setting changes
 * every deadline and every label that speaks of it (R-RUSH-3, R-RUSH-6).
 */
export interface RushSettings {
  /** Minutes leadership has to answer a rush application (default 60). */
  decisionMinutes: number;
  /** Minutes between the task group's progress reports (default 120). */
  intervalMinutes: number;
}

/** The default settings, as the policy writes them: answer within 1 hour, report every 2 hours. */
export const POLICY_RUSH_SETTINGS: RushSettings = { decisionMinutes: 60, intervalMinutes: 120 };

/** A duration in minutes as people say it: "1 小时" / "1 h" for whole hours, else minutes. */
export function durationWords(minutes: number): { zh: string; en: string } {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return { zh: `${hours} 小时`, en: hours === 1 ? '1 hour' : `${hours} hours` };
  }
  return { zh: `${minutes} 分钟`, en: minutes === 1 ? '1 minute' : `${minutes} minutes` };
}
