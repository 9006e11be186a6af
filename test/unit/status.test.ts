import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '#shared/domain/errors.ts';
import {
  allowedNext,
  assertTransition,
  canTransition,
  isOpen,
  ORDER_STATUSES,
} from '#shared/domain/status.ts';

describe('order status graph (R-PROC-7)', () => {
  it('follows the main path from received to archived', () => {
    const path = [
      'received',
      'under_review',
      'approved',
      'in_production',
      'shipped',
      'delivered',
      'completed',
      'archived',
    ] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('lets review end in a rejection', () => {
    expect(canTransition('under_review', 'rejected')).toBe(true);
    expect(canTransition('rejected', 'in_production')).toBe(false);
  });

  it('refuses skipping steps and going backwards', () => {
    expect(() => assertTransition('received', 'shipped')).toThrow(InvalidTransitionError);
    expect(() => assertTransition('delivered', 'in_production')).toThrow(
      /cannot go from delivered to in_production/,
    );
    expect(canTransition('archived', 'received')).toBe(false);
  });

  it('allows cancelling only before production (R-CHG-3)', () => {
    expect(canTransition('approved', 'cancelled')).toBe(true);
    expect(canTransition('in_production', 'cancelled')).toBe(false);
    expect(canTransition('shipped', 'cancelled')).toBe(false);
  });

  it('puts open orders on hold and resumes them', () => {
    expect(canTransition('under_review', 'on_hold')).toBe(true);
    expect(canTransition('on_hold', 'under_review')).toBe(true);
    expect(canTransition('completed', 'on_hold')).toBe(false);
  });

  it('has an entry for every status, and only known statuses as targets', () => {
    for (const s of ORDER_STATUSES) for (const t of allowedNext(s)) expect(ORDER_STATUSES).toContain(t);
    expect(allowedNext('archived')).toEqual([]);
  });

  it('keeps received, under-review and held orders in the work queue (R-PROC-1)', () => {
    expect(ORDER_STATUSES.filter(isOpen)).toEqual(['received', 'under_review', 'on_hold']);
  });
});
