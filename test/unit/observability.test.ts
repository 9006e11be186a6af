import { describe, expect, it } from 'vitest';
import { errorFields, redact } from '#shared/observability/logger.ts';
import { emfLine } from '#shared/observability/metrics.ts';
import { orderIdOf } from '#shared/observability/observed.ts';

describe('what the logs may carry (R-SEC-1)', () => {
  it('masks addresses and phone numbers that an error message quotes', () => {
    const error = Object.assign(
      new Error(
        'Email address is not verified. The following identities failed the check in region CN-NORTH-1: ' +
          'wang.xiaoming@mingyuan.example; SMS to +86 139-8765-4321 failed; 13987654321 too',
      ),
      { name: 'MessageRejected' },
    );
    const fields = errorFields(error);
    expect(fields.error).toBe('MessageRejected');
    expect(fields.reason).toContain('[email]');
    for (const text of [fields.reason, fields.stack ?? '']) {
      expect(text).not.toContain('wang.xiaoming');
      expect(text).not.toContain('8765');
    }
  });

  it('keeps ids, order numbers and amounts readable', () => {
    const text = 'Order OD20261203-K6DT0H1 (01M8XHF3BGV9KNEFZ74K6DT0H1) version 3 total 12500';
    expect(redact(text)).toBe(text);
  });

  it('keeps dates readable, and still masks a phone number written after one', () => {
    expect(redact('requested 2026-12-03, deadline 2027.01.04 09:00')).toBe(
      'requested 2026-12-03, deadline 2027.01.04 09:00',
    );
    expect(redact('due 2026-12-03 call 139 8765 4321')).toBe('due 2026-12-03 call [phone]');
    expect(redact('2026-12-03 13987654321')).toBe('2026-12-03 [phone]');
  });

  it('takes the order id from a workflow task or an order route, nothing else', () => {
    expect(orderIdOf({ orderId: '01ABC' })).toBe('01ABC');
    expect(orderIdOf({ routeKey: 'POST /api/orders/{id}/decision', pathParameters: { id: '01DEF' } })).toBe(
      '01DEF',
    );
    expect(orderIdOf({ routeKey: 'GET /api/rush-orders/{id}/review', pathParameters: { id: '01R' } })).toBe(
      '01R',
    );
    expect(orderIdOf({ routeKey: 'GET /api/inbound/{id}', pathParameters: { id: 'in-1' } })).toBeUndefined();
    expect(orderIdOf({ routeKey: 'GET /approvals/{id}', pathParameters: { id: 'ap-1' } })).toBeUndefined();
    expect(orderIdOf(undefined)).toBeUndefined();
  });
});

describe('business metrics as embedded metric format', () => {
  it('writes one count with the service and its own dimension, as CloudWatch reads it', () => {
    expect(JSON.parse(emfLine('ordersPlaced', 'phone', 1_800_000_000_000))).toEqual({
      _aws: {
        Timestamp: 1_800_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'OrderDesk',
            Dimensions: [['service', 'channel']],
            Metrics: [{ Name: 'OrdersPlaced', Unit: 'Count' }],
          },
        ],
      },
      service: 'order-desk',
      channel: 'phone',
      OrdersPlaced: 1,
    });
    expect(JSON.parse(emfLine('emailsQuarantined', ''))['reason']).toBe('none');
  });
});
