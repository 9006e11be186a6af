/**
 * Schemas of email intake (R-INTAKE-6): the SES receipt event the intake function receives (on
 * AWS from the receipt rule, locally from the SMTP server, in the same shape) and the staff
 * requests of the inbound lists.
 */
import * as z from 'zod';
import { INBOUND_STATES } from '../entities/inbound-entity.ts';

const verdict = z.object({ status: z.string().min(1) });

/** The SES "Lambda action" event: `Records[0].ses.mail` and `.receipt` (verdicts). */
export const sesEventSchema = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal('aws:ses').optional(),
        ses: z.object({
          mail: z.object({
            messageId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'Not an SES message id'),
            source: z.string().max(320).optional(),
            timestamp: z.string().optional(),
            destination: z.array(z.string()).optional(),
          }),
          receipt: z.object({
            spamVerdict: verdict,
            virusVerdict: verdict,
            spfVerdict: verdict,
            dkimVerdict: verdict,
            dmarcVerdict: verdict,
          }),
        }),
      }),
    )
    .min(1, 'No record'),
});
export type SesEvent = z.infer<typeof sesEventSchema>;

/** GET /api/inbound */
export const inboundQuerySchema = z.object({
  state: z.enum(INBOUND_STATES).default('attention'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});

/** POST /api/inbound/{id}/dismiss */
export const dismissBodySchema = z
  .object({ reason: z.string().trim().min(1, 'Required').max(500, 'At most 500 characters') })
  .strict();
