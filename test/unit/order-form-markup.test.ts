/**
 * The one markup of the order form's fields (web/js/order-form-markup.js), shared by the order
 * form, the rush application and the email correction form: every label, description and error
 * line points at an element that is there, ids are unique, every text has a dictionary key, and
 * the rush variant leaves out exactly the requested date and the priority (R-INTAKE-2,
 * R-INTAKE-5, R-RUSH-1). The pages themselves are driven in test/e2e.
 */
import { describe, expect, it } from 'vitest';

interface MarkupModule {
  orderFormFieldsHtml(options: { omit?: string[]; submitKey: string }): string;
  OMITTABLE: string[];
}
// Browser modules without type declarations: imported by a path held in a variable.
const markupPath = '../../web/js/order-form-markup.js';
const stringsPath = '../../web/js/i18n-strings.js';
const { orderFormFieldsHtml, OMITTABLE } = (await import(markupPath)) as MarkupModule;
const { STRINGS } = (await import(stringsPath)) as { STRINGS: Record<string, [string, string]> };

const all = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => m[1] ?? '');
const ids = (html: string) => all(html, /\sid="([^"]+)"/g);

describe('order form markup', () => {
  const full = orderFormFieldsHtml({ submitKey: 'form.submit' });
  const rush = orderFormFieldsHtml({ omit: ['requested-date', 'priority'], submitKey: 'rush.submit' });

  it('has unique ids, and every label and description points at one of them', () => {
    for (const html of [full, rush]) {
      const present = ids(html);
      expect(new Set(present).size).toBe(present.length);
      for (const target of all(html, /\sfor="([^"]+)"/g)) expect(present).toContain(target);
      // The rush page's own `delivery-date-error` is outside the shared part; nothing here points at it.
      for (const list of all(html, /aria-describedby="([^"]+)"/g)) {
        for (const target of list.split(' ')) expect(present).toContain(target);
      }
      for (const target of all(html, /data-focus="([^"]+)"/g)) expect(present).toContain(target);
    }
  });

  it('gives every text and option a key of the dictionary, the submit label the page’s key', () => {
    for (const key of all(full + rush, /data-i18n="([^"]+)"/g)) expect(Object.keys(STRINGS)).toContain(key);
    expect(full).toContain('id="submit-label" data-i18n="form.submit"');
    expect(rush).toContain('id="submit-label" data-i18n="rush.submit"');
  });

  it('keeps the fields the scripts and the API paths rely on, with their browser hints', () => {
    expect(full).toMatch(
      /<input id="customer-name" name="name" data-path="customer.name" autocomplete="name" required/,
    );
    expect(full).toMatch(/id="customer-phone"[^>]*autocomplete="tel"\s+inputmode="tel"/);
    expect(full).toMatch(/id="delivery-address"[^>]*required[^>]*autocomplete="street-address"/);
    for (const path of ['customer', 'items', 'delivery', 'priority'])
      expect(full).toContain(`data-error-for="${path}"`);
    for (const value of ['bank_transfer', 'alipay', 'wechat_pay', 'cash_on_delivery', 'monthly_settlement']) {
      expect(full).toContain(`<option value="${value}" data-i18n="payment.${value}">`);
    }
    for (const value of ['express', 'freight', 'company_delivery', 'self_pickup']) {
      expect(full).toContain(`<option value="${value}" data-i18n="transport.${value}">`);
    }
    // R-INTAKE-5: normal is the default priority.
    expect(full).toMatch(/name="priority" value="normal" id="priority-normal" checked/);
  });

  it('leaves out the requested date and the priority for the rush form, and nothing else', () => {
    expect(ids(full)).toEqual(
      expect.arrayContaining(['delivery-date', 'delivery-date-error', 'priority-normal', 'priority-error']),
    );
    const missing = ids(full).filter((id) => !ids(rush).includes(id));
    expect(missing.sort()).toEqual([
      'delivery-date',
      'delivery-date-error',
      'priority-error',
      'priority-normal',
    ]);
    expect(rush).not.toContain('name="priority"');
    expect(OMITTABLE).toEqual(['requested-date', 'priority']);
  });

  it('refuses a part it does not know instead of ignoring it', () => {
    expect(() => orderFormFieldsHtml({ omit: ['notes'], submitKey: 'form.submit' })).toThrow(
      /unknown part "notes"/,
    );
  });
});
