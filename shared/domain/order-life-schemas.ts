/**
 * Request bodies of the steps after approval (R-PROC-7, R-PROD-1, R-TRACK-2, R-TRACK-3,
 * R-PROC-8). Every body may carry `expectedVersion`, the version the caller saw: a stale one is
 * a 409 with the order's current status (optimistic locking).
 */
import * as z from 'zod';
import { EXCEPTION_KINDS } from './fulfilment.ts';
import { isoDate } from './order-schema.ts';

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
const expectedVersion = z.number().int().positive().optional();

/** POST /api/orders/{id}/production/finish, /complete: nothing but the version seen. */
export const versionBodySchema = z.object({ expectedVersion }).strict();

/** POST /api/orders/{id}/production/start (R-PROD-1). */
export const productionStartBodySchema = z
  .object({ plannedCompletionDate: isoDate, expectedVersion })
  .strict();

export const shipmentLineSchema = z
  .object({
    sku: text(64),
    quantity: z.number().int('Must be a whole number').positive('Must be more than 0'),
  })
  .strict();

/** POST /api/orders/{id}/shipments (R-TRACK-2): lines left out = everything not yet shipped. */
export const shipmentBodySchema = z
  .object({
    carrier: text(100),
    trackingNumber: text(100),
    lines: z
      .array(shipmentLineSchema)
      .min(1, 'List at least one line, or leave lines out')
      .max(200)
      .optional(),
    expectedVersion,
  })
  .strict();

/** POST /api/orders/{id}/shipments/{shipmentId}/deliver: who signed for it. */
export const deliverShipmentBodySchema = z.object({ signedBy: text(100), expectedVersion }).strict();

/** POST /api/orders/{id}/deliver (every open shipment): who signed, when known. */
export const deliverAllBodySchema = z.object({ signedBy: text(100).optional(), expectedVersion }).strict();

/** POST /api/orders/{id}/resume: why the held order goes on. */
export const resumeBodySchema = z.object({ reason: text(500), expectedVersion }).strict();

/** POST /api/orders/{id}/cancel: the reason the customer is told, and an internal note. */
export const cancelBodySchema = z
  .object({ reason: text(500), note: text(1000).optional(), expectedVersion })
  .strict();

/** POST /api/orders/{id}/exceptions (R-TRACK-3). */
export const exceptionBodySchema = z
  .object({
    kind: z.enum(EXCEPTION_KINDS, { error: `One of ${EXCEPTION_KINDS.join(', ')}` }),
    plan: text(1000),
    expectedDate: isoDate.optional(),
    expectedVersion,
  })
  .strict();

/** POST /api/orders/{id}/notes (R-PROC-8): the communication record, never shown to the customer. */
export const noteBodySchema = z
  .object({
    text: text(2000),
    /** R-PROC-8: a file uploaded first (POST /api/uploads): the call's recording, a signed page. */
    attachment: z
      .object({ uploadId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Not an upload id') })
      .strict()
      .optional(),
  })
  .strict();

/** 201 of POST /api/orders/{id}/shipments. */
export const shipmentViewSchema = z.object({
  shipmentId: z.string(),
  carrier: z.string(),
  trackingNumber: z.string(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  shippedAt: z.string(),
  shippedBy: z.string(),
  deliveredAt: z.string().optional(),
  signedBy: z.string().optional(),
  deliveredBy: z.string().optional(),
});

/** 201 of POST /api/orders/{id}/exceptions. */
export const exceptionViewSchema = z.object({
  exceptionId: z.string(),
  kind: z.enum(EXCEPTION_KINDS),
  plan: z.string(),
  expectedDate: z.string().optional(),
  at: z.string(),
  by: z.string(),
});

/** POST /api/orders/{id}/evidence (R-INTAKE-7): the signed or stamped page, or the customer's email. */
export const evidenceBodySchema = z.union([
  z.object({ uploadId: z.string().trim().min(1, 'Required').max(80), expectedVersion }).strict(),
  z.object({ inboundId: z.string().trim().min(1, 'Required').max(80), expectedVersion }).strict(),
]);
