/**
 * A coded history entry is stored without what its code already says (its English reason, and
 * the code itself where it equals the action), and read back whole (R-ARCH-2, docs/data-model.md
 * "Write units at intake"): a normal order stays within 1 KB.
 */
import { describe, expect, it } from 'vitest';
import { historyNote, readEntry, storedEntry } from '#shared/domain/history-codes.ts';

const at = '2026-12-03T01:00:00.000Z';

describe('stored history entries', () => {
  it('drop the derivable reason and an action-equal code, and read back the same entry', () => {
    const created = {
      at,
      actor: 'customer',
      action: 'created',
      to: 'received',
      ...historyNote('created', { channel: 'web' }),
    };
    const stored = storedEntry(created);
    expect(stored).toEqual({
      at,
      actor: 'customer',
      action: 'created',
      to: 'received',
      params: { channel: 'web' },
    });
    expect(readEntry(stored)).toEqual(created);
    const escalated = {
      at,
      actor: 'workflow',
      action: 'escalated',
      ...historyNote('approval.escalated', { role: 'ops', to: 'gm' }),
    };
    expect(storedEntry(escalated)).not.toHaveProperty('reason');
    expect(storedEntry(escalated)).toHaveProperty('code', 'approval.escalated');
    expect(readEntry(storedEntry(escalated))).toEqual(escalated);
  });

  it('keep a reason the code does not say, and entries without a code as they are', () => {
    const custom = {
      at,
      actor: 'ops',
      action: 'created',
      code: 'created',
      params: { channel: 'web' },
      reason: 'typed by hand',
    };
    expect(storedEntry(custom)).toEqual(custom);
    const old = {
      at,
      actor: 'ops',
      action: 'status',
      from: 'received',
      to: 'under_review',
      reason: 'checked',
    };
    expect(storedEntry(old)).toEqual(old);
    expect(readEntry(old)).toEqual(old);
    const bare: { at: string; action: string; reason?: string } = { at, action: 'status' };
    expect(readEntry(bare)).toEqual(bare);
  });
});
