import { describe, expect, it } from 'vitest';
import { languageFromHeader, withOrderLanguage } from '#shared/domain/order-language.ts';
import { signTrackingToken } from '#shared/domain/tracking-token.ts';
import { trackOrder } from '#shared/use-cases/track-order.ts';
import { memoryOrderStore } from '../support/memory-stores.ts';
import { sampleOrder } from '../support/sample-order.ts';

describe('the language an order speaks to its customer (R-TRACK-1, R-INTAKE-3)', () => {
  it('tells the tracking page the order’s language', async () => {
    const orders = memoryOrderStore();
    const orderId = '01KB0000000000000000000000';
    await orders.create(sampleOrder({ orderId, language: 'en' }));
    const view = await trackOrder({ orders, trackingSecret: 's' }, signTrackingToken('s', orderId));
    expect(view.language).toBe('en');
  });

  it('takes the caller’s Accept-Language when the order body names none, Chinese otherwise', () => {
    expect(languageFromHeader('en-US,en;q=0.9')).toBe('en');
    expect(languageFromHeader('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(languageFromHeader('fr-FR,en;q=0.5,zh;q=0.3')).toBe('en');
    expect(languageFromHeader('de-DE')).toBe('zh-CN');
    expect(languageFromHeader(undefined)).toBe('zh-CN');
    expect(withOrderLanguage({ items: [] }, 'en-GB')).toEqual({ items: [], language: 'en' });
    expect(withOrderLanguage({ language: 'zh-CN' }, 'en-GB')).toEqual({ language: 'zh-CN' });
  });
});
