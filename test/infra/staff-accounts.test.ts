/**
 * Staff sign-in on AWS (R-SEC-2): the staff-users function gets exactly the Cognito admin actions
 * it uses, on the staff user pool only; no other function gets any of them; the functions that
 * verify tokens themselves know the console's app client; the console's config carries the
 * password policy it shows.
 */
import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#functions/manifest.ts';
import { STAFF_ACCOUNTS_ACTIONS } from '#infra/permissions.ts';
import { type BuiltOrderDesk, buildForTest, removeBuilds } from './order-desk-app.ts';

let desk: BuiltOrderDesk;
beforeAll(() => {
  desk = buildForTest();
});
afterAll(removeBuilds);

const deployed = FUNCTIONS.filter((spec) => !spec.localOnly);
const POOL_ARN = { 'Fn::ImportValue': expect.stringMatching(/ExportsOutputFnGetAttStaffUserPool.*Arn/) };

function statementsOf(name: string): { Action: string[]; Resource: unknown[] }[] {
  const fn = desk.stateless.functions.find((f) => f.spec.name === name)!;
  const roleId = Stack.of(desk.stateless).getLogicalId(fn.fn.role!.node.defaultChild as never);
  const policies = desk.statelessTemplate().findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
  return Object.values(policies).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]).map((s) => ({
      Action: list(s.Action) as string[],
      Resource: list(s.Resource),
    })),
  );
}

describe('staff accounts on AWS', () => {
  it('gives staff-users only the Cognito admin actions it uses, on the user pool ARN', () => {
    const cognito = statementsOf('staff-users').filter((s) =>
      s.Action.some((a) => a.startsWith('cognito-idp:')),
    );
    expect(cognito).toHaveLength(1);
    expect(cognito[0]!.Action.sort()).toEqual(
      [
        'cognito-idp:AdminAddUserToGroup',
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminGetUser',
        'cognito-idp:AdminResetUserPassword',
        'cognito-idp:ListUsers',
        'cognito-idp:ListUsersInGroup',
      ].sort(),
    );
    expect(cognito[0]!.Resource).toEqual([POOL_ARN]);
    const others = statementsOf('staff-users').filter(
      (s) => !s.Action.some((a) => a.startsWith('cognito-idp:')),
    );
    // Logs and tracing only: no table, mail, secret or workflow access.
    expect(others.flatMap((s) => s.Action).filter((a) => !/^(logs|xray):/.test(a))).toEqual([]);
  });

  it('gives no other function any Cognito admin action', () => {
    const admin = STAFF_ACCOUNTS_ACTIONS.filter((a) => a !== 'cognito-idp:ListUsersInGroup');
    for (const spec of deployed.filter((s) => s.name !== 'staff-users')) {
      const actions = statementsOf(spec.name).flatMap((s) => s.Action);
      expect(
        actions.filter((a) => admin.includes(a)),
        spec.name,
      ).toEqual([]);
    }
  });

  it('routes the staff-users API behind the JWT authorizer', () => {
    const routes = desk.statelessTemplate().findResources('AWS::ApiGatewayV2::Route');
    const keys = Object.values(routes)
      .filter((r) => String(r.Properties.RouteKey).includes('/api/staff-users'))
      .map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType]);
    expect(keys).toHaveLength(5);
    for (const [, auth] of keys) expect(auth).toBe('JWT');
  });

  it('tells the functions that verify staff tokens which app client the tokens must be for', () => {
    const fn = desk.stateless.functions.find((f) => f.spec.name === 'create-order')!;
    const id = Stack.of(desk.stateless).getLogicalId(fn.fn.node.defaultChild as never);
    const vars = desk.statelessTemplate().findResources('AWS::Lambda::Function')[id]!.Properties
      .Environment.Variables;
    expect(vars.JWT_AUDIENCE).toEqual({
      'Fn::ImportValue': expect.stringMatching(/StaffUserPoolStaffConsole/),
    });
  });
});
