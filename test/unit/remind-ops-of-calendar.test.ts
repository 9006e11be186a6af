import { describe, expect, it } from 'vitest';
import { calendarWarnings } from '#shared/domain/calendar-warnings.ts';
import { DEFAULT_CALENDAR } from '#shared/domain/working-calendar.ts';
import type { OutgoingEmail } from '#shared/ports.ts';
import { remindOpsOfCalendar } from '#shared/use-cases/remind-ops-of-calendar.ts';

describe('reminding ops of computed holidays (R-PROC-5)', () => {
  it('mails every ops member once per warned year and day, in both languages', async () => {
    const sent: OutgoingEmail[] = [];
    const claimed = new Set<string>();
    const deps = {
      staff: {
        members: async (role: string) =>
          role === 'ops'
            ? [
                { email: 'ops1@example.com', name: '一' },
                { email: 'ops2@example.com', name: '二' },
              ]
            : [],
      },
      mailer: { send: async (email: OutgoingEmail) => void sent.push(email) },
      claims: {
        claim: async (year: number, period: string) =>
          !claimed.has(`${year}#${period}`) && !!claimed.add(`${year}#${period}`),
      },
      publicBaseUrl: 'https://desk.example.com',
    };
    const warnings = calendarWarnings(DEFAULT_CALENDAR, new Date('2026-12-03T02:00:00Z'));
    expect(await remindOpsOfCalendar(deps, warnings, '2026-12-03')).toEqual([2027]);
    expect(await remindOpsOfCalendar(deps, warnings, '2026-12-03')).toEqual([]);
    expect(await remindOpsOfCalendar(deps, warnings, '2026-12-04')).toEqual([2027]);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.to).toEqual(['ops1@example.com', 'ops2@example.com']);
    expect(sent[0]?.subject).toBe('【工作日历】2027 年放假安排未载入 / 2027 holiday schedule not loaded');
    expect(sent[0]?.text).toContain('https://desk.example.com/staff/calendar.html');
    expect(sent[0]?.text).toContain('The official 2027 holiday schedule is not loaded');
    expect(await remindOpsOfCalendar(deps, [], '2026-12-05')).toEqual([]);
  });
});
