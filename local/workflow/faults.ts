/**
 * Injected failures (ORDERDESK_FAULT_TASKS), so the Retry and Catch paths of the definitions run
 * locally the way they run on AWS: a faulty function fails before its handler runs, with the
 * error Step Functions would see (e.g. `Lambda.TooManyRequestsException`, which Lambda answers
 * without running the function). Per function name: fail the first `times` invocations, or
 * each with probability `rate` (0–1), or both (the first `times`, then at `rate`).
 *
 *   ORDERDESK_FAULT_TASKS='{"request-approval":{"error":"Lambda.TooManyRequestsException","times":2}}'
 */
import * as z from 'zod';
import type { LocalFunction } from './lambda.ts';

const faultSchema = z
  .object({
    error: z.string().min(1).default('Lambda.ServiceException'),
    cause: z.string().optional(),
    times: z.number().int().min(0).optional(),
    rate: z.number().min(0).max(1).optional(),
  })
  .strict()
  .refine((f) => f.times !== undefined || f.rate !== undefined, { message: 'give times, rate or both' });

const planSchema = z.record(z.string().regex(/^[a-z0-9-]+$/, 'a function name'), faultSchema);

export type FaultPlan = z.infer<typeof planSchema>;

/** Parses the variable loudly: every problem, with its path; unset or empty is no faults. */
export function parseFaultPlan(raw: string | undefined, knownFunctions?: readonly string[]): FaultPlan {
  if (raw === undefined || raw.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`ORDERDESK_FAULT_TASKS is not JSON: ${(error as Error).message}`);
  }
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new Error(`ORDERDESK_FAULT_TASKS: ${issues.join('; ')}`);
  }
  const unknown = knownFunctions ? Object.keys(parsed.data).filter((n) => !knownFunctions.includes(n)) : [];
  if (unknown.length > 0) {
    throw new Error(`ORDERDESK_FAULT_TASKS names no workflow function: ${unknown.join(', ')}`);
  }
  return parsed.data;
}

/** The error a faulty invocation throws: its name is what Retry/Catch match. */
class InjectedFault extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const FUNCTION_NAME = /:function:([^:]+)$/;

/** Wraps the handlers named in the plan; the others are returned as they are. */
export function withFaults(
  functions: Record<string, LocalFunction>,
  plan: FaultPlan,
  log: (line: string) => void = () => {},
  random: () => number = Math.random,
): Record<string, LocalFunction> {
  const wrapped: Record<string, LocalFunction> = {};
  for (const [arn, handler] of Object.entries(functions)) {
    const name = FUNCTION_NAME.exec(arn)?.[1] ?? arn;
    const fault = plan[name];
    if (!fault) {
      wrapped[arn] = handler;
      continue;
    }
    let failed = 0;
    wrapped[arn] = async (event, context) => {
      const byCount = fault.times !== undefined && failed < fault.times;
      const byRate = !byCount && fault.rate !== undefined && random() < fault.rate;
      if (byCount || byRate) {
        failed += 1;
        log(`workflow: injected ${fault.error} into ${name} (${failed})`);
        throw new InjectedFault(fault.error, fault.cause ?? `Injected by ORDERDESK_FAULT_TASKS (${failed})`);
      }
      return handler(event, context);
    };
  }
  return wrapped;
}
