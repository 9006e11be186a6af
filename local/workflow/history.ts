/**
 * Execution history in the shape of Step Functions' GetExecutionHistory: typed events with
 * `id`, `previousEventId`, `timestamp` and the matching `…EventDetails`, inputs and outputs as
 * JSON strings. A function ARN resource logs `LambdaFunction*` events and the Lambda integration
 * `Task*` events, as AWS does.
 */
import type { TaskResource } from './definitions.ts';

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** Epoch milliseconds (the API answers epoch seconds). */
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

/** An event before it gets its id and time. */
export type EventDraft = { type: string } & Record<string, unknown>;

const json = (value: unknown) => JSON.stringify(value ?? null);
const data = { truncated: false };

/** Each state entered is one state transition (what Standard workflows bill). */
export function countStateTransitions(events: readonly { type?: string }[]): number {
  return events.filter((event) => event.type?.endsWith('StateEntered')).length;
}

function taskFields(resource: TaskResource) {
  if (resource.kind === 'start-execution') return { resourceType: 'states', resource: 'startExecution' };
  return {
    resourceType: 'lambda',
    resource: resource.kind === 'invoke' && resource.callback ? 'invoke.waitForTaskToken' : 'invoke',
  };
}

export const draft = {
  executionStarted: (input: string, roleArn: string): EventDraft => ({
    type: 'ExecutionStarted',
    executionStartedEventDetails: { input, inputDetails: data, roleArn },
  }),
  executionSucceeded: (output: unknown): EventDraft => ({
    type: 'ExecutionSucceeded',
    executionSucceededEventDetails: { output: json(output), outputDetails: data },
  }),
  executionFailed: (error: string, cause?: string): EventDraft => ({
    type: 'ExecutionFailed',
    executionFailedEventDetails: { error, cause },
  }),
  executionAborted: (error?: string, cause?: string): EventDraft => ({
    type: 'ExecutionAborted',
    executionAbortedEventDetails: { error, cause },
  }),
  executionTimedOut: (): EventDraft => ({
    type: 'ExecutionTimedOut',
    executionTimedOutEventDetails: { error: 'States.Timeout', cause: 'The execution timed out' },
  }),
  stateEntered: (stateType: string, name: string, input: unknown): EventDraft => ({
    type: `${stateType}StateEntered`,
    stateEnteredEventDetails: { name, input: json(input), inputDetails: data },
  }),
  stateExited: (stateType: string, name: string, output: unknown): EventDraft => ({
    type: `${stateType}StateExited`,
    stateExitedEventDetails: { name, output: json(output), outputDetails: data },
  }),
  taskScheduled: (
    resource: TaskResource,
    parameters: unknown,
    timeoutInSeconds?: number,
    heartbeatInSeconds?: number,
  ): EventDraft =>
    resource.kind === 'function'
      ? {
          type: 'LambdaFunctionScheduled',
          lambdaFunctionScheduledEventDetails: {
            resource: resource.functionArn,
            input: json(parameters),
            inputDetails: data,
            timeoutInSeconds,
          },
        }
      : {
          type: 'TaskScheduled',
          taskScheduledEventDetails: {
            ...taskFields(resource),
            region: 'local',
            parameters: json(parameters),
            timeoutInSeconds,
            heartbeatInSeconds,
          },
        },
  taskStarted: (resource: TaskResource): EventDraft =>
    resource.kind === 'function'
      ? { type: 'LambdaFunctionStarted' }
      : { type: 'TaskStarted', taskStartedEventDetails: taskFields(resource) },
  taskSubmitted: (resource: TaskResource, output: unknown): EventDraft => ({
    type: 'TaskSubmitted',
    taskSubmittedEventDetails: { ...taskFields(resource), output: json(output), outputDetails: data },
  }),
  taskSucceeded: (resource: TaskResource, output: unknown): EventDraft =>
    resource.kind === 'function'
      ? {
          type: 'LambdaFunctionSucceeded',
          lambdaFunctionSucceededEventDetails: { output: json(output), outputDetails: data },
        }
      : {
          type: 'TaskSucceeded',
          taskSucceededEventDetails: { ...taskFields(resource), output: json(output), outputDetails: data },
        },
  taskFailed: (resource: TaskResource, error: string, cause?: string): EventDraft => {
    const timedOut = error === 'States.Timeout' || error === 'States.HeartbeatTimeout';
    if (resource.kind === 'function') {
      const type = timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed';
      return { type, [`${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`]: { error, cause } };
    }
    const type = timedOut ? 'TaskTimedOut' : 'TaskFailed';
    return {
      type,
      [`${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`]: { ...taskFields(resource), error, cause },
    };
  },
};

const DATA_FIELDS = new Set(['input', 'output', 'parameters', 'inputDetails', 'outputDetails']);

/** An event as the API returns it: epoch seconds, optionally without inputs and outputs. */
export function toApiEvent(event: HistoryEvent, includeExecutionData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event, timestamp: event.timestamp / 1000 };
  if (!includeExecutionData) {
    for (const [key, value] of Object.entries(out)) {
      if (key.endsWith('EventDetails') && value && typeof value === 'object') {
        out[key] = Object.fromEntries(Object.entries(value).filter(([field]) => !DATA_FIELDS.has(field)));
      }
    }
  }
  return out;
}
