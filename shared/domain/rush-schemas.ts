/** Inputs of the rush-order endpoints (R-RUSH-1, R-RUSH-6, R-RUSH-7), validated like intake. */
import * as z from 'zod';

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);

/** The rush fields added to the intake body of POST /api/orders. */
export const rushFieldsSchema = z.object({
  urgency: z.enum(['high', 'critical']),
  requiredBy: z.iso.datetime({ offset: true, error: 'Must be a date-time, e.g. 2026-12-01T17:00:00+08:00' }),
  reason: text(1000),
});

export const progressReportSchema = z
  .object({
    done: text(2000),
    next: text(2000),
    risk: z.string().trim().max(2000).optional(),
    expectedDelivery: z.iso.datetime({ offset: true }).optional(),
    overtime: z.boolean().optional(),
  })
  .strict();

export const rushReviewSchema = z
  .object({ wentWell: text(2000), wentWrong: text(2000), actions: text(2000) })
  .strict();

export const shipmentSchema = z.object({ carrier: text(100), trackingNumber: text(100) }).strict();
