/**
 * The `arn:aws:states:::states:startExecution` integration (request-response): a Task starts an
 * execution of a state machine of this runner — the rush workflow continues as a new execution
 * of itself before its history grows long. Parameters as AWS takes them (`StateMachineArn`,
 * `Name`, `Input` as JSON text or as an object); the result is `{ ExecutionArn, StartDate }`.
 * API errors become task errors named as AWS names them (`StepFunctions.<Type>Exception`).
 */
import type { Core } from './core.ts';
import { SfnApiError } from './errors.ts';
import { startExecution } from './executions.ts';

class StartExecutionError extends Error {
  constructor(type: string, message: string) {
    super(message);
    this.name = `StepFunctions.${type}Exception`;
  }
}

export async function startChildExecution(core: Core, parameters: unknown): Promise<unknown> {
  const p = (parameters ?? {}) as { StateMachineArn?: unknown; Name?: unknown; Input?: unknown };
  const machine = [...core.machines.values()].find((m) => m.arn === p.StateMachineArn);
  if (!machine) {
    throw new StartExecutionError(
      'StateMachineDoesNotExist',
      `State Machine Does Not Exist: '${String(p.StateMachineArn)}'`,
    );
  }
  const input =
    p.Input === undefined ? undefined : typeof p.Input === 'string' ? p.Input : JSON.stringify(p.Input);
  try {
    const started = await startExecution(core, machine, p.Name, input);
    return { ExecutionArn: started.executionArn, StartDate: new Date(started.startDate).toISOString() };
  } catch (error) {
    if (error instanceof SfnApiError) throw new StartExecutionError(error.type, error.message);
    throw error;
  }
}
