/**
 * The ASL interpreter, aws-local-stepfunctions, driven one state at a time. The runner owns the
 * loop between states (so each transition is persisted before the next) and every wait; the
 * library does what it is good at: InputPath/Parameters/ResultSelector/ResultPath/OutputPath,
 * intrinsic functions, Choice rules, Pass/Fail/Succeed, and whole Parallel/Map states (their
 * inner tasks call back into the runner through `taskResourceLocalHandlers`).
 *
 * The library rebuilds `$$.Execution.Input`/`StartTime` from each run's input and clock, which
 * per-state runs would get wrong, so definitions read copies (definitions.ts rewrites the paths).
 */
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import {
  type AslDefinition,
  type AslState,
  INTERPRETER_MAX_TIMEOUT_SECONDS,
  ORIGINAL_CONTEXT_FIELD,
  type Retrier,
} from './definitions.ts';

// The library's Task state uses Promise.withResolvers (Node >= 22); Lambda runs 22, this may run 20.
const promiseStatics = Promise as unknown as { withResolvers?: () => unknown };
promiseStatics.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type TaskHandlers = Record<string, (input: Json) => Promise<Json>>;

export interface ContextObject {
  execution: { arn: string; name: string; input: unknown; startTime: string };
  stateMachine: { arn: string; name: string };
  state: { name: string; enteredTime: string; retryCount: number };
  taskToken?: string;
}

/** The Context Object (`$$`) as AWS fills it, in the shape the library reads. */
function contextOf(context: ContextObject): Record<string, unknown> {
  return {
    Execution: {
      Id: context.execution.arn,
      Name: context.execution.name,
      RoleArn: `arn:aws:iam::000000000000:role/local-stepfunctions`,
      RedriveCount: 0,
      [ORIGINAL_CONTEXT_FIELD.Input]: context.execution.input,
      [ORIGINAL_CONTEXT_FIELD.StartTime]: context.execution.startTime,
    },
    StateMachine: { Id: context.stateMachine.arn, Name: context.stateMachine.name },
    State: {
      Name: context.state.name,
      EnteredTime: context.state.enteredTime,
      RetryCount: context.state.retryCount,
    },
    ...(context.taskToken ? { Task: { Token: context.taskToken } } : {}),
  };
}

const NEXT_PREFIX = '\u0000next:';
const INTERNAL_RESOURCE = 'arn:aws:lambda:local:000000000000:function:orderdesk-runner-internal';

async function runOne(
  states: Record<string, unknown>,
  startAt: string,
  input: unknown,
  context: ContextObject,
  handlers: TaskHandlers = {},
): Promise<unknown> {
  const definition = { StartAt: startAt, States: states } as unknown as StateMachineDefinition;
  const machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
  try {
    return await machine.run(input as Json, {
      context: contextOf(context),
      overrides: { taskResourceLocalHandlers: handlers },
    }).result;
  } catch (error) {
    throw error instanceof ExecutionError ? error.cause : error;
  }
}

function pick(state: AslState, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => field in state).map((field) => [field, state[field]]));
}

const scaledBranches = new WeakMap<AslState, AslState>();

function scaleRetrier(retrier: Retrier, timeScale: number): Retrier {
  return {
    ...retrier,
    IntervalSeconds: (retrier.IntervalSeconds ?? 1) / timeScale,
    ...(retrier.MaxDelaySeconds ? { MaxDelaySeconds: retrier.MaxDelaySeconds / timeScale } : {}),
  };
}

/** Branch states run inside the library: scale their timeouts/retries, no hidden 60 s default. */
function scaleNested(definition: AslDefinition, timeScale: number): AslDefinition {
  const states = Object.fromEntries(
    Object.entries(definition.States).map(([name, state]) => [name, scaleState(state, timeScale, true)]),
  );
  return { ...definition, States: states };
}

function scaleState(state: AslState, timeScale: number, nested: boolean): AslState {
  const copy: AslState = { ...state };
  if (nested && copy.Retry) copy.Retry = copy.Retry.map((retrier) => scaleRetrier(retrier, timeScale));
  if (nested && copy.Type === 'Task') {
    copy.TimeoutSeconds = copy.TimeoutSeconds
      ? Math.min(Math.max(0.001, copy.TimeoutSeconds / timeScale), INTERPRETER_MAX_TIMEOUT_SECONDS)
      : INTERPRETER_MAX_TIMEOUT_SECONDS;
  }
  if (copy.Type === 'Parallel') {
    copy['Branches'] = (copy['Branches'] as AslDefinition[]).map((branch) => scaleNested(branch, timeScale));
  }
  for (const key of ['ItemProcessor', 'Iterator'] as const) {
    if (copy.Type === 'Map' && copy[key]) copy[key] = scaleNested(copy[key] as AslDefinition, timeScale);
  }
  return copy;
}

export interface StateOutcome {
  output: unknown;
  /** The next state, or null when the execution ends here. */
  next: string | null;
}

/**
 * Runs a Pass, Choice, Succeed, Fail, Parallel or Map state once, without its Retry/Catch (the
 * runner applies those durably). Throws what the state failed with.
 */
export async function runState(
  name: string,
  state: AslState,
  input: unknown,
  context: ContextObject,
  options: { timeScale: number; handlers: TaskHandlers },
): Promise<StateOutcome> {
  if (state.Type === 'Choice') {
    const rules = (state['Choices'] as { Next: string }[]).map((rule) => ({
      ...rule,
      Next: NEXT_PREFIX + rule.Next,
    }));
    const targets = [
      ...rules.map((rule) => rule.Next),
      ...(state['Default'] ? [NEXT_PREFIX + state['Default']] : []),
    ];
    const states: Record<string, unknown> = {
      [name]: {
        ...state,
        Choices: rules,
        ...(state['Default'] ? { Default: NEXT_PREFIX + state['Default'] } : {}),
      },
    };
    for (const target of targets) {
      states[target] = {
        Type: 'Pass',
        Parameters: { 'output.$': '$', next: target.slice(NEXT_PREFIX.length) },
        End: true,
      };
    }
    const result = (await runOne(states, name, input, context)) as { output: unknown; next: string };
    return { output: result.output, next: result.next };
  }
  if (state.Type === 'Succeed' || state.Type === 'Fail') {
    return { output: await runOne({ [name]: state }, name, input, context), next: null };
  }
  let single = scaledBranches.get(state);
  if (!single) {
    const {
      Next: _next,
      Retry: _retry,
      Catch: _catch,
      ...rest
    } = scaleState(state, options.timeScale, false);
    single = { ...rest, End: true } as AslState;
    scaledBranches.set(state, single);
  }
  const output = await runOne({ [name]: single }, name, input, context, options.handlers);
  return { output, next: state.End ? null : (state.Next ?? null) };
}

/** A Task's effective input: InputPath then Parameters (where `$$.Task.Token` resolves). */
export function effectiveInput(name: string, state: AslState, input: unknown, context: ContextObject) {
  const pass = { Type: 'Pass', ...pick(state, ['InputPath', 'Parameters']), End: true };
  return runOne({ [name]: pass }, name, input, context);
}

/** Values of reference paths (SecondsPath, TimeoutSecondsPath, …) against the input after InputPath. */
export async function selectPaths(
  name: string,
  state: AslState,
  input: unknown,
  context: ContextObject,
  paths: Record<string, string>,
): Promise<Record<string, unknown>> {
  const parameters = Object.fromEntries(Object.entries(paths).map(([key, path]) => [`${key}.$`, path]));
  const pass = { Type: 'Pass', ...pick(state, ['InputPath']), Parameters: parameters, End: true };
  return (await runOne({ [name]: pass }, name, input, context)) as Record<string, unknown>;
}

/** ResultSelector, ResultPath and OutputPath of `state` applied to a task's result. */
export function applyResult(
  name: string,
  fields: Pick<AslState, 'ResultSelector' | 'ResultPath' | 'OutputPath'>,
  rawInput: unknown,
  result: unknown,
  context: ContextObject,
): Promise<unknown> {
  const task = {
    Type: 'Task',
    Resource: INTERNAL_RESOURCE,
    ...pick(fields as AslState, ['ResultSelector', 'ResultPath', 'OutputPath']),
    TimeoutSeconds: INTERPRETER_MAX_TIMEOUT_SECONDS,
    End: true,
  };
  return runOne({ [name]: task }, name, rawInput, context, { [name]: async () => result as Json });
}

/** A Wait state's output: InputPath then OutputPath. */
export function waitOutput(name: string, state: AslState, input: unknown, context: ContextObject) {
  const pass = { Type: 'Pass', ...pick(state, ['InputPath', 'OutputPath']), End: true };
  return runOne({ [name]: pass }, name, input, context);
}
