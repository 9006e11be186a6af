/**
 * Builds the deployment in-process, the way `cdk synth` does (same `cdk.json` context and
 * feature flags), once per test file. Bundling is skipped unless asked for: most assertions are
 * about resources and properties, and esbuild-ing every handler costs seconds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildOrderDesk, type OrderDesk } from '#infra/order-desk.ts';
import { REPO_ROOT } from '#infra/order-desk-function.ts';

export interface BuildOptions {
  /** Run esbuild for every function, as `cdk synth` does (default false). */
  bundle?: boolean;
  /** Register the cdk-nag plugin, as `infra/app.ts` does (default false). */
  nag?: boolean;
  /** Extra context, e.g. `{ publicBaseUrl: 'https://orders.example.com' }`. */
  context?: Record<string, unknown>;
}

export interface BuiltOrderDesk extends OrderDesk {
  app: App;
  statefulTemplate: () => Template;
  statelessTemplate: () => Template;
  edgeTemplate: () => Template;
  /**
   * The nested stack of alarms and the dashboard (infra/monitoring.ts), its parameters replaced by
   * what the stateless stack passes in: a reference reads `{ Ref: <function's logical id> }` as it
   * would in the stateless template.
   */
  monitoringTemplate: () => Template;
}

const cdkJsonContext = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context ?? {};

export const TEST_REGION = 'eu-west-1';

const outdirs: string[] = [];

/** Deletes the cloud assemblies of this file's builds (each holds tens of MB of assets). */
export const removeBuilds = (): void => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};

export function buildForTest(options: BuildOptions = {}): BuiltOrderDesk {
  const outdir = mkdtempSync(join(tmpdir(), 'order-desk-cdk-'));
  outdirs.push(outdir);
  const app = new App({
    outdir,
    context: {
      ...cdkJsonContext(),
      // A deployment has a region (infra/deployment-env.ts); the account stays CloudFormation's
      // unless a test sets one.
      region: TEST_REGION,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const desk = buildOrderDesk(app, { nag: options.nag ?? false });
  let stateful: Template | undefined;
  let stateless: Template | undefined;
  let edge: Template | undefined;
  let monitoring: Template | undefined;
  return {
    ...desk,
    app,
    statefulTemplate: () => {
      stateful ??= Template.fromStack(desk.stateful);
      return stateful;
    },
    statelessTemplate: () => {
      stateless ??= Template.fromStack(desk.stateless);
      return stateless;
    },
    edgeTemplate: () => {
      edge ??= Template.fromStack(desk.edge);
      return edge;
    },
    monitoringTemplate: () => {
      monitoring ??= resolvedNestedTemplate(desk.stateless.monitoring!);
      return monitoring;
    },
  };
}

/** CloudFormation logical ids of the resources of `type` whose id starts with `prefix`. */
export const logicalIdsOf = (template: Template, type: string, prefix: string): string[] =>
  Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));

/** A nested stack's template with each `{ Ref: <parameter> }` replaced by the value its parent passes. */
function resolvedNestedTemplate(nested: NestedStack): Template {
  const parent = Stack.of(nested.nestedStackParent!);
  const resources = Template.fromStack(parent).toJSON().Resources as Record<
    string,
    { Properties?: { Parameters?: Record<string, unknown> } }
  >;
  const passed = resources[parent.getLogicalId(nested.nestedStackResource!)]?.Properties?.Parameters ?? {};
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object') {
      const ref = (value as { Ref?: unknown }).Ref;
      if (typeof ref === 'string' && Object.keys(value).length === 1 && ref in passed) return passed[ref];
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    }
    return value;
  };
  return Template.fromJSON(resolve(Template.fromStack(nested).toJSON()) as Record<string, unknown>);
}
