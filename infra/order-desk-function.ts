/**
 * One manifest entry as a Lambda function, with the defaults every function shares (STYLE.md 8):
 * Node 22 on arm64, an ESM bundle built by the local esbuild, X-Ray, a log group with a
 * retention, and a role that holds exactly the manifest's permissions — no managed policies.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { Construct } from 'constructs';
import {
  type EnvName,
  type FunctionSpec,
  functionEntry,
  STATE_MACHINES,
  type StateMachineName,
} from '#functions/manifest.ts';
import { BUNDLE_ALIASES, ESM_REQUIRE_BANNER, MAIN_FIELDS } from './bundling.ts';
import {
  executionArnPatterns,
  type GrantTargets,
  grantPermissions,
  inboundObjectsArn,
  uploadObjectsArn,
} from './permissions.ts';

/** The repository root, from this file's location (never the working directory). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const FUNCTION_DEFAULTS = { memoryMb: 256, timeoutSeconds: 10 } as const;

/** Values of the manifest's environment names, as this deployment provides them. */
export interface EnvironmentValues {
  tableName: string;
  publicBaseUrl: string;
  mailFrom: string;
  trackingSecretArn: string;
  jwtIssuer: string;
  /** The staff console's app client id (`aud` / `client_id` of staff tokens). */
  jwtAudience: string;
  userPoolId: string;
  approvalTopicArn: string;
  /** Undefined while the workflow tasks are built: a state machine needs their ARNs first. */
  stateMachineArns?: Readonly<Record<StateMachineName, string>>;
  /** Optional settings: the variable is left unset when these are (the code has defaults). */
  workingCalendar?: string;
  approvalDeadlineHours?: string;
  /** Minutes, as the decimal string shared/config.ts parses. */
  rushDecisionMinutes?: string;
  rushReportIntervalMinutes?: string;
  /** Email intake (R-INTAKE-6). */
  inboundBucketName: string;
  intakeAddress: string;
  inboundBlocklist?: string;
  inboundDedupeHours?: string;
  /** `REPORT_SCHEDULES` (JSON, shared/reports/schedules.ts); unset, the defaults. */
  reportSchedules?: string;
  /** `REPORT_TIME_ZONE` (IANA); unset, Asia/Shanghai. */
  reportTimeZone?: string;
  /** The robot queue (docs/robots.md). */
  robotQueueUrl: string;
  /** Context `robots` (JSON routing) and the robot webhooks secret, when robots are configured. */
  robots?: string;
  robotSecretsArn?: string;
  /** Days to automatic completion and to archive, as decimal strings; unset, 7 and 30. */
  completeAfterDays?: string;
  archiveAfterDays?: string;
  /** `SPECIAL_REVIEW_QUALITY_ROLE` (R-SPEC-1); unset, production and ops review alone. */
  specialReviewQualityRole?: string;
  /** `ORDERDESK_COMPANY`: the company of the printed documents (context `company`), as JSON. */
  company?: string;
}

/** Manifest name → the variable(s) set on AWS (shared/config.ts reads them). */
const environmentFor = (name: EnvName, v: EnvironmentValues): Record<string, string> => {
  switch (name) {
    case 'TABLE_NAME':
      return { TABLE_NAME: v.tableName };
    case 'PUBLIC_BASE_URL':
      return { PUBLIC_BASE_URL: v.publicBaseUrl };
    case 'MAIL_FROM':
      return { MAIL_FROM: v.mailFrom };
    case 'TRACKING_SECRET':
      // The value stays in Secrets Manager; the handler fetches it at cold start.
      return { TRACKING_SECRET_ARN: v.trackingSecretArn };
    case 'JWT_ISSUER':
      return { JWT_ISSUER: v.jwtIssuer };
    case 'JWT_AUDIENCE':
      return { JWT_AUDIENCE: v.jwtAudience };
    case 'APPROVAL_STATE_MACHINE_ARN':
    case 'SLA_STATE_MACHINE_ARN':
    case 'RUSH_STATE_MACHINE_ARN':
    case 'CLOSE_STATE_MACHINE_ARN':
    case 'CHANGE_STATE_MACHINE_ARN':
      return { [name]: stateMachineArn(name, v) };
    case 'COMPLETE_AFTER_DAYS':
      return v.completeAfterDays === undefined ? {} : { COMPLETE_AFTER_DAYS: v.completeAfterDays };
    case 'ARCHIVE_AFTER_DAYS':
      return v.archiveAfterDays === undefined ? {} : { ARCHIVE_AFTER_DAYS: v.archiveAfterDays };
    case 'STAFF_USER_POOL_ID':
      return { STAFF_USER_POOL_ID: v.userPoolId };
    case 'APPROVAL_TOPIC_ARN':
      return { APPROVAL_TOPIC_ARN: v.approvalTopicArn };
    case 'WORKING_CALENDAR':
      return v.workingCalendar === undefined ? {} : { WORKING_CALENDAR: v.workingCalendar };
    case 'APPROVAL_DEADLINE_HOURS':
      return v.approvalDeadlineHours === undefined
        ? {}
        : { APPROVAL_DEADLINE_HOURS: v.approvalDeadlineHours };
    case 'RUSH_DECISION_MINUTES':
      return v.rushDecisionMinutes === undefined ? {} : { RUSH_DECISION_MINUTES: v.rushDecisionMinutes };
    case 'RUSH_REPORT_INTERVAL_MINUTES':
      return v.rushReportIntervalMinutes === undefined
        ? {}
        : { RUSH_REPORT_INTERVAL_MINUTES: v.rushReportIntervalMinutes };
    case 'INBOUND_BUCKET':
      return { INBOUND_BUCKET: v.inboundBucketName };
    case 'INTAKE_ADDRESS':
      return { INTAKE_ADDRESS: v.intakeAddress };
    case 'INBOUND_BLOCKLIST':
      return v.inboundBlocklist === undefined ? {} : { INBOUND_BLOCKLIST: v.inboundBlocklist };
    case 'INBOUND_DEDUPE_HOURS':
      return v.inboundDedupeHours === undefined ? {} : { INBOUND_DEDUPE_HOURS: v.inboundDedupeHours };
    case 'REPORT_SCHEDULES':
      return v.reportSchedules === undefined ? {} : { REPORT_SCHEDULES: v.reportSchedules };
    case 'REPORT_TIME_ZONE':
      return v.reportTimeZone === undefined ? {} : { REPORT_TIME_ZONE: v.reportTimeZone };
    case 'ROBOT_QUEUE_URL':
      return { ROBOT_QUEUE_URL: v.robotQueueUrl };
    case 'ROBOTS':
      return v.robots === undefined ? {} : { ROBOTS: v.robots };
    case 'ROBOT_SECRETS':
      // The values stay in Secrets Manager; send-robot-alerts fetches them at cold start.
      return v.robotSecretsArn === undefined ? {} : { ROBOT_SECRETS_ARN: v.robotSecretsArn };
    case 'SPECIAL_REVIEW_QUALITY_ROLE':
      return v.specialReviewQualityRole === undefined
        ? {}
        : { SPECIAL_REVIEW_QUALITY_ROLE: v.specialReviewQualityRole };
    case 'ORDERDESK_COMPANY':
      return v.company === undefined ? {} : { ORDERDESK_COMPANY: v.company };
  }
};

function stateMachineArn(name: EnvName, v: EnvironmentValues): string {
  const machine = STATE_MACHINES.find((m) => m.arnEnv === name);
  if (!machine) throw new Error(`${name} names no entry of STATE_MACHINES`);
  if (!v.stateMachineArns) {
    throw new Error(
      `${name} cannot be set on a workflow task: the state machine depends on its task functions, ` +
        'so a task reading its ARN would be a dependency cycle',
    );
  }
  return v.stateMachineArns[machine.name];
}

export interface OrderDeskFunctionProps {
  spec: FunctionSpec;
  environment: EnvironmentValues;
  grants: GrantTargets;
}

export class OrderDeskFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, { spec, environment, grants }: OrderDeskFunctionProps) {
    super(scope, id);
    this.spec = spec;

    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Order desk ${spec.name}: ${spec.permissions.join(', ') || 'no data access'}`,
    });
    // Instead of AWSLambdaBasicExecutionRole (log actions on every group): this group only.
    logGroup.grantWrite(role);
    grantPermissions(this, role, spec.permissions, grants);

    this.fn = new NodejsFunction(this, 'Function', {
      description: spec.description.slice(0, 256),
      entry: `${REPO_ROOT}${functionEntry(spec)}`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb ?? FUNCTION_DEFAULTS.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      environment: {
        ...Object.assign({}, ...spec.env.map((name) => environmentFor(name, environment))),
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        esbuildArgs: Object.fromEntries(
          Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
        ),
        // Bundle the SDK too: the versions in package-lock.json, not the runtime's.
        externalModules: [],
        // The local esbuild; never Docker (no daemon, no network here).
        forceDockerBundling: false,
      },
    });

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to Node.js 22 (supported by Lambda until 2027) by project decision: the runtime changes ' +
        'deliberately, with the local toolchain and tests, not whenever a newer one ships.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: wildcardReason(spec),
    });
    if (spec.permissions.includes('raw-mail:read')) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(this).resolve(inboundObjectsArn(grants)))}]`,
        reason:
          'raw-mail:read is s3:GetObject on the inbound/ prefix of the inbound-mail bucket: objects are named ' +
          'after the SES message id at delivery, so every raw message under that prefix must be readable.',
      });
    }
    if (spec.permissions.includes('uploads:write')) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(this).resolve(uploadObjectsArn(grants)))}]`,
        reason:
          'uploads:write is s3:PutObject/GetObject on the uploads/ prefix of the inbound bucket: each upload is a new ' +
          'object named by a fresh id (R-CHG-1), so the prefix must be writable.',
      });
    }
    if (spec.permissions.includes('uploads:read')) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(this).resolve(uploadObjectsArn(grants)))}]`,
        reason:
          'uploads:read is s3:GetObject on the uploads/ prefix of the inbound bucket: a note names any upload by ' +
          'its id (R-PROC-8), so every object under that prefix must be readable (never written).',
      });
    }
    if (spec.permissions.includes('workflow:stop')) {
      for (const pattern of executionArnPatterns(this, 'workflow:stop', grants)) {
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(this).resolve(pattern))}]`,
          reason:
            'workflow:stop covers the executions of the approval, SLA and rush machines: executions are named ' +
            'after the order id at start, so a cancelled order can be any of them (StopExecution, ' +
            'DescribeExecution; no other action; R-CHG-3).',
        });
      }
    }
    if (spec.permissions.includes('workflow:read')) {
      for (const pattern of executionArnPatterns(this, 'workflow:read', grants)) {
        Validations.of(role).acknowledge({
          // The finding names the ARN as cdk-nag flattens it: `<Logical.Name>`, `<AWS::Region>`, …
          id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(this).resolve(pattern))}]`,
          reason:
            'workflow:read covers the executions of one state machine: executions are named after the order ' +
            "id at start, so the timeline of any order's execution must be readable (DescribeExecution, " +
            'GetExecutionHistory; no other action, no other state machine).',
        });
      }
    }
  }
}

/** Why this role holds `Resource: "*"`: only actions that have no resource-level permissions. */
function wildcardReason(spec: FunctionSpec): string {
  const parts = ['xray:PutTraceSegments/PutTelemetryRecords (active tracing)'];
  if (spec.triggers.some((t) => t.kind === 'table-stream')) {
    parts.push('dynamodb:ListStreams (stream event source)');
  }
  if (spec.permissions.includes('sms:send')) parts.push('sns:Publish to a phone number (SMS)');
  if (spec.permissions.includes('workflow:callback')) {
    parts.push('states:SendTaskSuccess/SendTaskFailure/SendTaskHeartbeat (a task token is no resource)');
  }
  return `Only actions that support no resource-level permissions use "*": ${parts.join('; ')}.`;
}
