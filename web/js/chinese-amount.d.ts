/** An amount in fen in Chinese capital numerals (大写金额), e.g. `壹仟零壹元零伍分`. */
export function chineseAmount(fen: number): string;
