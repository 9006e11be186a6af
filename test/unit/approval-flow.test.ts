import { describe, expect, it } from 'vitest';
import { nextChainRole, nextRoleUp, stepFor } from '#shared/domain/approval-flow.ts';
import { approvalLink, verifyApprovalLink } from '#shared/domain/approval-link.ts';
import { parseCalendar } from '#shared/domain/working-calendar.ts';

const at = (role: string) => ({ role, actor: `${role}@example.com`, at: '', step: 'ops' as const });

describe('the approval chain (R-PRICE-5, R-APPR-2)', () => {
  it('asks each role of the chain in turn', () => {
    const chain = ['ops', 'sales_director', 'gm'] as const;
    expect(nextChainRole(chain, [])).toBe('ops');
    expect(nextChainRole(chain, [at('ops')])).toBe('sales_director');
    expect(nextChainRole(chain, [at('ops'), at('sales_director')])).toBe('gm');
    expect(nextChainRole(chain, [at('ops'), at('sales_director'), at('gm')])).toBeUndefined();
  });

  it('counts an escalated approver for the steps below them', () => {
    expect(nextChainRole(['ops', 'sales_director'], [at('sales_director')])).toBeUndefined();
    expect(nextChainRole(['ops', 'sales_director', 'gm'], [at('sales_director')])).toBe('gm');
  });

  it('escalates ops → sales director → gm → nobody', () => {
    expect(nextRoleUp('ops')).toBe('sales_director');
    expect(nextRoleUp('sales_director')).toBe('gm');
    expect(nextRoleUp('gm')).toBeUndefined();
  });

  it('gives a step a deadline in working hours and the seconds to it', () => {
    const calendar = parseCalendar(JSON.stringify({ weekendDays: [], hours: [['00:00', '24:00']] }));
    const step = stepFor(
      'gm',
      new Date('2026-11-27T02:00:00Z'),
      calendar,
      { ops: 4, sales_director: 4, gm: 2 },
      'sales_director',
    );
    expect(step).toEqual({
      role: 'gm',
      deadline: '2026-11-27T04:00:00.000Z',
      timeoutSeconds: 7200,
      escalatedFrom: 'sales_director',
    });
  });

  it('puts the deadline on the workflow clock of a time scale, the timeout in business seconds', () => {
    const calendar = parseCalendar(JSON.stringify({ weekendDays: [], hours: [['00:00', '24:00']] }));
    const now = new Date('2026-11-27T02:00:00Z');
    const step = stepFor('ops', now, calendar, { ops: 4, sales_director: 4, gm: 4 }, undefined, 60);
    // 4 hours at 60×: the link stops working 4 minutes on, when the runner's scaled timer fires.
    expect(step.deadline).toBe('2026-11-27T02:04:00.000Z');
    expect(step.timeoutSeconds).toBe(4 * 3600);
  });
});

describe('approval links (R-SEC-3)', () => {
  const link = approvalLink('https://orders.example.cn', 'secret', '01JD5Q4M3E6WJ8X9K2A7B1C0DE', 2);
  const parts = new URL(link);
  const id = parts.pathname.split('/').at(-1)!;
  const sig = parts.searchParams.get('sig')!;

  it('names the request and recipient, never a task token', () => {
    expect(link).toMatch(
      /^https:\/\/orders\.example\.cn\/approvals\/01JD5Q4M3E6WJ8X9K2A7B1C0DE\.2\?sig=[\w-]{43}$/,
    );
    expect(verifyApprovalLink('secret', id, sig)).toEqual({
      requestId: '01JD5Q4M3E6WJ8X9K2A7B1C0DE',
      recipient: 2,
    });
  });

  it('refuses another secret, another recipient, a missing or altered signature', () => {
    expect(verifyApprovalLink('other', id, sig)).toBeUndefined();
    expect(verifyApprovalLink('secret', id.replace(/\.2$/, '.3'), sig)).toBeUndefined();
    expect(verifyApprovalLink('secret', id, undefined)).toBeUndefined();
    expect(verifyApprovalLink('secret', id, `${sig.slice(0, -1)}A`)).toBeUndefined();
    expect(verifyApprovalLink('secret', 'not-an-id', sig)).toBeUndefined();
  });
});
