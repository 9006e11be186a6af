/**
 * The states:startExecution integration of the runner: a Task starts an execution (of its own
 * machine here, as rush-order's ContinueAsNew does) with a name and an object Input, answers
 * `{ ExecutionArn, StartDate }`, and an API error becomes `StepFunctions.<Type>Exception`,
 * which Retry/Catch see as on AWS.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asl, eventually, fnArn, type Harness, history, startHarness, waitForStatus } from './support.ts';

const COUNTDOWN = asl({
  StartAt: 'More',
  States: {
    More: {
      Type: 'Choice',
      Choices: [{ Variable: '$.left', NumericGreaterThan: 0, Next: 'Count' }],
      Default: 'Done',
    },
    Count: { Type: 'Task', Resource: fnArn('count'), Next: 'Continue' },
    Continue: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution',
      Parameters: {
        'StateMachineArn.$': '$$.StateMachine.Id',
        'Name.$': "States.Format('run-{}', $.left)",
        Input: { 'left.$': '$.left', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
      },
      ResultPath: '$.started',
      Catch: [
        {
          ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'],
          ResultPath: '$.error',
          Next: 'Clash',
        },
      ],
      Next: 'Done',
    },
    Clash: { Type: 'Pass', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    stateMachines: [{ name: 'countdown', definition: COUNTDOWN }],
    functions: { [fnArn('count')]: async (event) => ({ left: (event as { left: number }).left - 1 }) },
  });
});
afterAll(async () => {
  await h?.close();
});

const arnOf = (name: string) => `arn:aws:states:local:000000000000:execution:countdown:${name}`;

describe('states:startExecution', () => {
  it('starts the next execution with its name and input, and answers ExecutionArn and StartDate', async () => {
    await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: h.runner.stateMachineArn('countdown'),
        name: 'first',
        input: '{"left":3}',
      }),
    );
    const first = await waitForStatus(h.sfn, arnOf('first'), 'SUCCEEDED');
    expect(JSON.parse(first.output!).started).toMatchObject({
      ExecutionArn: arnOf('run-2'),
      StartDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // Each execution starts the next: run-2, run-1, run-0, which counts no further.
    const last = await eventually(() =>
      waitForStatus(h.sfn, arnOf('run-0'), 'SUCCEEDED').catch(() => undefined),
    );
    expect(JSON.parse(last.input!)).toEqual({
      left: 0,
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: arnOf('run-1'),
    });
    const scheduled = (await history(h.sfn, arnOf('first'))).find((e) => e.type === 'TaskScheduled');
    expect(scheduled?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'states',
      resource: 'startExecution',
    });
  });

  it('turns ExecutionAlreadyExists into a task error a Catch can match', async () => {
    // run-1 exists (finished) with other input: starting it again is refused.
    await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: h.runner.stateMachineArn('countdown'),
        name: 'again',
        input: '{"left":2,"x":1}',
      }),
    );
    const again = await waitForStatus(h.sfn, arnOf('again'), 'SUCCEEDED');
    expect(JSON.parse(again.output!).error.Error).toBe('StepFunctions.ExecutionAlreadyExistsException');
  });
});
