import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import {
  AllowedMethods,
  CachePolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EnvName,
  FUNCTIONS,
  type FunctionSpec,
  type HttpTrigger,
  STATE_MACHINES,
} from '#functions/manifest.ts';
import { API_THROTTLE } from '#infra/http-api.ts';
import { FUNCTION_DEFAULTS } from '#infra/order-desk-function.ts';
import { TABLE_WRITE_ACTIONS } from '#infra/permissions.ts';
import { type BuiltOrderDesk, buildForTest, removeBuilds, TEST_REGION } from './order-desk-app.ts';

const deployed = FUNCTIONS.filter((spec) => !spec.localOnly);
const httpTriggers = deployed.flatMap((spec) =>
  spec.triggers.filter((t): t is HttpTrigger => t.kind === 'http').map((trigger) => ({ spec, trigger })),
);

/** Set only when their context is given. */
const OPTIONAL_ENV: readonly EnvName[] = [
  'WORKING_CALENDAR',
  'APPROVAL_DEADLINE_HOURS',
  'RUSH_DECISION_MINUTES',
  'RUSH_REPORT_INTERVAL_MINUTES',
  'INBOUND_BLOCKLIST',
  'INBOUND_DEDUPE_HOURS',
  'REPORT_SCHEDULES',
  'REPORT_TIME_ZONE',
  'COMPLETE_AFTER_DAYS',
  'ARCHIVE_AFTER_DAYS',
  // Set only when context `robots` names the group robots (docs/robots.md).
  'ROBOTS',
  'ROBOT_SECRETS',
  // Set only when context `specialReviewQualityRole` names the quality role (R-SPEC-1).
  'SPECIAL_REVIEW_QUALITY_ROLE',
];

let desk: BuiltOrderDesk;
beforeAll(() => {
  desk = buildForTest();
});
afterAll(removeBuilds);

const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  Stack.of(desk.stateless).getLogicalId(construct.node.defaultChild as never);

const functionOf = (name: string) => {
  const fn = desk.stateless.functions.find((f) => f.spec.name === name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
};

const workflowOf = (name: string) => {
  const workflow = desk.stateless.workflows.find((w) => w.node.id === name);
  if (!workflow) throw new Error(`no state machine ${name}`);
  return workflow;
};

const functionProps = (name: string) => {
  const resources = desk.statelessTemplate().findResources('AWS::Lambda::Function');
  return resources[logicalId(functionOf(name).fn)]!.Properties;
};

interface Statement {
  Effect: string;
  Action: string[];
  Resource: unknown[];
}

/** Every statement of the policies attached to a role (by logical id), actions and resources as lists. */
const statementsOfRole = (roleId: string): Statement[] => {
  const policies = desk.statelessTemplate().findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
  return Object.values(policies).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as { Effect: string; Action: unknown; Resource: unknown }[]).map(
      (s) => ({ Effect: s.Effect, Action: list(s.Action) as string[], Resource: list(s.Resource) }),
    ),
  );
};

const statementsOf = (name: string): Statement[] =>
  statementsOfRole(logicalId(functionOf(name).fn.role as never));

/** Every action the function's role may perform, from all policies attached to it. */
const actionsOf = (name: string): string[] => statementsOf(name).flatMap((s) => s.Action);

/** The resources a function's role may perform `action` on. */
const resourcesOf = (name: string, action: string): unknown[] =>
  statementsOf(name)
    .filter((s) => s.Action.includes(action))
    .flatMap((s) => s.Resource);

const isTask = (spec: FunctionSpec) => spec.triggers.some((t) => t.kind === 'workflow-task');
const taskSpecsOf = (machine: string) =>
  deployed.filter((spec) =>
    spec.triggers.some((t) => t.kind === 'workflow-task' && t.stateMachine === machine),
  );

describe('functions', () => {
  it('deploys one function per manifest entry, leaving out local-only ones', () => {
    expect(desk.stateless.functions.map((f) => f.spec.name).sort()).toEqual(
      deployed.map((s) => s.name).sort(),
    );
    const localOnly = FUNCTIONS.filter((spec) => spec.localOnly).map((spec) => spec.name);
    expect(desk.stateless.functions.filter((f) => localOnly.includes(f.spec.name))).toEqual([]);
    const node22 = desk.statelessTemplate().findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs22.x' },
    });
    expect(Object.keys(node22)).toHaveLength(deployed.length);
  });

  it.each(deployed.map((spec) => [spec.name, spec] as const))(
    '%s runs on Node 22, arm64, with tracing, its own log group and the manifest sizes',
    (name, spec: FunctionSpec) => {
      const props = functionProps(name);
      expect(props).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        MemorySize: spec.memoryMb ?? FUNCTION_DEFAULTS.memoryMb,
        Timeout: spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds,
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    },
  );

  it('gives log groups a one-month retention', () => {
    const groups = desk.statelessTemplate().findResources('AWS::Logs::LogGroup');
    const fnGroups = desk.stateless.functions.map((f) => {
      const ref = functionProps(f.spec.name).LoggingConfig.LogGroup.Ref as string;
      return groups[ref]!.Properties.RetentionInDays;
    });
    expect(new Set(fnGroups)).toEqual(new Set([30]));
  });

  it('sets exactly the environment the manifest names, with the secret passed by ARN', () => {
    for (const spec of deployed) {
      const expected = spec.env
        .filter((name) => !OPTIONAL_ENV.includes(name))
        .map((name) => (name === 'TRACKING_SECRET' ? 'TRACKING_SECRET_ARN' : name));
      const vars = Object.keys(functionProps(spec.name).Environment?.Variables ?? {});
      expect(vars.sort(), spec.name).toEqual([...expected, 'NODE_OPTIONS'].sort());
    }
  });

  it('leaves the optional settings unset without context (the code has defaults)', () => {
    for (const f of desk.stateless.functions) {
      const vars = Object.keys(functionProps(f.spec.name).Environment?.Variables ?? {});
      for (const name of OPTIONAL_ENV) expect(vars, f.spec.name).not.toContain(name);
    }
  });

  it('sets WORKING_CALENDAR and APPROVAL_DEADLINE_HOURS from context, only where the manifest names them', () => {
    const calendar = '{"holidays":["2027-01-01"],"workdays":[]}';
    const custom = buildForTest({
      // From the command line the value is a string; from cdk.json it may be an object.
      context: { workingCalendar: calendar, approvalDeadlineHours: { ops: 4, gm: 8 } },
    });
    for (const f of custom.stateless.functions) {
      const cfn = f.fn.node.defaultChild as CfnFunction;
      const variables = custom.stateless.resolve(cfn.environment).variables as Record<string, unknown>;
      const expected = {
        ...(f.spec.env.includes('WORKING_CALENDAR') ? { WORKING_CALENDAR: calendar } : {}),
        ...(f.spec.env.includes('APPROVAL_DEADLINE_HOURS')
          ? { APPROVAL_DEADLINE_HOURS: '{"ops":4,"gm":8}' }
          : {}),
      };
      const actual = Object.fromEntries(
        Object.entries(variables).filter(([name]) => OPTIONAL_ENV.includes(name as EnvName)),
      );
      expect(actual, f.spec.name).toEqual(expected);
    }
  });

  it('passes the company header to the functions that print it, the quotations function first (R-QUOTE-1)', () => {
    const company = {
      nameZh: '华东精工机械有限公司',
      nameEn: 'East China Precision',
      address: '苏州工业园区 1 号',
    };
    const custom = buildForTest({ context: { company, specialReviewQualityRole: 'safety' } });
    const variablesOf = (name: string) => {
      const fn = custom.stateless.functions.find((f) => f.spec.name === name)!;
      const cfn = fn.fn.node.defaultChild as CfnFunction;
      return custom.stateless.resolve(cfn.environment).variables as Record<string, string>;
    };
    // The quotation page the customer opens, the emailed quotation, the statements.
    for (const name of ['quotations', 'finish-approval', 'billing']) {
      expect(JSON.parse(variablesOf(name)['ORDERDESK_COMPANY']!), name).toEqual(company);
    }
    // R-SPEC-1: who stands for quality, on intake, the review route and My work.
    for (const name of ['quotations', 'create-order', 'receive-email', 'handle-inbound', 'list-my-work']) {
      expect(variablesOf(name)['SPECIAL_REVIEW_QUALITY_ROLE'], name).toBe('safety');
    }
    expect(() => buildForTest({ context: { specialReviewQualityRole: 'quality' } })).toThrow(
      /specialReviewQualityRole/,
    );
  });

  it('sets COMPLETE_AFTER_DAYS and ARCHIVE_AFTER_DAYS from context on the functions that deliver (R-PROC-7)', () => {
    const custom = buildForTest({ context: { completeAfterDays: '3', archiveAfterDays: 60 } });
    const delivering = custom.stateless.functions.filter((f) => f.spec.env.includes('COMPLETE_AFTER_DAYS'));
    expect(delivering.map((f) => f.spec.name).sort()).toEqual(['record-shipment', 'ship-order']);
    for (const f of custom.stateless.functions) {
      const cfn = f.fn.node.defaultChild as CfnFunction;
      const variables = custom.stateless.resolve(cfn.environment).variables as Record<string, unknown>;
      const mine = delivering.includes(f);
      expect(variables['COMPLETE_AFTER_DAYS'], f.spec.name).toBe(mine ? '3' : undefined);
      expect(variables['ARCHIVE_AFTER_DAYS'], f.spec.name).toBe(mine ? '60' : undefined);
    }
  });

  it('sets RUSH_DECISION_MINUTES and RUSH_REPORT_INTERVAL_MINUTES from context, only where the manifest names them', () => {
    // `-c rushDecisionMinutes=30` gives a string; cdk.json a number.
    const custom = buildForTest({ context: { rushDecisionMinutes: '30', rushReportIntervalMinutes: 90 } });
    const rushTasks = ['start-rush', 'escalate-rush', 'accept-rush'];
    for (const f of custom.stateless.functions) {
      const cfn = f.fn.node.defaultChild as CfnFunction;
      const variables = custom.stateless.resolve(cfn.environment).variables as Record<string, unknown>;
      const expected = {
        ...(f.spec.env.includes('RUSH_DECISION_MINUTES') ? { RUSH_DECISION_MINUTES: '30' } : {}),
        ...(f.spec.env.includes('RUSH_REPORT_INTERVAL_MINUTES')
          ? { RUSH_REPORT_INTERVAL_MINUTES: '90' }
          : {}),
      };
      const actual = Object.fromEntries(
        Object.entries(variables).filter(
          ([name]) => name.startsWith('RUSH_') && name !== 'RUSH_STATE_MACHINE_ARN',
        ),
      );
      expect(actual, f.spec.name).toEqual(expected);
      if (rushTasks.includes(f.spec.name)) expect(Object.keys(actual), f.spec.name).toHaveLength(2);
    }
  });

  it('refuses an invalid working calendar, deadline or rush minutes context at synth', () => {
    expect(() => buildForTest({ context: { rushDecisionMinutes: '0' } })).toThrow(/rushDecisionMinutes/);
    expect(() => buildForTest({ context: { rushReportIntervalMinutes: 'two hours' } })).toThrow(
      /rushReportIntervalMinutes/,
    );
    // R-RUSH-6: windows shorter than 15 minutes are refused at synth as at cold start.
    expect(() => buildForTest({ context: { rushReportIntervalMinutes: 10 } })).toThrow(
      /rushReportIntervalMinutes must be at least 15 minutes/,
    );
    expect(() => buildForTest({ context: { workingCalendar: '{"holidays":["tomorrow"]}' } })).toThrow(
      /workingCalendar/,
    );
    expect(() => buildForTest({ context: { approvalDeadlineHours: '{"ceo":4}' } })).toThrow(
      /approvalDeadlineHours/,
    );
  });

  it('passes the state machine ARNs, user pool id and topic ARN to the functions that name them', () => {
    const byName = new Map(
      STATE_MACHINES.map((m) => [m.arnEnv, { Ref: logicalId(workflowOf(m.name).stateMachine) }]),
    );
    for (const spec of deployed) {
      const vars = functionProps(spec.name).Environment?.Variables ?? {};
      for (const [env, ref] of byName) {
        if (spec.env.includes(env)) expect(vars[env], `${spec.name} ${env}`).toEqual(ref);
      }
      if (spec.env.includes('APPROVAL_TOPIC_ARN')) {
        expect(vars.APPROVAL_TOPIC_ARN, spec.name).toEqual({
          Ref: logicalId(desk.stateless.approvals.topic),
        });
      }
      if (spec.env.includes('STAFF_USER_POOL_ID')) {
        expect(vars.STAFF_USER_POOL_ID, spec.name).toEqual({
          'Fn::ImportValue': expect.stringMatching(/ExportsOutputRefStaffUserPool/),
        });
      }
    }
  });

  it('points PUBLIC_BASE_URL at the CloudFront distribution by default', () => {
    const distributionId = logicalId(desk.stateless.site.distribution);
    expect(functionProps('create-order').Environment.Variables.PUBLIC_BASE_URL).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]],
    });
  });

  it('uses the publicBaseUrl and mailFrom context when given', () => {
    const custom = buildForTest({
      context: { publicBaseUrl: 'https://orders.example.cn/', mailFrom: 'desk@example.cn' },
    });
    // Resolved from the construct tree: no second synthesis needed.
    const variables = custom.stateless.functions.map((f) => {
      const cfn = f.fn.node.defaultChild as CfnFunction;
      return custom.stateless.resolve(cfn.environment).variables as Record<string, unknown>;
    });
    // Not every mailer sends links (report-rush-progress mails staff only): each variable on its own.
    const mailers = variables.filter((v) => 'MAIL_FROM' in v);
    const linkers = variables.filter((v) => 'PUBLIC_BASE_URL' in v);
    expect(mailers).not.toHaveLength(0);
    expect(linkers).not.toHaveLength(0);
    for (const v of mailers) expect(v['MAIL_FROM']).toBe('desk@example.cn');
    for (const v of linkers) expect(v['PUBLIC_BASE_URL']).toBe('https://orders.example.cn');
  });

  it('gives create-order the Cognito issuer to verify optional staff tokens', () => {
    // The stacks have the deployment's region (infra/deployment-env.ts), so it is written out.
    expect(functionProps('create-order').Environment.Variables.JWT_ISSUER).toEqual({
      'Fn::Join': [
        '',
        [
          `https://cognito-idp.${TEST_REGION}.amazonaws.com/`,
          { 'Fn::ImportValue': expect.stringMatching(/StaffUserPool/) },
        ],
      ],
    });
  });
});

describe('permissions', () => {
  it('never lets a read-only function write the table (list-products)', () => {
    const actions = actionsOf('list-products');
    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:PutItem');
    for (const write of TABLE_WRITE_ACTIONS) expect(actions).not.toContain(write);
  });

  it('grants each function only the services its manifest permissions name', () => {
    for (const spec of deployed) {
      const actions = actionsOf(spec.name);
      const has = (p: string) => spec.permissions.includes(p as never);
      const uses = (prefix: string) => actions.some((a) => a.startsWith(prefix));
      const streams = spec.triggers.some((t) => t.kind === 'table-stream');
      expect(uses('dynamodb:'), spec.name).toBe(has('table:read') || has('table:write') || streams);
      expect(
        actions.some((a) => TABLE_WRITE_ACTIONS.includes(a)),
        spec.name,
      ).toBe(has('table:write'));
      expect(uses('ses:'), spec.name).toBe(has('mail:send'));
      // A scheduled function publishes its failed runs to the report alerts topic (onFailure).
      const scheduled = spec.triggers.some((t) => t.kind === 'schedule');
      expect(uses('sns:'), spec.name).toBe(has('sms:send') || has('topic:publish') || scheduled);
      expect(uses('secretsmanager:'), spec.name).toBe(has('tracking-secret:read'));
      expect(uses('states:'), spec.name).toBe(
        has('workflow:start') || has('workflow:callback') || has('workflow:read') || has('workflow:stop'),
      );
      expect(uses('cognito-idp:'), spec.name).toBe(
        has('staff-directory:read') || has('staff-accounts:admin'),
      );
      expect(uses('lambda:'), spec.name).toBe(false);
    }
  });

  it('never grants Scan or a wildcard action', () => {
    for (const spec of deployed) {
      const actions = actionsOf(spec.name);
      expect(actions, spec.name).not.toContain('dynamodb:Scan');
      // Publishing to the ops alert topic (failed report runs) encrypts with its key: the one
      // wildcard action, granted by aws-cdk-lib with sns:Publish on that key only.
      const publishesAlerts = spec.triggers.some((t) => t.kind === 'schedule');
      expect(
        actions.filter((a) => a.includes('*')),
        spec.name,
      ).toEqual(publishesAlerts ? ['kms:GenerateDataKey*'] : []);
    }
  });

  it('attaches no managed policy to function roles', () => {
    for (const f of desk.stateless.functions) {
      const roles = desk.statelessTemplate().findResources('AWS::IAM::Role');
      expect(roles[logicalId(f.fn.role as never)]!.Properties.ManagedPolicyArns, f.spec.name).toBeUndefined();
    }
  });

  it('scopes sending mail to the SES identities of mailFrom', () => {
    const template = desk.statelessTemplate();
    const roleId = logicalId(functionOf('order-received').fn.role as never);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['ses:SendEmail', 'ses:SendRawEmail'],
            Resource: [
              Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':identity/example.com'])] }),
              Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':identity/orders@example.com'])] }),
            ],
          }),
        ]),
      },
    });
  });
});

describe('workflow permissions', () => {
  const machineArns = () => desk.stateless.workflows.map((w) => ({ Ref: logicalId(w.stateMachine) }));

  it('lets the workflow:start functions start executions of every state machine and nothing else', () => {
    const starters = deployed.filter((spec) => spec.permissions.includes('workflow:start'));
    expect(starters.map((s) => s.name)).toContain('order-received');
    for (const spec of starters) {
      expect(resourcesOf(spec.name, 'states:StartExecution'), spec.name).toEqual(
        expect.arrayContaining(machineArns()),
      );
      expect(resourcesOf(spec.name, 'states:StartExecution'), spec.name).toHaveLength(STATE_MACHINES.length);
    }
    for (const spec of deployed.filter((s) => !s.permissions.includes('workflow:start'))) {
      expect(actionsOf(spec.name), spec.name).not.toContain('states:StartExecution');
    }
  });

  it('lets decide-order and approval-link answer a waiting task (SendTask* only support "*")', () => {
    for (const name of ['decide-order', 'approval-link']) {
      for (const action of ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat']) {
        expect(resourcesOf(name, action), `${name} ${action}`).toEqual(['*']);
      }
      expect(actionsOf(name), name).not.toContain('states:StartExecution');
    }
    for (const spec of deployed.filter((s) => !s.permissions.includes('workflow:callback'))) {
      expect(actionsOf(spec.name), spec.name).not.toContain('states:SendTaskSuccess');
    }
  });

  it('lets get-order-workflow read executions of every state machine, and nothing of the table', () => {
    const actions = actionsOf('get-order-workflow');
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('kms:'))).toEqual([]);
    for (const action of ['states:DescribeExecution', 'states:GetExecutionHistory']) {
      const resources = resourcesOf('get-order-workflow', action);
      expect(resources, action).toHaveLength(STATE_MACHINES.length);
      for (const workflow of desk.stateless.workflows) {
        expect(resources, action).toContainEqual({
          'Fn::Join': [
            '',
            expect.arrayContaining([
              ':execution:',
              { 'Fn::GetAtt': [logicalId(workflow.stateMachine), 'Name'] },
              ':*',
            ]),
          ],
        });
      }
    }
    expect(actions).not.toContain('states:StartExecution');
    expect(actions).not.toContain('states:SendTaskSuccess');
  });

  it('lets the workflow tasks list staff of a group in the user pool, and no one else', () => {
    for (const spec of deployed) {
      const resources = resourcesOf(spec.name, 'cognito-idp:ListUsersInGroup');
      const lists = ['staff-directory:read', 'staff-accounts:admin'] as const;
      if (lists.some((p) => spec.permissions.includes(p))) {
        expect(resources, spec.name).toEqual([
          { 'Fn::ImportValue': expect.stringMatching(/ExportsOutputFnGetAttStaffUserPool.*Arn/) },
        ]);
      } else {
        expect(resources, spec.name).toEqual([]);
      }
    }
  });

  it('gives a workflow task no state machine ARN or workflow permission but the stop of other machines (no cycle)', () => {
    const arnEnvs: readonly string[] = STATE_MACHINES.map((m) => m.arnEnv);
    for (const spec of deployed.filter(isTask)) {
      const stops = spec.permissions.includes('workflow:stop');
      expect(
        spec.permissions.filter((p) => p.startsWith('workflow:') && p !== 'workflow:stop'),
        spec.name,
      ).toEqual([]);
      const own = STATE_MACHINES.filter((m) =>
        spec.triggers.some((t) => t.kind === 'workflow-task' && t.stateMachine === m.name),
      ).map((m): string => m.arnEnv);
      const named = spec.env.filter((name) => arnEnvs.includes(name));
      // R-CHG-3: change-step stops the approval, SLA and rush executions, never its own machine's.
      expect(
        named.filter((n) => own.includes(n)),
        spec.name,
      ).toEqual([]);
      if (!stops) expect(named, spec.name).toEqual([]);
    }
    const stopper = deployed.filter((s) => s.permissions.includes('workflow:stop')).map((s) => s.name);
    expect(stopper).toEqual(['change-step']);
  });

  it('gives the workflow tasks no route and no event source: only their state machine invokes them', () => {
    const template = desk.statelessTemplate();
    const taskIds = deployed.filter(isTask).map((spec) => logicalId(functionOf(spec.name).fn));
    expect(taskIds).not.toHaveLength(0);
    const mapped = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map(
      (m) => m.Properties.FunctionName.Ref,
    );
    const integrated = JSON.stringify(template.findResources('AWS::ApiGatewayV2::Integration'));
    for (const id of taskIds) {
      expect(mapped).not.toContain(id);
      expect(integrated).not.toContain(`"${id}"`);
    }
  });
});

describe('state machines', () => {
  const machineProps = (name: string) => {
    const resources = desk.statelessTemplate().findResources('AWS::StepFunctions::StateMachine');
    return resources[logicalId(workflowOf(name).stateMachine)]!.Properties;
  };

  it('builds one Standard state machine per STATE_MACHINES entry', () => {
    const resources = desk.statelessTemplate().findResources('AWS::StepFunctions::StateMachine');
    expect(Object.keys(resources)).toHaveLength(STATE_MACHINES.length);
    for (const machine of STATE_MACHINES) {
      expect(machineProps(machine.name).StateMachineType, machine.name).toBe('STANDARD');
    }
  });

  it('inlines the definition file, so the states are in the template', () => {
    const approval = JSON.parse(machineProps('order-approval').DefinitionString);
    expect(approval.StartAt).toBe('Review');
    expect(Object.keys(approval.States)).toEqual(
      expect.arrayContaining([
        'Review',
        'RequestApproval',
        'Escalate',
        'ApproveOrder',
        'RejectOrder',
        'HoldOrder',
      ]),
    );
    expect(approval.States.RequestApproval.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    const sla = JSON.parse(machineProps('order-sla').DefinitionString);
    expect(Object.keys(sla.States)).toEqual(['WaitForSla', 'CheckSla', 'RecordFailure', 'Failed']);
    const rush = JSON.parse(machineProps('rush-order').DefinitionString);
    expect(rush.StartAt).toBe('Resume');
    expect(Object.keys(rush.States)).toEqual(
      expect.arrayContaining([
        'StartRush',
        'RequestDecision',
        'EscalateRush',
        'AcceptRush',
        'CheckWindow',
        'Delivered',
      ]),
    );
    expect(rush.States.RequestDecision.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
  });

  const arnOf = (name: string) => ({ 'Fn::GetAtt': [logicalId(functionOf(name).fn), 'Arn'] });
  const RUSH_TASKS = ['start-rush', 'escalate-rush', 'accept-rush', 'check-rush-window', 'finish-rush'];

  it('shares request-approval between order-approval and rush-order, substituted in both', () => {
    for (const name of ['order-approval', 'rush-order']) {
      const substitutions = machineProps(name).DefinitionSubstitutions as Record<string, unknown>;
      expect(substitutions['RequestApprovalFunctionArn'], name).toEqual(arnOf('request-approval'));
    }
    expect(machineProps('rush-order').DefinitionSubstitutions).toEqual({
      StartRushFunctionArn: arnOf('start-rush'),
      RequestApprovalFunctionArn: arnOf('request-approval'),
      EscalateRushFunctionArn: arnOf('escalate-rush'),
      AcceptRushFunctionArn: arnOf('accept-rush'),
      CheckRushWindowFunctionArn: arnOf('check-rush-window'),
      FinishRushFunctionArn: arnOf('finish-rush'),
      RecordWorkflowFailureFunctionArn: arnOf('record-workflow-failure'),
    });
    // request-approval is one function, not one per machine.
    expect(desk.stateless.functions.filter((f) => f.spec.name === 'request-approval')).toHaveLength(1);
  });

  it('lets rush-order invoke request-approval, record-workflow-failure and the five rush tasks, and nothing else', () => {
    const roleArn = machineProps('rush-order').RoleArn as { 'Fn::GetAtt': [string, string] };
    const invoked = statementsOfRole(roleArn['Fn::GetAtt'][0])
      .filter((s) => s.Action.includes('lambda:InvokeFunction'))
      .flatMap((s) => s.Resource);
    const expected = ['request-approval', 'record-workflow-failure', ...RUSH_TASKS].map(arnOf);
    expect(invoked).toEqual(expect.arrayContaining(expected));
    expect(invoked).toHaveLength(expected.length);
    const approvalRole = machineProps('order-approval').RoleArn as { 'Fn::GetAtt': [string, string] };
    const approvalInvoked = statementsOfRole(approvalRole['Fn::GetAtt'][0])
      .filter((s) => s.Action.includes('lambda:InvokeFunction'))
      .flatMap((s) => s.Resource);
    expect(approvalInvoked).toContainEqual(arnOf('request-approval'));
    for (const task of RUSH_TASKS) expect(approvalInvoked).not.toContainEqual(arnOf(task));
  });

  it.each(STATE_MACHINES.map((m) => [m.name] as const))(
    '%s substitutes exactly the manifest substitutions with its task function ARNs',
    (name) => {
      const substitutions = machineProps(name).DefinitionSubstitutions as Record<string, unknown>;
      const expected = Object.fromEntries(
        taskSpecsOf(name).flatMap((spec) =>
          spec.triggers
            .filter((t) => t.kind === 'workflow-task' && t.stateMachine === name)
            .map((t) => [
              (t as { substitution: string }).substitution,
              { 'Fn::GetAtt': [logicalId(functionOf(spec.name).fn), 'Arn'] },
            ]),
        ),
      );
      expect(Object.keys(expected)).not.toHaveLength(0);
      expect(substitutions).toEqual(expected);
    },
  );

  it.each(STATE_MACHINES.map((m) => [m.name] as const))(
    '%s may invoke its task functions and nothing else',
    (name) => {
      const roleArn = machineProps(name).RoleArn as { 'Fn::GetAtt': [string, string] };
      const statements = statementsOfRole(roleArn['Fn::GetAtt'][0]);
      const lambda = statements.filter((s) => s.Action.some((a) => a.startsWith('lambda:')));
      expect(lambda.flatMap((s) => s.Action)).toEqual(['lambda:InvokeFunction']);
      const invoked = lambda.flatMap((s) => s.Resource);
      expect(invoked).not.toContain('*');
      expect(invoked).toEqual(
        expect.arrayContaining(
          taskSpecsOf(name).map((spec) => ({ 'Fn::GetAtt': [logicalId(functionOf(spec.name).fn), 'Arn'] })),
        ),
      );
      expect(invoked).toHaveLength(taskSpecsOf(name).length);
      // The rest is CDK's logging and tracing statement, and rush-order's StartExecution of itself
      // (test/infra/resilience.test.ts): no other service.
      const others = statements.filter((s) => s !== lambda[0]).flatMap((s) => s.Action);
      expect(others.filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))).toEqual(
        name === 'rush-order' ? ['states:StartExecution'] : [],
      );
      expect(others.filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
    },
  );

  it('is assumed by Step Functions of this account only', () => {
    const roleArn = machineProps('order-approval').RoleArn as { 'Fn::GetAtt': [string, string] };
    const role = desk.statelessTemplate().findResources('AWS::IAM::Role')[roleArn['Fn::GetAtt'][0]]!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'states.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it.each(STATE_MACHINES.map((m) => [m.name] as const))(
    '%s logs every transition without execution data, and traces with X-Ray',
    (name) => {
      const props = machineProps(name);
      expect(props.LoggingConfiguration).toMatchObject({
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [
          { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } },
        ],
      });
      expect(props.TracingConfiguration).toEqual({ Enabled: true });
      const groupId =
        props.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
      const group = desk.statelessTemplate().findResources('AWS::Logs::LogGroup')[groupId]!;
      expect(group.Properties.LogGroupName).toMatch(/^\/aws\/vendedlogs\/states\//);
      expect(group.Properties.RetentionInDays).toBe(90);
    },
  );
});

describe('approvals topic', () => {
  const topicId = () => logicalId(desk.stateless.approvals.topic);

  it('exists, encrypted with KMS and TLS-only', () => {
    const template = desk.statelessTemplate();
    // The approvals topic and the report alerts topic (test/infra/report-schedules.test.ts).
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':alias/aws/sns'])] }),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('is published to only by request-approval, the one task that announces approval requests', () => {
    const publishers = deployed.filter((spec) =>
      resourcesOf(spec.name, 'sns:Publish').some(
        (r) => JSON.stringify(r) === JSON.stringify({ Ref: topicId() }),
      ),
    );
    expect(publishers.map((s) => s.name)).toEqual(['request-approval']);
  });

  it('refuses Publish from any other principal, even one allowed sns:Publish on "*" (SMS)', () => {
    const policy = Object.values(desk.statelessTemplate().findResources('AWS::SNS::TopicPolicy'))[0]!;
    const deny = (policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]).find(
      (s) => s['Effect'] === 'Deny' && (s['Condition'] as Record<string, unknown>)['ArnNotEquals'],
    ) as { Action: string; Condition: { ArnNotEquals: { 'aws:PrincipalArn': unknown[] } } };
    expect(deny.Action).toBe('sns:Publish');
    const allowed = deny.Condition.ArnNotEquals['aws:PrincipalArn'];
    const taskRoles = deployed
      .filter((spec) => spec.name === 'request-approval')
      .map((spec) => ({ 'Fn::GetAtt': [logicalId(functionOf(spec.name).fn.role as never), 'Arn'] }));
    expect(allowed).toEqual(expect.arrayContaining(taskRoles));
    expect(allowed).toHaveLength(taskRoles.length);
  });
});

describe('HTTP API', () => {
  it('has one route per http trigger, JWT-authorized exactly for staff routes', () => {
    const routes = Object.values(desk.statelessTemplate().findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => [r.Properties.RouteKey, r.Properties.AuthorizationType],
    );
    const expected = httpTriggers.map(({ trigger }) => [
      `${trigger.method} ${trigger.path}`,
      trigger.access.kind === 'staff' ? 'JWT' : 'NONE',
    ]);
    expect(routes.sort()).toEqual(expected.sort());
  });

  it('routes both methods of the emailed approval link without an authorizer', () => {
    const routes = Object.values(desk.statelessTemplate().findResources('AWS::ApiGatewayV2::Route'));
    for (const key of ['GET /approvals/{id}', 'POST /approvals/{id}']) {
      const matching = routes.filter((r) => r.Properties.RouteKey === key);
      expect(matching, key).toHaveLength(1);
      expect(matching[0]!.Properties.AuthorizationType, key).toBe('NONE');
    }
  });

  it('routes the rush-order, shipping and feedback triggers with the right authorization', () => {
    const routes = Object.values(desk.statelessTemplate().findResources('AWS::ApiGatewayV2::Route'));
    const expected: Record<string, string> = {
      'POST /api/rush-orders': 'JWT',
      'POST /api/rush-orders/{id}/progress': 'JWT',
      'POST /api/rush-orders/{id}/review': 'JWT',
      'POST /api/orders/{id}/ship': 'JWT',
      'POST /api/orders/{id}/deliver': 'JWT',
      // The mailed satisfaction link: its signed token is the authorization (R-SEC-3).
      'GET /feedback/{token}': 'NONE',
      'POST /feedback/{token}': 'NONE',
    };
    for (const [key, authorization] of Object.entries(expected)) {
      const matching = routes.filter((r) => r.Properties.RouteKey === key);
      expect(matching, key).toHaveLength(1);
      expect(matching[0]!.Properties.AuthorizationType, key).toBe(authorization);
      if (authorization === 'JWT') expect(matching[0]!.Properties.AuthorizerId, key).toBeDefined();
    }
    // Every /api/rush-orders route is staff-only.
    const rushRoutes = routes.filter((r) => String(r.Properties.RouteKey).includes(' /api/rush-orders'));
    expect(rushRoutes).toHaveLength(3);
    for (const r of rushRoutes) expect(r.Properties.AuthorizationType, r.Properties.RouteKey).toBe('JWT');
  });

  it('checks staff tokens against the user pool issuer and the console client', () => {
    desk.statelessTemplate().hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ 'Fn::ImportValue': Match.stringLikeRegexp('StaffConsole') }],
        Issuer: {
          'Fn::Join': [
            '',
            [
              `https://cognito-idp.${TEST_REGION}.amazonaws.com/`,
              { 'Fn::ImportValue': Match.stringLikeRegexp('StaffUserPool') },
            ],
          ],
        },
      },
    });
  });

  it('throttles the default stage and logs access (R-SEC-3)', () => {
    desk.statelessTemplate().hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: API_THROTTLE.burstLimit,
      },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('table stream consumer', () => {
  it('receives only inserted items that carry notifyPk, in batches of 10', () => {
    const template = desk.statelessTemplate();
    // The other mapping is the robot queue's consumer (docs/robots.md).
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter(
      (m) => !JSON.stringify(m.Properties.EventSourceArn).includes('Robot'),
    );
    expect(mappings).toHaveLength(1);
    const props = mappings[0]!.Properties;
    expect(props).toMatchObject({
      FunctionName: { Ref: logicalId(functionOf('order-received').fn) },
      EventSourceArn: { 'Fn::ImportValue': expect.stringMatching(/StreamArn/) },
      StartingPosition: 'LATEST',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
    });
    expect(JSON.parse(props.FilterCriteria.Filters[0].Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { notifyPk: { S: [{ exists: true }] } } },
    });
  });

  it('parks failed batches in an encrypted, TLS-only dead-letter queue', () => {
    const template = desk.statelessTemplate();
    const [queueId, queue] = Object.entries(template.findResources('AWS::SQS::Queue'))[0]!;
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('static pages', () => {
  it('serves the bucket through origin access control and /api/*, /approvals/*, /feedback/* from the HTTP API, uncached', () => {
    const template = desk.statelessTemplate();
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const apiBehavior = (pathPattern: string, securityHeaders = false) =>
      Match.objectLike({
        PathPattern: pathPattern,
        // The emailed link pages: no framing, no signed URL in a Referer to other sites.
        ResponseHeadersPolicyId: securityHeaders
          ? ResponseHeadersPolicy.SECURITY_HEADERS.responseHeadersPolicyId
          : Match.absent(),
        AllowedMethods: AllowedMethods.ALLOW_ALL.methods,
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        // Forwards the query string (`sig` of approval links), Authorization and the body.
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CacheBehaviors: [
          apiBehavior('/api/*'),
          apiBehavior('/approvals/*', true),
          apiBehavior('/feedback/*', true),
        ],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  it('sends /api/*, /approvals/* and /feedback/* to the same origin, the HTTP API', () => {
    const distribution = Object.values(
      desk.statelessTemplate().findResources('AWS::CloudFront::Distribution'),
    )[0]!;
    const config = distribution.Properties.DistributionConfig;
    const [api, approvals, feedback] = config.CacheBehaviors as { TargetOriginId: string }[];
    expect(approvals!.TargetOriginId).toBe(api!.TargetOriginId);
    expect(feedback!.TargetOriginId).toBe(api!.TargetOriginId);
    expect(config.DefaultCacheBehavior.TargetOriginId).not.toBe(api!.TargetOriginId);
  });

  it('keeps the site bucket private, TLS-only, encrypted and access-logged', () => {
    const template = desk.statelessTemplate();
    const siteId = logicalId(desk.stateless.site.bucket);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'site-bucket/' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: siteId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('publishes web/ and invalidates the distribution', () => {
    desk.statelessTemplate().hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionPaths: ['/*'],
      DistributionId: { Ref: logicalId(desk.stateless.site.distribution) },
    });
  });

  it('publishes config.json with the user pool and client the staff pages sign in with', () => {
    const deployment = Object.values(
      desk.statelessTemplate().findResources('Custom::CDKBucketDeployment'),
    )[0]!;
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    expect(markers).toMatch(/ExportsOutputRefStaffUserPoolD/);
    expect(markers).toMatch(/ExportsOutputRefStaffUserPoolStaffConsole/);
  });

  it('publishes the rush settings the rush pages quote, the defaults unless set (R-RUSH-3, R-RUSH-6)', () => {
    expect(desk.stateless.site.runtimeConfig['rush']).toEqual({ decisionMinutes: 60, intervalMinutes: 120 });
    const custom = buildForTest({ context: { rushDecisionMinutes: '30', rushReportIntervalMinutes: '60' } });
    expect(custom.stateless.site.runtimeConfig['rush']).toEqual({ decisionMinutes: 30, intervalMinutes: 60 });
  });
});

describe('outputs', () => {
  it('exports the URLs and ids a deployer needs', () => {
    const outputs = Object.keys(desk.statelessTemplate().findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'SiteUrl',
        'UserPoolId',
        'UserPoolClientId',
        'TableName',
        'ApprovalTopicArn',
        'OrderApprovalStateMachineArn',
        'OrderSlaStateMachineArn',
        'RushOrderStateMachineArn',
      ]),
    );
  });
});
