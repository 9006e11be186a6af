/**
 * The durable local workflow runner (ARCHITECTURE.md "The local workflow runner";
 * docs/workflow-runner.md): runs the project's ASL definitions like Step Functions Standard
 * workflows — task tokens, AWS timeouts, executions that survive a `kill -9` — with
 * aws-local-stepfunctions as the interpreter, the local DynamoDB as the store, and the Step
 * Functions API on a loopback port for `@aws-sdk/client-sfn`.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { startApiServer } from './api-server.ts';
import { createCore } from './core.ts';
import { type Machine, prepareMachine, stateMachineArnOf } from './definitions.ts';
import { recoverExecutions } from './executions.ts';
import { parseFaultPlan, withFaults } from './faults.ts';
import { functionResolver } from './lambda.ts';
import { createScheduler } from './scheduler.ts';
import { advance } from './steps.ts';
import { createStore } from './store.ts';

/** Each state entered is one state transition; works on SDK or stored history events. */
export { countStateTransitions } from './history.ts';

export interface WorkflowRunnerOptions {
  db: DynamoDBDocumentClient;
  tableName: string;
  /** ASL JSON with definition substitutions already applied. */
  stateMachines: { name: string; definition: string }[];
  /** Handlers by function ARN (`arn:aws:lambda:local:000000000000:function:<name>`). */
  functions: Record<string, (event: unknown, context: Context) => Promise<unknown>>;
  /** Divides every workflow duration (ORDERDESK_TIME_SCALE); default 1. */
  timeScale?: number;
  /** 0 picks a free port. */
  port?: number;
  /** Names, ARNs, state and error names only — never execution data. */
  log?: (line: string) => void;
  /** Injected failures as ORDERDESK_FAULT_TASKS spells them (faults.ts); default that variable. */
  faults?: string;
}

export interface WorkflowRunner {
  /** http://127.0.0.1:<port>, for `new SFNClient({ endpoint })` or AWS_ENDPOINT_URL_SFN. */
  endpoint: string;
  stateMachineArn(name: string): string;
  /** Resumes every execution left running by an earlier process; returns how many. */
  recover(): Promise<number>;
  /** Resolves when no execution is running a step that is not a wait (for tests). */
  idle(): Promise<void>;
  /** Stops timers and the server; open executions stay persisted. */
  stop(): Promise<void>;
}

/** ORDERDESK_TIME_SCALE, read once and loudly: a positive number, default 1. */
export function timeScaleFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['ORDERDESK_TIME_SCALE'];
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(`ORDERDESK_TIME_SCALE must be a positive number, got ${JSON.stringify(raw)}`);
  }
  return scale;
}

export async function startWorkflowRunner(options: WorkflowRunnerOptions): Promise<WorkflowRunner> {
  const timeScale = options.timeScale ?? 1;
  if (!Number.isFinite(timeScale) || timeScale <= 0)
    throw new Error(`timeScale must be positive, got ${timeScale}`);
  const log = options.log ?? (() => {});
  const functionNames = Object.keys(options.functions).map((arn) => arn.split(':').at(-1)!);
  const faults = parseFaultPlan(options.faults ?? process.env['ORDERDESK_FAULT_TASKS'], functionNames);
  const resolver = functionResolver(withFaults(options.functions, faults, log));
  const machines = new Map<string, Machine>();
  for (const { name, definition } of options.stateMachines) {
    if (machines.has(name)) throw new Error(`State machine ${name} is given twice`);
    machines.set(name, prepareMachine(name, definition, { timeScale, knowsFunction: resolver.knows }));
  }
  const scheduler = createScheduler();
  const core = createCore({
    store: createStore(options.db, options.tableName),
    scheduler,
    resolver,
    machines,
    timeScale,
    log,
  });
  core.advance = (live) => advance(core, live);
  const server = await startApiServer(core, options.port ?? 0);
  return {
    endpoint: server.endpoint,
    stateMachineArn: stateMachineArnOf,
    recover: () => recoverExecutions(core),
    async idle() {
      // Settle twice around a macrotask: a step may arm a timer that is already due.
      do {
        await core.idle();
        await new Promise((resolve) => setTimeout(resolve, 5));
      } while (core.activity() > 0);
    },
    async stop() {
      await server.close();
      await core.shutdown();
    },
  };
}
