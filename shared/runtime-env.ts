/**
 * Where settings come from (ARCHITECTURE.md "two runtimes"). On AWS, from `process.env` as
 * Lambda sets it. Locally, every handler invocation runs inside the environment of the system
 * that invoked it (`withEnvironment`, entered by local/*), so two local systems can run in one
 * process without writing `process.env`: its values win over `process.env`, which still gives
 * what the person running the system set (e.g. `WORKING_CALENDAR`).
 *
 * Only shared/config.ts reads settings through `setting`; adapters build their SDK clients with
 * `awsClientOptions` and keep what they build with `perEnvironment`, so nothing one system built
 * (a client on its dynalite port, its tracking secret) is handed to another.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** One system's settings, by environment variable name. */
export type Environment = Readonly<Record<string, string | undefined>>;

const scope = new AsyncLocalStorage<Environment>();

/** Runs `fn` (and everything it starts) with `env` as its environment. */
export const withEnvironment = <T>(env: Environment, fn: () => T): T => scope.run(env, fn);

/** The environment of the current invocation: the local system's, or undefined (AWS, plain scripts). */
export const currentEnvironment = (): Environment | undefined => scope.getStore();

/** A setting: the current environment's value, else `process.env`'s. */
export function setting(name: string): string | undefined {
  return scope.getStore()?.[name] ?? process.env[name];
}

/** The one key outside any local environment (AWS: one per Lambda instance). */
const PROCESS: Environment = {};

/**
 * A value built once per environment (once per cold start on AWS) and then reused: adapters,
 * SDK clients, a fetched secret. `make` runs inside the environment it is built for.
 */
export function perEnvironment<T>(make: () => T): () => T {
  const built = new WeakMap<Environment, { value: T }>();
  return () => {
    const key = scope.getStore() ?? PROCESS;
    let entry = built.get(key);
    if (!entry) {
      entry = { value: make() };
      built.set(key, entry);
    }
    return entry.value;
  };
}

/** Like `perEnvironment` for a promise; a rejected one is forgotten, so the next call tries again. */
export function perEnvironmentAsync<T>(make: () => Promise<T>): () => Promise<T> {
  const built = new WeakMap<Environment, Promise<T>>();
  return () => {
    const key = scope.getStore() ?? PROCESS;
    let promise = built.get(key);
    if (!promise) {
      promise = make();
      built.set(key, promise);
      promise.catch(() => {
        if (built.get(key) === promise) built.delete(key);
      });
    }
    return promise;
  };
}

/** The services whose endpoint a local system gives (`AWS_ENDPOINT_URL_<SERVICE>`). */
export type AwsService =
  | 'DYNAMODB'
  | 'SESV2'
  | 'SNS'
  | 'SQS'
  | 'SFN'
  | 'COGNITO_IDENTITY_PROVIDER'
  | 'S3'
  | 'SECRETS_MANAGER';

export interface AwsClientOptions {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * What an SDK client is built with. On AWS nothing: the SDK finds region, credentials and
 * endpoint itself, as before. In a local environment, its emulator's endpoint, its region and
 * its placeholder credentials (the SDK would otherwise read them from `process.env`, which
 * one process shares between systems).
 */
export function awsClientOptions(service: AwsService): AwsClientOptions {
  const env = scope.getStore();
  if (!env) return {};
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`];
  const region = env['AWS_REGION'];
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  return {
    ...(endpoint ? { endpoint } : {}),
    ...(region ? { region } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  };
}

/**
 * A setting read at once (on AWS at cold start, so a bad value fails the init loudly, as
 * STYLE.md 6 asks) and then once per environment: call the result for the current one.
 */
export function readAtColdStart<T>(read: () => T): () => T {
  const get = perEnvironment(read);
  get();
  return get;
}
