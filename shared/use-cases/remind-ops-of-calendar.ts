/**
 * The message to ops about a provisional working calendar (R-PROC-5): for each warned year, one
 * bilingual email to every ops member per period (a day), claimed first — with a conditional
 * write, so that concurrent functions send it once — until a gm loads the year's official
 * schedule. A claimed reminder that fails to send is not retried that day.
 */
import type { CalendarWarning } from '../domain/calendar-warnings.ts';
import type { Mailer, StaffDirectory } from '../ports.ts';

export interface ReminderClaims {
  /** True for the first claim of `year` in `period`, false when it was claimed already. */
  claim(year: number, period: string): Promise<boolean>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function remindOpsOfCalendar(
  deps: { staff: StaffDirectory; mailer: Mailer; claims: ReminderClaims; publicBaseUrl: string },
  warnings: CalendarWarning[],
  period: string,
): Promise<number[]> {
  const claimed: CalendarWarning[] = [];
  for (const warning of warnings) if (await deps.claims.claim(warning.year, period)) claimed.push(warning);
  if (claimed.length === 0) return [];
  const to = (await deps.staff.members('ops')).map((m) => m.email);
  if (to.length === 0) return [];
  const page = `${deps.publicBaseUrl}/staff/calendar.html`;
  for (const warning of claimed) {
    const lines = [warning.message.zh, `载入 / Load: ${page}`, '', warning.message.en];
    await deps.mailer.send({
      to,
      subject: `【工作日历】${warning.year} 年放假安排未载入 / ${warning.year} holiday schedule not loaded`,
      text: lines.join('\n'),
      html: lines.map((l) => `<p>${escapeHtml(l)}</p>`).join(''),
    });
  }
  return claimed.map((w) => w.year);
}
