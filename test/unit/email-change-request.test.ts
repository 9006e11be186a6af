/** How a customer's reply to the confirmation is read (R-CHG-1, R-CHG-3): conservatively. */
import { describe, expect, it } from 'vitest';
import type { Order } from '#shared/entities/order-entity.ts';
import { datesIn, ownWords, replyIntent } from '#shared/use-cases/email-change-request.ts';

const order = { delivery: { requestedDate: '2026-12-20' } } as unknown as Order;
const today = '2026-12-04';

describe('reading a reply to the confirmation (R-CHG-1, R-CHG-3)', () => {
  it('reads only the words above the quoted confirmation', () => {
    expect(ownWords('改到 2027-01-05\n\n> 要求交货日期：2026-12-20')).toBe('改到 2027-01-05');
    expect(ownWords('Cancel please\nOn Fri, Order desk wrote:\nold')).toBe('Cancel please');
    expect(ownWords('好的\n-----原始邮件-----\n发件人: x')).toBe('好的');
  });

  it('finds dates written the usual ways; a month and day already past are next year', () => {
    expect(datesIn('2027/1/5 或 2027年1月6日 或 2027-01-07', today)).toEqual([
      '2027-01-05',
      '2027-01-06',
      '2027-01-07',
    ]);
    expect(datesIn('改到12月28日', today)).toEqual(['2026-12-28']);
    expect(datesIn('改到3月2号', today)).toEqual(['2027-03-02']);
    expect(datesIn('2026-02-30', today)).toEqual([]);
  });

  it('R-CHG-1: one new date is a date change; the current date mentioned beside it does not count', () => {
    expect(replyIntent('交货日期从 2026-12-20 改为 2026-12-28', order, today)).toMatchObject({
      kind: 'delivery-date',
      requestedDate: '2026-12-28',
    });
  });

  it('R-CHG-3: 取消 or cancel is a cancellation', () => {
    expect(replyIntent('这个订单请取消', order, today)).toMatchObject({ kind: 'cancel' });
    expect(replyIntent('Please CANCEL it', order, today)).toMatchObject({ kind: 'cancel' });
  });

  it('anything doubtful is unclear: for staff to read', () => {
    expect(replyIntent('取消，或者改到 2026-12-28', order, today).kind).toBe('unclear');
    expect(replyIntent('2026-12-27 or 2026-12-28', order, today).kind).toBe('unclear');
    expect(replyIntent('发票什么时候寄？', order, today).kind).toBe('unclear');
  });
});
