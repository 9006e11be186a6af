/**
 * State machine definitions: validated with asl-validator at start, checked against what this
 * runner can run durably, and prepared for the interpreter (ARNs, task resources, the copies of
 * Parallel/Map branches that run in one piece). Waits and callbacks must sit at the top level:
 * an execution resumes from a top-level state, so a wait inside a branch could not be resumed.
 */
import { createRequire } from 'node:module';

export const REGION = 'local';
export const ACCOUNT = '000000000000';
/** The longest Task timeout the interpreter can arm without overflowing Node's timer (seconds). */
export const INTERPRETER_MAX_TIMEOUT_SECONDS = 2_147_483;

export const stateMachineArnOf = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
export const executionArnOf = (machine: string, name: string) =>
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machine}:${name}`;

const EXECUTION_ARN = /^arn:aws:states:[a-z0-9-]+:\d{12}:execution:([^:]+):([^:]+)$/;
export function parseExecutionArn(arn: string): { machine: string; name: string } | undefined {
  const match = EXECUTION_ARN.exec(arn);
  return match ? { machine: match[1]!, name: match[2]! } : undefined;
}

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}
export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}
export interface AslState {
  Type: 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';
  Next?: string;
  End?: boolean;
  Resource?: string;
  Parameters?: unknown;
  InputPath?: string | null;
  OutputPath?: string | null;
  ResultPath?: string | null;
  ResultSelector?: unknown;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  HeartbeatSecondsPath?: string;
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
  [field: string]: unknown;
}
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
  [field: string]: unknown;
}

/**
 * How a Task's resource is run: a function ARN directly, the optimised Lambda integration, or
 * StartExecution of a state machine of this runner (fire and forget: no `.sync`).
 */
export type TaskResource =
  | { kind: 'function'; functionArn: string }
  | { kind: 'invoke'; callback: boolean }
  | { kind: 'start-execution' };
export type LambdaResource = Exclude<TaskResource, { kind: 'start-execution' }>;

export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const LAMBDA_INVOKE_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
export const STATES_START_EXECUTION = 'arn:aws:states:::states:startExecution';

export interface Machine {
  name: string;
  arn: string;
  startAt: string;
  /** Top-level states; `$$.Execution.Input`/`StartTime` paths rewritten (see interpreter.ts). */
  states: Record<string, AslState>;
  timeoutSeconds?: number;
  /** Resources of every Task state, top-level and inside branches, by state name. */
  tasks: Record<string, TaskResource>;
}

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator') as (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => { isValid: boolean; errorsText(separator?: string): string };

/** Context fields the interpreter overwrites per run; definitions read our copies instead. */
export const ORIGINAL_CONTEXT_FIELD = { Input: 'OrderdeskInput', StartTime: 'OrderdeskStartTime' } as const;
const CONTEXT_PATH = /\$\$\.Execution\.(Input|StartTime)(?![A-Za-z0-9_])/g;

function rewriteContextPaths(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (!(key.endsWith('.$') || key.endsWith('Path') || key === 'Variable')) return value;
    return value.replace(
      CONTEXT_PATH,
      (_match, field: 'Input' | 'StartTime') => `$$.Execution.${ORIGINAL_CONTEXT_FIELD[field]}`,
    );
  }
  if (Array.isArray(value)) return value.map((item) => rewriteContextPaths(item, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === 'Result' ? v : rewriteContextPaths(v, k)]),
    );
  }
  return value;
}

export interface PrepareOptions {
  timeScale: number;
  /** True when a function name or ARN resolves to a handler given at startup. */
  knowsFunction(nameOrArn: string): boolean;
}

/** Parses, validates and checks one definition; throws with every problem found. */
export function prepareMachine(name: string, definitionJson: string, options: PrepareOptions): Machine {
  let definition: AslDefinition;
  try {
    definition = JSON.parse(definitionJson);
  } catch (error) {
    throw new Error(`State machine ${name}: definition is not JSON (${(error as Error).message})`);
  }
  const validation = aslValidator(structuredClone(definition), { checkArn: true, checkPaths: true });
  if (!validation.isValid) {
    throw new Error(`State machine ${name}: invalid ASL:\n${validation.errorsText('\n')}`);
  }
  const problems: string[] = [];
  const tasks: Record<string, TaskResource> = {};
  if (definition['QueryLanguage'] === 'JSONata') problems.push('JSONata is not supported; use JSONPath');
  const states = rewriteContextPaths(definition.States) as Record<string, AslState>;
  for (const [stateName, state] of Object.entries(states)) {
    checkState(stateName, state, false, options, tasks, problems);
  }
  if (problems.length > 0) {
    throw new Error(`State machine ${name}: not supported by the local runner:\n- ${problems.join('\n- ')}`);
  }
  return {
    name,
    arn: stateMachineArnOf(name),
    startAt: definition.StartAt,
    states,
    timeoutSeconds: definition.TimeoutSeconds,
    tasks,
  };
}

function checkState(
  name: string,
  state: AslState,
  nested: boolean,
  options: PrepareOptions,
  tasks: Record<string, TaskResource>,
  problems: string[],
): void {
  const where = nested ? `state ${name} (inside Parallel/Map)` : `state ${name}`;
  for (const field of ['Assign', 'Arguments', 'Output', 'QueryLanguage'] as const) {
    if (field in state && !(field === 'QueryLanguage' && state[field] === 'JSONPath')) {
      problems.push(`${where}: ${field} (JSONata/variables) is not supported`);
    }
  }
  if (state.Type === 'Wait' && nested) problems.push(`${where}: Wait states must be at the top level`);
  if (state.Type === 'Task') {
    const resource = classifyResource(state.Resource ?? '', options);
    if (!resource) problems.push(`${where}: unsupported or unknown Resource ${state.Resource}`);
    else {
      tasks[name] = resource;
      if (resource.kind === 'invoke') checkFunctionName(where, state, options, problems);
      if (nested && resource.kind === 'invoke' && resource.callback) {
        problems.push(`${where}: .waitForTaskToken tasks must be at the top level`);
      }
      if (nested && resource.kind === 'start-execution') {
        problems.push(`${where}: states:startExecution tasks must be at the top level`);
      }
    }
    if (nested && (state.HeartbeatSeconds || state.HeartbeatSecondsPath || state.TimeoutSecondsPath)) {
      problems.push(`${where}: only a fixed TimeoutSeconds is supported inside Parallel/Map`);
    }
  }
  if (state.Type === 'Map' && (state['ItemReader'] || state['ResultWriter'] || state['ItemBatcher'])) {
    problems.push(`${where}: distributed Map is not supported`);
  }
  for (const branch of branchesOf(state)) {
    for (const [innerName, inner] of Object.entries(branch.States)) {
      checkState(innerName, inner, true, options, tasks, problems);
    }
  }
}

function checkFunctionName(
  where: string,
  state: AslState,
  options: PrepareOptions,
  problems: string[],
): void {
  const parameters = (state.Parameters ?? {}) as Record<string, unknown>;
  const functionName = parameters['FunctionName'];
  if (typeof functionName === 'string' && !options.knowsFunction(functionName)) {
    problems.push(`${where}: no local handler for function ${functionName}`);
  } else if (functionName === undefined && parameters['FunctionName.$'] === undefined) {
    problems.push(`${where}: lambda:invoke needs Parameters.FunctionName`);
  }
}

function classifyResource(resource: string, options: PrepareOptions): TaskResource | undefined {
  if (resource === LAMBDA_INVOKE) return { kind: 'invoke', callback: false };
  if (resource === LAMBDA_INVOKE_CALLBACK) return { kind: 'invoke', callback: true };
  if (resource === STATES_START_EXECUTION) return { kind: 'start-execution' };
  if (resource.startsWith('arn:aws:lambda:') && options.knowsFunction(resource)) {
    return { kind: 'function', functionArn: resource };
  }
  return undefined;
}

export function branchesOf(state: AslState): AslDefinition[] {
  if (state.Type === 'Parallel') return (state['Branches'] as AslDefinition[] | undefined) ?? [];
  if (state.Type === 'Map') {
    const processor = (state['ItemProcessor'] ?? state['Iterator']) as AslDefinition | undefined;
    return processor ? [processor] : [];
  }
  return [];
}

/** True for a Task that waits for SendTaskSuccess/Failure after invoking its function. */
export function isCallback(resource: TaskResource | undefined): boolean {
  return resource?.kind === 'invoke' && resource.callback;
}
