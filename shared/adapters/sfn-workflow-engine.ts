/**
 * WorkflowEngine on Step Functions (the local runner speaks the same API). Executions are named
 * after the order id, so starting twice is a no-op and an order's executions are found by name.
 */
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { WorkflowEngine, WorkflowEvent, WorkflowName } from '../ports.ts';
import { awsClientOptions } from '../runtime-env.ts';

export const executionArn = (stateMachineArn: string, name: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/** One line of an event: its state name, or what happened, never its input or output. */
function describe(event: HistoryEvent): Pick<WorkflowEvent, 'state' | 'detail'> {
  const entered = event.stateEnteredEventDetails ?? event.stateExitedEventDetails;
  if (entered?.name) return { state: entered.name };
  const failed =
    event.taskFailedEventDetails ?? event.taskTimedOutEventDetails ?? event.executionFailedEventDetails;
  if (failed) return { detail: [failed.error, failed.cause].filter(Boolean).join(': ').slice(0, 300) };
  const scheduled = event.taskScheduledEventDetails;
  if (scheduled) return { detail: scheduled.resource };
  return {};
}

export function sfnWorkflowEngine(
  arns: Record<WorkflowName, string>,
  client = new SFNClient(awsClientOptions('SFN')),
): WorkflowEngine {
  return {
    async start(workflow, name, input) {
      try {
        await client.send(
          new StartExecutionCommand({ stateMachineArn: arns[workflow], name, input: JSON.stringify(input) }),
        );
        return 'started';
      } catch (error) {
        if (error instanceof ExecutionAlreadyExists) return 'exists';
        throw error;
      }
    },

    async stop(workflow, name, cause) {
      const arn = executionArn(arns[workflow], name);
      try {
        const described = await client.send(new DescribeExecutionCommand({ executionArn: arn }));
        if (described.status !== 'RUNNING') return 'not-running';
        await client.send(new StopExecutionCommand({ executionArn: arn, cause: cause.slice(0, 200) }));
        return 'stopped';
      } catch (error) {
        if (error instanceof ExecutionDoesNotExist) return 'not-running';
        throw error;
      }
    },

    async sendSuccess(taskToken, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
        return 'sent';
      } catch (error) {
        const name = (error as Error).name;
        if (['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'].includes(name)) return 'gone';
        throw error;
      }
    },

    async execution(workflow, name) {
      const arn = executionArn(arns[workflow], name);
      try {
        const described = await client.send(new DescribeExecutionCommand({ executionArn: arn }));
        const events: WorkflowEvent[] = [];
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 500, nextToken }),
          );
          for (const e of page.events ?? []) {
            events.push({
              id: e.id ?? 0,
              at: (e.timestamp ?? new Date()).toISOString(),
              type: e.type ?? '',
              ...describe(e),
            });
          }
          nextToken = page.nextToken;
        } while (nextToken);
        return {
          name,
          stateMachine: workflow,
          status: described.status ?? 'RUNNING',
          startDate: (described.startDate ?? new Date()).toISOString(),
          ...(described.stopDate ? { stopDate: described.stopDate.toISOString() } : {}),
          events,
        };
      } catch (error) {
        if (error instanceof ExecutionDoesNotExist) return undefined;
        throw error;
      }
    },
  };
}
