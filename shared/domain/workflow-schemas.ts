/**
 * What the workflow hands its tasks and what a decision carries, validated at each entry like
 * every other input. Unknown extra fields are kept (the state flows on through the workflow).
 */
import * as z from 'zod';
import { APPROVAL_ROLES } from './order-schema.ts';

const role = z.enum(APPROVAL_ROLES);

export const approvalStepSchema = z.object({
  role,
  deadline: z.iso.datetime(),
  timeoutSeconds: z.number().int().positive(),
  escalatedFrom: role.optional(),
});

export const approvalDecisionSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().optional(),
  actor: z.string(),
  role: z.string(),
  at: z.string(),
  requestId: z.string(),
});

/** The state every approval task receives (direct Lambda resource: the whole state). */
export const approvalStateSchema = z.looseObject({
  orderId: z.string().min(1),
  slaDeadline: z.iso.datetime().optional(),
  step: approvalStepSchema.nullable().optional(),
  decision: approvalDecisionSchema.optional(),
});

export const requestApprovalInputSchema = z.object({
  token: z.string().min(1),
  orderId: z.string().min(1),
  step: approvalStepSchema,
});

export const finishInputSchema = z.object({
  orderId: z.string().min(1),
  outcome: z.enum(['approved', 'rejected', 'held']),
  decision: approvalDecisionSchema.optional(),
  error: z.looseObject({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

/** A decision from the console or the approval page. */
export const decisionBodySchema = z.object({
  decision: z.enum(['approve', 'reject'], { error: 'Choose approve or reject' }),
  reason: z.string().trim().max(1000, 'At most 1000 characters').optional(),
  requestId: z.string().max(64).optional(),
});

/** The form an emailed approval link posts (the reason's length is the decision's business). */
export const linkDecisionFormSchema = z.object({
  decision: decisionBodySchema.shape.decision,
  reason: z.string().optional(),
});

/** Parses a task input or throws an error the workflow records (and the Catch routes). */
export function parseTaskInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const error = new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    error.name = 'InvalidTaskInput';
    throw error;
  }
  return parsed.data;
}

/** The state the rush workflow passes between its tasks (R-RUSH-2..6). */
export const rushStateSchema = z.looseObject({
  orderId: z.string().min(1),
  step: approvalStepSchema.nullable().optional(),
  decision: approvalDecisionSchema.optional(),
  interval: z.number().positive().optional(),
  windowStart: z.iso.datetime().optional(),
  window: z.number().int().min(0).optional(),
  loops: z.number().int().min(0).optional(),
  generation: z.number().int().min(0).optional(),
});

export const finishRushInputSchema = z.object({
  orderId: z.string().min(1),
  outcome: z.enum(['rejected', 'delivered', 'held']),
  decision: approvalDecisionSchema.optional(),
  error: z.looseObject({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

/** RecordFailure's input: the order, where it failed, and what the Catch recorded. */
export const workflowFailureInputSchema = z.object({
  orderId: z.string().min(1),
  workflow: z.string().min(1),
  execution: z.string().min(1),
  error: z.looseObject({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

/** The state of the closing workflow (statemachines/order-close.asl.json, R-PROC-7). */
export const closeStateSchema = z.object({
  orderId: z.string().min(1),
  step: z.enum(['complete', 'archive']),
  completeAfterSeconds: z.number().int().nonnegative(),
  archiveAfterSeconds: z.number().int().nonnegative(),
});
