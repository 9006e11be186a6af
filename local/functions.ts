/**
 * How the local runtime runs a manifest function (ARCHITECTURE.md "two runtimes"): its handler is
 * loaded by name from `functions/<name>/handler.ts` on first use — so a new function needs its
 * manifest entry and nothing here — and every invocation runs inside the environment of the
 * system that invokes it (shared/runtime-env.ts), as a Lambda runs with its own environment.
 * Nothing is written to `process.env`, so two systems can share one process.
 */
import type { Context } from 'aws-lambda';
import { type Environment, withEnvironment } from '#shared/runtime-env.ts';
import { lambdaContext } from './api-event.ts';

// biome-ignore lint/suspicious/noExplicitAny: each trigger kind hands its own event type
type Handler = (event: any, context: Context) => Promise<any>;

const loaded = new Map<string, Promise<Handler>>();

function load(name: string): Promise<Handler> {
  let handler = loaded.get(name);
  if (!handler) {
    handler = import(`../functions/${name}/handler.ts`).then((m) => m.handler as Handler);
    loaded.set(name, handler);
    handler.catch(() => loaded.delete(name));
  }
  return handler;
}

/** Runs function `name` on `event` as Lambda would, inside `environment` when given. */
export type Invoke = <R = unknown>(name: string, event: unknown, context?: Context) => Promise<R>;

/**
 * The invoker of one system. Without an environment (a component started alone by a test) the
 * handler runs in whatever environment its caller is in.
 */
export function invoker(environment?: Environment): Invoke {
  return (name, event, context) => {
    const run = async () => (await load(name))(event, context ?? lambdaContext(name));
    return environment ? withEnvironment(environment, run) : run();
  };
}
