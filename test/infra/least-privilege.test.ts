/**
 * Least privilege per function: each role holds the permissions its code uses and no other.
 * Workflow tasks declare what they use besides the table (`NEEDS`, exported by the handler; the
 * adapters of any other need throw), so their permissions and variables must be exactly the
 * table plus their needs' grants. Every other function is checked against the adapters its
 * handler builds. Then the synthesized roles are read back: only the functions that text the
 * customer or escalate a rush order may publish SMS, only request-approval may publish to the approvals topic,
 * and only the functions that sign or verify links may read the tracking secret.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionSpec, type Permission, WORKFLOW_NEED_GRANTS } from '#functions/manifest.ts';
import { REPO_ROOT } from '#infra/order-desk-function.ts';
import { WORKFLOW_NEEDS, type WorkflowNeed } from '#shared/adapters/workflow-adapters.ts';
import { type BuiltOrderDesk, buildForTest, removeBuilds } from './order-desk-app.ts';

const deployed = FUNCTIONS.filter((spec) => !spec.localOnly);
const isTask = (spec: FunctionSpec) => spec.triggers.some((t) => t.kind === 'workflow-task');
const sorted = <T>(list: readonly T[]) => [...list].sort();

/** Permissions whose use shows in the code by the adapter that needs them. */
const ADAPTER_PERMISSIONS: Record<string, Permission> = {
  snsSms: 'sms:send',
  snsTopic: 'topic:publish',
  sesMailer: 'mail:send',
  cognitoStaffDirectory: 'staff-directory:read',
  trackingLinks: 'tracking-secret:read',
  trackingSecret: 'tracking-secret:read',
  sqsStaffAlerts: 'robots:alert',
};
const CHECKED = new Set(Object.values(ADAPTER_PERMISSIONS));

/** The handler's text and that of the use-case-specific adapter modules it imports. */
function sourceOf(spec: FunctionSpec): string {
  // Every module of the function's folder (master-data splits its routes over several).
  const dir = `${REPO_ROOT}functions/${spec.name}/`;
  const handler = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(`${dir}${f}`, 'utf8'))
    .join('\n');
  const adapters = [...handler.matchAll(/from '#shared\/adapters\/([a-z-]+)\.ts'/g)]
    .map((m) => m[1]!)
    // These define several adapters each: importing one of them says nothing; the handler's
    // own text names the adapter it builds.
    .filter((name) => !['deps', 'messaging', 'workflow-adapters'].includes(name));
  return [
    handler,
    ...adapters.map((name) => readFileSync(`${REPO_ROOT}shared/adapters/${name}.ts`, 'utf8')),
  ].join('\n');
}

describe('workflow tasks hold exactly what their code uses', () => {
  const tasks = deployed.filter(isTask);

  it.each(tasks.map((spec) => [spec.name, spec] as const))(
    '%s: manifest needs = handler NEEDS',
    async (_n, spec) => {
      const module = (await import(`${REPO_ROOT}functions/${spec.name}/handler.ts`)) as {
        NEEDS?: WorkflowNeed[];
      };
      expect(module.NEEDS, `${spec.name} exports NEEDS`).toBeDefined();
      expect(sorted(spec.workflowNeeds ?? []), spec.name).toEqual(sorted(module.NEEDS!));
    },
  );

  it.each(tasks.map((spec) => [spec.name, spec] as const))('%s: permissions = table + needs', (_n, spec) => {
    const needs = spec.workflowNeeds ?? [];
    expect(sorted(spec.permissions)).toEqual(
      sorted(['table:read', 'table:write', ...needs.flatMap((n) => WORKFLOW_NEED_GRANTS[n].permissions)]),
    );
    for (const need of WORKFLOW_NEEDS.filter((n) => !needs.includes(n))) {
      for (const name of WORKFLOW_NEED_GRANTS[need].env)
        expect(spec.env, `${spec.name} ${name}`).not.toContain(name);
    }
  });
});

describe('other functions hold the messaging and secret permissions of the adapters they build', () => {
  const others = deployed.filter((spec) => !isTask(spec));
  it.each(others.map((spec) => [spec.name, spec] as const))('%s', (_n, spec) => {
    const source = sourceOf(spec);
    const used = new Set(
      Object.entries(ADAPTER_PERMISSIONS)
        .filter(([adapter]) => new RegExp(`\\b${adapter}\\b`).test(source))
        .map(([, permission]) => permission),
    );
    expect(sorted(spec.permissions.filter((p) => CHECKED.has(p))), spec.name).toEqual(sorted([...used]));
  });
});

describe('the synthesized roles', () => {
  let desk: BuiltOrderDesk;
  beforeAll(() => {
    desk = buildForTest();
  });
  afterAll(removeBuilds);

  const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
  function statementsOf(name: string): { Action: string[]; Resource: unknown[] }[] {
    const fn = desk.stateless.functions.find((f) => f.spec.name === name)!;
    const roleId = Stack.of(desk.stateless).getLogicalId(fn.fn.role!.node.defaultChild as never);
    const policies = desk.statelessTemplate().findResources('AWS::IAM::Policy', {
      Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
    });
    return Object.values(policies).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]).map((s) => ({
        Action: list(s.Action) as string[],
        Resource: list(s.Resource),
      })),
    );
  }
  const holders = (action: string, resource: (r: unknown) => boolean) =>
    deployed
      .filter((spec) =>
        statementsOf(spec.name).some((s) => s.Action.includes(action) && s.Resource.some(resource)),
      )
      .map((spec) => spec.name)
      .sort();

  it('lets only the functions that send SMS publish to phone numbers (sns:Publish on *)', () => {
    // The confirmation, rush escalation, and the customer messages of the order's later life
    // (shipment, completion, cancellation, delivery exception: R-TRACK-2/3, R-AFTER-2).
    expect(holders('sns:Publish', (r) => r === '*')).toEqual([
      'cancel-held-order',
      'close-order',
      'complete-order',
      'escalate-rush',
      'order-received',
      'record-shipment',
      'report-exception',
      'ship-order',
    ]);
  });

  it('lets only request-approval publish to the approvals topic', () => {
    // send-report's sns:Publish is Lambda's on-failure destination, the report alerts topic.
    expect(holders('sns:Publish', (r) => JSON.stringify(r).includes('Approvals'))).toEqual([
      'request-approval',
    ]);
  });

  it('gives the tracking secret only to the functions that sign or verify links', () => {
    const readers = holders('secretsmanager:GetSecretValue', () => true);
    expect(readers).toEqual(
      deployed
        .filter((spec) => spec.permissions.includes('tracking-secret:read'))
        .map((s) => s.name)
        .sort(),
    );
    for (const name of [
      'review-order',
      'prepare-approval-step',
      'escalate-approval',
      'check-sla',
      'accept-rush',
    ]) {
      expect(readers, name).not.toContain(name);
    }
    const secretEnv = desk.stateless.functions
      .filter((f) => f.spec.env.includes('TRACKING_SECRET'))
      .map((f) => f.spec.name)
      .sort();
    expect(secretEnv).toEqual(readers);
  });

  it('gives each workflow task exactly the table, its needs and writing its logs', () => {
    for (const spec of deployed.filter(isTask)) {
      const actions = new Set(statementsOf(spec.name).flatMap((s) => s.Action));
      const expected = new Set<string>();
      const needs = spec.workflowNeeds ?? [];
      if (needs.includes('mail')) expected.add('ses:SendEmail');
      if (needs.includes('staff')) expected.add('cognito-idp:ListUsersInGroup');
      if (needs.includes('sms') || needs.includes('topic')) expected.add('sns:Publish');
      if (needs.includes('links')) expected.add('secretsmanager:GetSecretValue');
      for (const action of [
        'ses:SendEmail',
        'cognito-idp:ListUsersInGroup',
        'sns:Publish',
        'secretsmanager:GetSecretValue',
      ]) {
        expect(actions.has(action), `${spec.name} ${action}`).toBe(expected.has(action));
      }
      // R-CHG-3: only the `stop` need holds Step Functions actions: stopping, and looking first.
      expect([...actions].filter((a) => a.startsWith('states:')).sort(), spec.name).toEqual(
        needs.includes('stop') ? ['states:DescribeExecution', 'states:StopExecution'] : [],
      );
      expect(actions.has('dynamodb:PutItem'), spec.name).toBe(true);
    }
  });
});
