/**
 * The runner in a child process, for the restart test: starts dynalite on the data directory
 * given, the runner with the test workflows, calls recover(), and prints one JSON line
 * `{ endpoint, recovered }` on stdout. Task functions append their events to files in the
 * log directory, so the parent can count invocations across processes.
 *
 * Usage: node --import tsx test/workflows/runner/child-runner.ts <dataDir> <logDir>
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWorkflowRunner } from '#local/workflow/runner.ts';
import { asl, fnArn, openDynamo, TABLE } from './support.ts';

const TIME_SCALE = 100;
const [dataDir, logDir] = process.argv.slice(2);
if (!dataDir || !logDir) throw new Error('usage: child-runner.ts <dataDir> <logDir>');

const record = (file: string, event: unknown) =>
  appendFileSync(join(logDir, file), `${JSON.stringify(event)}\n`);
const lines = (file: string) =>
  existsSync(join(logDir, file)) ? readFileSync(join(logDir, file), 'utf8').trim().split('\n').length : 0;

const { db } = await openDynamo(dataDir);
const runner = await startWorkflowRunner({
  db,
  tableName: TABLE,
  timeScale: TIME_SCALE,
  log: (line) => process.stderr.write(`${line}\n`),
  stateMachines: [
    {
      name: 'approval',
      definition: asl({
        StartAt: 'Ask',
        States: {
          Ask: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: {
              FunctionName: fnArn('ask'),
              Payload: { 'orderId.$': '$.orderId', 'token.$': '$$.Task.Token' },
            },
            TimeoutSeconds: 3600,
            ResultPath: '$.decision',
            Next: 'Approved',
          },
          Approved: { Type: 'Pass', Result: 'approved', ResultPath: '$.outcome', End: true },
        },
      }),
    },
    {
      name: 'sleeper',
      definition: asl({
        StartAt: 'Nap',
        States: {
          Nap: { Type: 'Wait', Seconds: 100, Next: 'Woke' },
          Woke: { Type: 'Pass', Result: 'woke', ResultPath: '$.state', End: true },
        },
      }),
    },
    {
      name: 'worker',
      definition: asl({
        StartAt: 'Work',
        States: { Work: { Type: 'Task', Resource: fnArn('work'), ResultPath: '$.result', End: true } },
      }),
    },
  ],
  functions: {
    [fnArn('ask')]: async (event) => {
      record('ask.jsonl', event);
      return { queued: true };
    },
    // Hangs on its first call (the process is killed meanwhile); returns on the next one.
    [fnArn('work')]: async (event) => {
      const first = lines('work.jsonl') === 0;
      record('work.jsonl', event);
      if (first) await new Promise(() => {});
      return 'done';
    },
  },
});
const recovered = await runner.recover();
process.stdout.write(`${JSON.stringify({ endpoint: runner.endpoint, recovered })}\n`);
