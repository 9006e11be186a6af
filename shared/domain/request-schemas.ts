/** Request schemas of the staff endpoints (the order body lives in order-schema.ts). */
import * as z from 'zod';

/** POST /api/orders/{id}/assign (R-PROC-2). */
export const assignBodySchema = z
  .object({
    assignee: z.email('Give the handler’s email address').max(254),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();

/** GET /api/queue (R-PROC-1). */
export const queueQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
