/**
 * Words people read name no rule ids: the console and the public pages say what happens in the
 * reader's words; the ids (R-PRICE-3, …) are for docs/rules.md and the code.
 */
import { beforeAll, describe, expect, it } from 'vitest';

let STRINGS: Record<string, readonly string[]>;
beforeAll(async () => {
  ({ STRINGS } = (await import('../../web/js/i18n-strings.js' as string)) as {
    STRINGS: Record<string, readonly string[]>;
  });
});

const RULE_ID = /\bR-[A-Z]+-\d+/;

describe('page words', () => {
  it('names no rule id in either language', () => {
    const withIds = Object.entries(STRINGS)
      .filter(([, words]) => words.some((w) => RULE_ID.test(w)))
      .map(([key]) => key);
    expect(withIds).toEqual([]);
  });

  it('would notice one', () => {
    expect(RULE_ID.test('需销售总监审批（R-PRICE-3）')).toBe(true);
    expect(RULE_ID.test('需销售总监审批')).toBe(false);
  });
});
