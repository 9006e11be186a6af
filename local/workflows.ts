/**
 * Wires the state machines of the manifest into the local workflow runner: each definition gets
 * its `${…FunctionArn}` substitutions filled with local function ARNs, and each ARN runs the same
 * handler Lambda runs, in-process.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, STATE_MACHINES } from '#functions/manifest.ts';
import type { Environment } from '#shared/runtime-env.ts';
import { invoker } from './functions.ts';
import { startWorkflowRunner, type WorkflowRunner } from './workflow/runner.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const localFunctionArn = (name: string): string =>
  `arn:aws:lambda:local:000000000000:function:${name}`;

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** A definition with its substitutions filled, as CDK's definitionSubstitutions would. */
export async function localDefinition(machine: (typeof STATE_MACHINES)[number]): Promise<string> {
  let text = await readFile(join(ROOT, machine.file), 'utf8');
  for (const spec of FUNCTIONS) {
    for (const t of spec.triggers) {
      if (t.kind === 'workflow-task' && t.stateMachine === machine.name) {
        text = text.replaceAll(`\${${t.substitution}}`, localFunctionArn(spec.name));
      }
    }
  }
  const missing = /\$\{(\w+)\}/.exec(text);
  if (missing) throw new Error(`${machine.file}: no manifest function provides \${${missing[1]}}`);
  return text;
}

export async function startLocalWorkflows(options: {
  db: DynamoDBDocumentClient;
  tableName: string;
  timeScale: number;
  log?: (line: string) => void;
  /** The system's environment, which the tasks run in (local/functions.ts). */
  environment?: Environment;
}): Promise<{ runner: WorkflowRunner; env: Record<string, string> }> {
  const invoke = invoker(options.environment);
  const functions: Record<string, Handler> = {};
  for (const spec of FUNCTIONS) {
    if (!spec.triggers.some((t) => t.kind === 'workflow-task')) continue;
    functions[localFunctionArn(spec.name)] = (event, context) => invoke(spec.name, event, context);
  }
  const stateMachines = await Promise.all(
    STATE_MACHINES.map(async (m) => ({ name: m.name, definition: await localDefinition(m) })),
  );
  const runner = await startWorkflowRunner({
    db: options.db,
    tableName: options.tableName,
    stateMachines,
    functions,
    timeScale: options.timeScale,
    port: 0,
    ...(options.log ? { log: options.log } : {}),
  });
  const env: Record<string, string> = { AWS_ENDPOINT_URL_SFN: runner.endpoint };
  for (const m of STATE_MACHINES) env[m.arnEnv] = runner.stateMachineArn(m.name);
  return { runner, env };
}
