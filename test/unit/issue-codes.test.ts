/**
 * Validation issues carry stable codes (shared/domain/issue-codes.ts): the API adds them, the
 * pages translate the code (web/js/i18n.js) and the email replies word it in Chinese, so no page
 * matches English text to find its words (R-INTAKE-2).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import { coded, codeOf, ISSUE_CODES, issueInChinese } from '#shared/domain/issue-codes.ts';
import { orderInputSchema } from '#shared/domain/order-schema.ts';
import { toFieldIssues } from '#shared/domain/validate.ts';
import { errorToResult } from '#shared/http/errors.ts';

interface I18nModule {
  setLang(lang: string): void;
  t(key: string, params?: object): string;
  localizeServerMessage(issue: unknown): string;
  ISSUE_KEYS: Record<string, string>;
}
let i18n: I18nModule;
beforeAll(async () => {
  i18n = (await import('../../web/js/i18n.js' as string)) as I18nModule;
});

const badOrder = {
  customer: { name: '', phone: 'abc', email: 'nope' },
  items: [{ sku: 'A', quantity: 1.5, unitPrice: -1, spec: 'x'.repeat(201) }],
  paymentMethod: 'bank_transfer',
  delivery: { address: '上海', requestedDate: '2026-13-40' },
};

describe('issue codes', () => {
  it('codes the messages the order schema writes, with their values as params', () => {
    const parsed = orderInputSchema.safeParse(badOrder);
    expect(parsed.success).toBe(false);
    const issues = toFieldIssues(parsed.error!).map(coded);
    // the first issue of each field, as a form shows it
    const byPath = Object.fromEntries(issues.toReversed().map((i) => [i.path, i]));
    expect(byPath['customer.name']?.code).toBe('required');
    expect(byPath['customer.phone']?.code).toBe('phone');
    expect(byPath['customer.email']?.code).toBe('email');
    expect(byPath['items.0.quantity']?.code).toBe('integer');
    expect(byPath['items.0.unitPrice']?.code).toBe('negative');
    expect(byPath['items.0.spec']).toMatchObject({ code: 'too-long', params: { max: '200' } });
    expect(byPath['delivery.requestedDate']?.code).toBe('date');
  });

  it('leaves a message it does not know uncoded, and keeps a code already given', () => {
    expect(coded({ path: 'x', message: 'Something new' })).toEqual({ path: 'x', message: 'Something new' });
    expect(codeOf('Unknown SKU BRG-1')).toEqual({ code: 'unknown-sku', params: { sku: 'BRG-1' } });
  });

  it('answers coded issues from the HTTP edge', async () => {
    const res = errorToResult(
      new ValidationError('Invalid order', [{ path: 'items', message: 'At least one item' }]),
    );
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).issues).toEqual([
      { path: 'items', message: 'At least one item', code: 'items-required' },
    ]);
  });

  it('codes the after-sales issues, so the case card never reads their English (R-AFTER-1)', () => {
    expect(codeOf('At most 12500 cents may be refunded (order total minus refunds granted)')).toEqual({
      code: 'refund-over',
      params: { max: '12500' },
    });
    expect(codeOf('At most the 500 cents asked for')).toEqual({
      code: 'refund-over-asked',
      params: { max: '500' },
    });
    expect(codeOf('A return case needs an order that has been shipped; this one is approved')).toMatchObject({
      code: 'case-not-shipped',
    });
    expect(codeOf('Say how the case was answered')).toEqual({ code: 'case-note-required' });
    expect(issueInChinese('At most 12500 cents may be refunded (order total minus refunds granted)')).toBe(
      '最多可退 125.00 元（订单金额减已退款）',
    );
  });

  it('words every code in Chinese for email replies', () => {
    expect(issueInChinese('At most 500 characters')).toBe('最多 500 个字符');
    expect(issueInChinese('Not a phone number')).toBe('不是有效的电话号码');
    expect(issueInChinese('Nothing we know')).toBeUndefined();
  });

  it('gives the pages a sentence for codes by key, never by English text', () => {
    for (const code of Object.keys(i18n.ISSUE_KEYS)) expect(ISSUE_CODES).toContain(code);
    i18n.setLang('zh-CN');
    for (const key of Object.values(i18n.ISSUE_KEYS)) expect(i18n.t(key)).not.toBe(key);
    expect(
      i18n.localizeServerMessage({ path: 'customer.phone', message: 'Not a phone number', code: 'phone' }),
    ).toBe(i18n.t('v.phone'));
    expect(
      i18n.localizeServerMessage({
        path: 'notes',
        message: 'At most 2000 characters',
        code: 'too-long',
        params: { max: '2000' },
      }),
    ).toContain('2000');
    // an amount field reads the count codes as a price problem
    expect(
      i18n.localizeServerMessage({
        path: 'items.0.unitPrice',
        message: 'Must be an integer (whole cents)',
        code: 'integer',
      }),
    ).toBe(i18n.t('v.price'));
    // the same English without a code is shown as sent: no text matching in the page
    expect(i18n.localizeServerMessage({ path: 'customer.phone', message: 'Not a phone number' })).toBe(
      'Not a phone number',
    );
  });
});
