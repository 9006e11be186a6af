/** 大写金额 on the printed order confirmation and delivery note (R-PROC-7 documents). */
import { describe, expect, it } from 'vitest';
import { chineseAmount } from '../../web/js/chinese-amount.js';

describe('chineseAmount', () => {
  it.each([
    [0, '零元整'],
    [5, '伍分'],
    [50, '伍角整'],
    [100, '壹元整'],
    [2000, '贰拾元整'],
    [100105, '壹仟零壹元零伍分'],
    [100150, '壹仟零壹元伍角整'],
    [1234567, '壹万贰仟叁佰肆拾伍元陆角柒分'],
    [1000000, '壹万元整'],
    [1000100, '壹万零壹元整'],
    [10010000, '壹拾万零壹佰元整'],
    [100000000, '壹佰万元整'],
    [10000000000, '壹亿元整'],
    [10000010000, '壹亿零壹佰元整'],
    [10100000000, '壹亿零壹佰万元整'],
    [64500, '陆佰肆拾伍元整'],
    [1001, '壹拾元零壹分'],
    [-2000, '负贰拾元整'],
  ])('%i fen → %s', (fen, text) => {
    expect(chineseAmount(fen)).toBe(text);
  });

  it('refuses what is not a whole number of fen', () => {
    expect(() => chineseAmount(1.5)).toThrow(RangeError);
  });
});
