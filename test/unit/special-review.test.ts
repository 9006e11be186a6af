/**
 * The special-requirement review's rules (R-SPEC-1), one module for quotations and orders: what
 * is flagged, who reviews (quality where configured, SPECIAL_REVIEW_QUALITY_ROLE), who answers,
 * and how the review stands after each opinion.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ownCompany, specialReviewQualityRole } from '#shared/config.ts';
import { DEMO_COMPANY } from '#shared/domain/company.ts';
import {
  answeringDepartment,
  type SpecialReview,
  specialRequirements,
  specialReviewDepartments,
  waitingDepartments,
  withOpinion,
} from '#shared/domain/special-review.ts';

const bearing = { spec: '6204-2RS', packaging: ['纸箱', '10个/盒'] };

describe('what differs from the product standard (R-SPEC-1)', () => {
  it('flags another spec, a packaging not among the product’s, labelling and inspection', () => {
    expect(specialRequirements({ sku: 'BRG-6204' }, bearing)).toEqual([]);
    expect(specialRequirements({ sku: 'BRG-6204', spec: '6204-2RS', packaging: '纸箱' }, bearing)).toEqual(
      [],
    );
    expect(specialRequirements({ sku: 'BRG-6204', spec: '6204-ZZ' }, bearing)).toEqual(['spec']);
    expect(specialRequirements({ sku: 'BRG-6204', packaging: '木箱' }, bearing)).toEqual(['packaging']);
    expect(
      specialRequirements({ sku: 'BRG-6204', labelling: '客户标签', inspection: '全检' }, bearing),
    ).toEqual(['labelling', 'inspection']);
    // A product without packaging options: any packaging asked for is special.
    expect(specialRequirements({ sku: 'X', packaging: '纸箱' }, { spec: 'x' })).toEqual(['packaging']);
    // A free-text product (quotations) is special as such.
    expect(specialRequirements({}, undefined)).toEqual(['product']);
  });

  it('takes a made-to-order product’s spec as the customer’s drawing, not a departure', () => {
    const pump = { spec: '按图纸 per drawing', madeToOrder: true };
    expect(specialRequirements({ sku: 'PMP-CUSTOM', spec: '图号 P-2026-118' }, pump)).toEqual([]);
    expect(
      specialRequirements({ sku: 'PMP-CUSTOM', spec: '图号 P-2026-118', inspection: '水压试验' }, pump),
    ).toEqual(['inspection']);
  });
});

describe('who reviews and who answers (R-SPEC-1)', () => {
  it('is production and ops, and quality where configured', () => {
    expect(specialReviewDepartments()).toEqual(['production', 'ops']);
    expect(specialReviewDepartments('safety')).toEqual(['production', 'ops', 'safety']);
    // Naming production or ops again adds nobody.
    expect(specialReviewDepartments('ops')).toEqual(['production', 'ops']);
  });

  it('lets each department answer once, and nobody else', () => {
    const review: SpecialReview = { departments: ['production', 'ops'], opinions: [], status: 'pending' };
    expect(answeringDepartment(review, ['sales'])).toBe('none');
    expect(answeringDepartment(review, ['production'])).toBe('production');
    const once = withOpinion(
      review,
      'production',
      'p@example.com',
      { opinion: 'accept', conditions: '+3 天' },
      'T1',
    );
    expect(once.outcome).toBe('waiting');
    expect(once.review.status).toBe('pending');
    expect(once.record).toEqual({
      department: 'production',
      actor: 'p@example.com',
      opinion: 'accept',
      conditions: '+3 天',
      at: 'T1',
    });
    expect(waitingDepartments(once.review)).toEqual(['ops']);
    expect(answeringDepartment(once.review, ['production'])).toBe('answered');
    // Someone in both departments answers for the one still due.
    expect(answeringDepartment(once.review, ['production', 'ops'])).toBe('ops');

    const all = withOpinion(once.review, 'ops', 'o@example.com', { opinion: 'accept' }, 'T2');
    expect(all).toMatchObject({ outcome: 'accepted', review: { status: 'accepted' } });
    const rejected = withOpinion(
      once.review,
      'ops',
      'o@example.com',
      { opinion: 'reject', reason: '不行' },
      'T2',
    );
    expect(rejected).toMatchObject({ outcome: 'rejected', review: { status: 'rejected' } });
    // A quotation's review has no status of its own: it stays so.
    const quotation = withOpinion(
      { departments: ['production'], opinions: [] },
      'production',
      'p',
      { opinion: 'accept' },
      'T',
    );
    expect(quotation.outcome).toBe('accepted');
    expect(quotation.review.status).toBeUndefined();
  });
});

describe('the settings (shared/config.ts)', () => {
  afterEach(() => {
    delete process.env['SPECIAL_REVIEW_QUALITY_ROLE'];
    delete process.env['ORDERDESK_COMPANY'];
  });

  it('reads SPECIAL_REVIEW_QUALITY_ROLE as a staff role, loudly', () => {
    expect(specialReviewQualityRole()).toBeUndefined();
    process.env['SPECIAL_REVIEW_QUALITY_ROLE'] = 'safety';
    expect(specialReviewQualityRole()).toBe('safety');
    process.env['SPECIAL_REVIEW_QUALITY_ROLE'] = 'quality';
    expect(() => specialReviewQualityRole()).toThrow(/SPECIAL_REVIEW_QUALITY_ROLE must be one of/);
    process.env['SPECIAL_REVIEW_QUALITY_ROLE'] = 'production';
    expect(() => specialReviewQualityRole()).toThrow(/SPECIAL_REVIEW_QUALITY_ROLE/);
  });

  it('reads ORDERDESK_COMPANY, the demo company when unset', () => {
    expect(ownCompany()).toEqual(DEMO_COMPANY);
    process.env['ORDERDESK_COMPANY'] = JSON.stringify({ nameZh: '华东精工', address: '苏州' });
    expect(ownCompany()).toEqual({ nameZh: '华东精工', address: '苏州' });
    process.env['ORDERDESK_COMPANY'] = '{"nameEn":"x"}';
    expect(() => ownCompany()).toThrow(/ORDERDESK_COMPANY/);
  });
});
