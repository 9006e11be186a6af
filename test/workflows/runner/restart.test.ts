import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SendTaskSuccessCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, history, sfnClient, waitForStatus } from './support.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const work = mkdtempSync(join(tmpdir(), 'orderdesk-runner-restart-'));
const dataDir = join(work, 'dynamodb');
const logDir = work;
const children: ChildProcess[] = [];

async function startChild(): Promise<{ child: ChildProcess; sfn: SFNClient; recovered: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'child-runner.ts'), dataDir, logDir], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const ready = await new Promise<{ endpoint: string; recovered: number }>((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolveReady(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`child exited with ${code}: ${stderr}`)));
  });
  return { child, sfn: sfnClient(ready.endpoint), recovered: ready.recovered };
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

const logLines = (file: string) =>
  existsSync(join(logDir, file))
    ? readFileSync(join(logDir, file), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
    : [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const machineArn = (name: string) => `arn:aws:states:local:000000000000:stateMachine:${name}`;

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('a runner killed with kill -9 and started again', () => {
  it('resumes callbacks with the same token, fires expired waits and re-runs interrupted tasks', async () => {
    const first = await startChild();
    expect(first.recovered).toBe(0);
    const start = async (machine: string, input: object, name: string) =>
      (
        await first.sfn.send(
          new StartExecutionCommand({
            stateMachineArn: machineArn(machine),
            name,
            input: JSON.stringify(input),
          }),
        )
      ).executionArn!;
    const approval = await start('approval', { orderId: 'r-1' }, 'approval-1');
    const sleeper = await start('sleeper', { n: 1 }, 'sleeper-1');
    const worker = await start('worker', { job: 7 }, 'worker-1');

    // The callback is out (TaskSubmitted committed), the Wait is committed, the worker is running.
    const [asked] = await eventually(() =>
      logLines('ask.jsonl').length === 1 ? logLines('ask.jsonl') : undefined,
    );
    await eventually(async () =>
      (await history(first.sfn, approval)).some((e) => e.type === 'TaskSubmitted') ? true : undefined,
    );
    await eventually(async () =>
      (await history(first.sfn, sleeper)).some((e) => e.type === 'WaitStateEntered') ? true : undefined,
    );
    await eventually(() => (logLines('work.jsonl').length === 1 ? true : undefined));
    const killedAt = Date.now();
    await kill9(first.child);
    first.sfn.destroy();

    // The Wait (100 s at 100× = 1 s) expires while no runner is up.
    await sleep(Math.max(0, 1_300 - (Date.now() - killedAt)));
    const second = await startChild();
    expect(second.recovered).toBe(3);

    const slept = await waitForStatus(second.sfn, sleeper, 'SUCCEEDED', 3_000);
    expect(JSON.parse(slept.output!)).toEqual({ n: 1, state: 'woke' });

    const worked = await waitForStatus(second.sfn, worker, 'SUCCEEDED');
    expect(JSON.parse(worked.output!)).toEqual({ job: 7, result: 'done' });
    expect(logLines('work.jsonl')).toHaveLength(2);

    await second.sfn.send(
      new SendTaskSuccessCommand({ taskToken: asked.token, output: '{"approved":true}' }),
    );
    const approved = await waitForStatus(second.sfn, approval, 'SUCCEEDED');
    expect(JSON.parse(approved.output!)).toEqual({
      orderId: 'r-1',
      decision: { approved: true },
      outcome: 'approved',
    });
    expect(logLines('ask.jsonl')).toHaveLength(1);
    const types = (await history(second.sfn, approval)).map((e) => e.type);
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(1);
    expect(types.at(-1)).toBe('ExecutionSucceeded');

    await kill9(second.child);
    second.sfn.destroy();
  });
});
