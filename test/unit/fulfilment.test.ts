/**
 * The rules of shipping in parts and resuming held orders (R-TRACK-2, R-PROC-7), without I/O.
 */
import { describe, expect, it } from 'vitest';
import { StatusConflictError, ValidationError } from '#shared/domain/errors.ts';
import {
  fullyShipped,
  lastHold,
  nextId,
  openShipments,
  remainingLines,
  resumeRoles,
  type Shipment,
  shipmentLines,
} from '#shared/domain/fulfilment.ts';
import type { HistoryEntry } from '#shared/domain/order-schema.ts';

const order = {
  status: 'in_production' as const,
  items: [
    { sku: 'A', quantity: 10 },
    { sku: 'B', quantity: 2 },
    { sku: 'A', quantity: 5 },
  ],
} as unknown as Parameters<typeof shipmentLines>[0];

const shipment = (
  id: string,
  lines: { sku: string; quantity: number }[],
  deliveredAt?: string,
): Shipment => ({
  shipmentId: id,
  carrier: 'c',
  trackingNumber: 't',
  lines,
  shippedAt: '2026-12-01T00:00:00Z',
  shippedBy: 'l',
  ...(deliveredAt ? { deliveredAt } : {}),
});

describe('partial shipments (R-TRACK-2)', () => {
  it('adds up a SKU over its lines and subtracts what each shipment carried', () => {
    expect(remainingLines(order)).toEqual([
      { sku: 'A', quantity: 15 },
      { sku: 'B', quantity: 2 },
    ]);
    const first = [shipment('S1', [{ sku: 'A', quantity: 6 }])];
    expect(remainingLines(order, first)).toEqual([
      { sku: 'A', quantity: 9 },
      { sku: 'B', quantity: 2 },
    ]);
    expect(fullyShipped(order, first)).toBe(false);
    const all = [
      ...first,
      shipment('S2', [
        { sku: 'A', quantity: 9 },
        { sku: 'B', quantity: 2 },
      ]),
    ];
    expect(remainingLines(order, all)).toEqual([]);
    expect(fullyShipped(order, all)).toBe(true);
  });

  it('ships everything left when no lines are given', () => {
    const shipments = [shipment('S1', [{ sku: 'B', quantity: 2 }])];
    expect(shipmentLines({ ...order, shipments }, undefined)).toEqual([{ sku: 'A', quantity: 15 }]);
  });

  it('refuses more than is left, a SKU not on the order, or a SKU twice — field by field', () => {
    const shipments = [shipment('S1', [{ sku: 'A', quantity: 14 }])];
    try {
      shipmentLines({ ...order, shipments }, [
        { sku: 'A', quantity: 2 },
        { sku: 'Z', quantity: 1 },
        { sku: 'A', quantity: 1 },
      ]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        { path: 'lines.0.quantity', message: 'At most 1 left to ship' },
        { path: 'lines.1.sku', message: 'Not on this order' },
        { path: 'lines.2.sku', message: 'Listed twice' },
      ]);
    }
    expect(shipmentLines({ ...order, shipments }, [{ sku: 'A', quantity: 1 }])).toEqual([
      { sku: 'A', quantity: 1 },
    ]);
  });

  it('answers a conflict with the status when nothing is left to ship', () => {
    const shipments = [
      shipment('S1', [
        { sku: 'A', quantity: 15 },
        { sku: 'B', quantity: 2 },
      ]),
    ];
    expect(() => shipmentLines({ ...order, shipments }, undefined)).toThrow(StatusConflictError);
  });

  it('numbers shipments and finds the ones not yet signed for', () => {
    const shipments = [shipment('S1', [], '2026-12-02T00:00:00Z'), shipment('S2', [])];
    expect(nextId('S', shipments)).toBe('S3');
    expect(nextId('E')).toBe('E1');
    expect(openShipments(shipments).map((s) => s.shipmentId)).toEqual(['S2']);
  });
});

describe('resuming a held order (R-PROC-7)', () => {
  const held = (from: string, extra: Record<string, unknown> = {}) => ({
    history: [
      { at: 'a', actor: 'w', action: 'status', from: 'received', to: 'under_review' },
      { at: 'b', actor: 'w', action: 'escalated', from, to: 'on_hold', reason: 'gm missed the deadline' },
    ] as HistoryEntry[],
    approvalChain: ['ops', 'sales_director', 'gm'] as ('ops' | 'sales_director' | 'gm')[],
    ...extra,
  });

  it('finds where the order was held from and why', () => {
    expect(lastHold(held('under_review'))).toEqual({
      from: 'under_review',
      reason: 'gm missed the deadline',
    });
  });

  it('lets gm and the approver the chain waits on resume a stalled approval', () => {
    const approvals = [{ role: 'ops', actor: 'o', at: 'x', step: 'ops' as const }];
    expect(resumeRoles(held('under_review', { approvals })).sort()).toEqual(['gm', 'sales_director']);
    expect(resumeRoles(held('received')).sort()).toEqual(['gm', 'ops', 'sales']);
    expect(resumeRoles(held('in_production')).sort()).toEqual(['gm', 'production']);
    expect(resumeRoles(held('shipped')).sort()).toEqual(['gm', 'logistics']);
  });
});

describe('resuming a held rush order (R-RUSH-3)', () => {
  it('lets gm and the sales director resume a stalled leadership decision', () => {
    const order = {
      history: [
        { at: 'a', actor: 'w', action: 'escalated', from: 'under_review', to: 'on_hold' },
      ] as HistoryEntry[],
      approvalChain: ['ops'] as 'ops'[],
      rush: {},
    };
    expect(resumeRoles(order).sort()).toEqual(['gm', 'sales_director']);
  });
});
