/**
 * One entry of `STATE_MACHINES` as a Step Functions Standard state machine (ARCHITECTURE.md
 * "One manifest, read twice"). The definition is the ASL file itself, read from this module's
 * location (STYLE.md 9); its `${…}` placeholders are filled with the ARNs of the manifest's
 * `workflow-task` functions of this machine, so the file and the manifest must agree: a
 * placeholder without a task, or a task the file never names, fails the synth.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  FUNCTIONS,
  type FunctionSpec,
  type STATE_MACHINES,
  type WorkflowTaskTrigger,
} from '#functions/manifest.ts';

export type StateMachineEntry = (typeof STATE_MACHINES)[number];

/** The definition file of a machine, from this module's location (never the working directory). */
export const definitionPath = (machine: StateMachineEntry): string =>
  fileURLToPath(new URL(`../${machine.file}`, import.meta.url));

/** The deployed functions that are a task of `machine`, each with its substitution name. */
export const tasksOf = (machine: StateMachineEntry): { spec: FunctionSpec; trigger: WorkflowTaskTrigger }[] =>
  FUNCTIONS.filter((spec) => !spec.localOnly).flatMap((spec) =>
    spec.triggers
      .filter((t): t is WorkflowTaskTrigger => t.kind === 'workflow-task' && t.stateMachine === machine.name)
      .map((trigger) => ({ spec, trigger })),
  );

export const isWorkflowTask = (spec: FunctionSpec): boolean =>
  spec.triggers.some((t) => t.kind === 'workflow-task');

/** The Step Functions integration a definition uses to start an execution (of itself). */
export const START_EXECUTION = 'arn:aws:states:::states:startExecution';

/** `${Name}` placeholders of an ASL text. */
const placeholdersIn = (asl: string): Set<string> =>
  new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!));

export interface OrderDeskWorkflowProps {
  machine: StateMachineEntry;
  /** The deployed function of each manifest entry, by name (at least every task of this machine). */
  functions: ReadonlyMap<string, IFunction>;
}

export class OrderDeskWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  /** The functions this machine invokes: its role may invoke these and nothing else. */
  readonly taskFunctions: IFunction[];

  constructor(scope: Construct, id: string, { machine, functions }: OrderDeskWorkflowProps) {
    super(scope, id);

    const asl = readFileSync(definitionPath(machine), 'utf8');
    const substitutions: Record<string, string> = {};
    this.taskFunctions = [];
    for (const { spec, trigger } of tasksOf(machine)) {
      const fn = functions.get(spec.name);
      if (!fn) throw new Error(`Task ${spec.name} of ${machine.name} is not deployed`);
      if (trigger.substitution in substitutions) {
        throw new Error(`${machine.name}: two tasks share the substitution ${trigger.substitution}`);
      }
      substitutions[trigger.substitution] = fn.functionArn;
      if (!this.taskFunctions.includes(fn)) this.taskFunctions.push(fn);
    }
    const placeholders = placeholdersIn(asl);
    const unfilled = [...placeholders].filter((p) => !(p in substitutions));
    const unused = Object.keys(substitutions).filter((s) => !placeholders.has(s));
    if (unfilled.length > 0 || unused.length > 0) {
      throw new Error(
        `${machine.file} and the manifest disagree: no workflow-task for ${unfilled.join(', ') || '-'}; ` +
          `not in the definition: ${unused.join(', ') || '-'}`,
      );
    }

    const stack = Stack.of(this);
    const role = new Role(this, 'Role', {
      // Only this account's state machines may assume it (confused-deputy guard).
      assumedBy: new ServicePrincipal('states.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
      description: `Order desk state machine ${machine.name}: invokes its task functions`,
    });
    // The ASL invokes the unqualified function ARNs (Task resources and FunctionName of
    // lambda:invoke.waitForTaskToken), so neither versions (`:*`) nor other functions are needed.
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: this.taskFunctions.map((fn) => fn.functionArn),
      }),
    );

    const logGroup = new LogGroup(this, 'Logs', {
      // The vended-logs prefix keeps CloudWatch Logs' resource policy small (Step Functions docs).
      logGroupName: `/aws/vendedlogs/states/${stack.stackName}-${machine.name}`,
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(asl),
      definitionSubstitutions: substitutions,
      role,
      tracingEnabled: true,
      // Every state transition, but never inputs or outputs: they carry customer data (R-SEC-1).
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });

    // A machine that continues as a new execution of itself (rush-order's ContinueAsNew) may
    // start executions of itself and nothing else. Its own policy, apart from the role's default
    // one: the state machine waits for the role's policies, and this one names the machine.
    if (asl.includes(`"${START_EXECUTION}"`)) {
      new Policy(this, 'ContinueAsNew', {
        roles: [role],
        statements: [
          new PolicyStatement({
            actions: ['states:StartExecution'],
            resources: [this.stateMachine.stateMachineArn],
          }),
        ],
      });
    }

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by aws-cdk-lib for execution logging (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, ' +
        'DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and ' +
        'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets): ' +
        'actions that support no resource-level permissions. lambda:InvokeFunction is limited to the task functions.',
    });
  }
}
